#!/usr/bin/env bash
# Issue #5's accuracy checks on the Fashion-MNIST test set, with the figures the README quotes:
#   an MLP 784-256-10 with Adam (torch defaults) for 5 epochs, seeds 0-4;
#   LeNet-5 with Adam and a cosine schedule for 10 epochs, seed 0.
# Needs Debian's dataset-fashion-mnist package. Prints one line per run and a summary; runs go to
# descent-out/accuracy/. Usage: scripts/accuracy/fashion_mnist.sh [SEEDS...]   (default 0 1 2 3 4)
# fashion_mnist_torch.py runs the same MLP setup in PyTorch, for the spread over seeds of torch itself.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/descent-out/accuracy"
[ $# -gt 0 ] || set -- 0 1 2 3 4
accuracy() { sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p'; }

mlp=()
# The runs are this script's own output: a second invocation replaces them (train refuses to overwrite a run).
for seed in "$@"; do
  rm -rf "$OUT/mlp-256-seed$seed"
  acc=$("$ROOT/descent" train --model mlp-256 --data fashion-mnist --optimizer adam --epochs 5 --seed "$seed" \
        --quiet --out "$OUT/mlp-256-seed$seed" | accuracy)
  echo "mlp-256, adam, 5 epochs, seed $seed: test accuracy $acc"
  mlp+=("$acc")
done
rm -rf "$OUT/lenet-seed0"
lenet=$("$ROOT/descent" train --model lenet --data fashion-mnist --optimizer adam --epochs 10 --lr-schedule cosine \
        --seed 0 --quiet --out "$OUT/lenet-seed0" | accuracy)
echo "lenet, adam + cosine, 10 epochs, seed 0: test accuracy $lenet"
printf '%s\n' "${mlp[@]}" | sort -n | awk '{a[NR]=$1} END {printf "mlp-256: min %.4f, median %.4f, max %.4f over %d seeds (target >= 0.87)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
awk -v x="$lenet" 'BEGIN {printf "lenet: %.4f (target >= 0.89)\n", x}'
