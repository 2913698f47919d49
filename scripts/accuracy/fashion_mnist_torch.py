#!/usr/bin/env python3
"""PyTorch's result on the setup of scripts/accuracy/fashion_mnist.sh's MLP: 784-256-10 with ReLU, torch's default
initialisation, Adam with torch's defaults (lr 1e-3), batch 64, pixels scaled to [0, 1], reshuffled every epoch, 5
epochs, test accuracy after the last epoch. It shows what the 0.87 target means for this setup: how far the seeds
spread for torch itself. Needs Debian's python3-torch and dataset-fashion-mnist.
Usage: /usr/bin/python3 scripts/accuracy/fashion_mnist_torch.py [SEEDS...]   (default 0 1 2 3 4)"""
import gzip
import os
import struct
import sys

import numpy as np
import torch

DATA = os.environ.get("DESCENT_DATA", "/usr/share/datasets") + "/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name + ".gz"), "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    dims = [struct.unpack(">I", raw[4 + 4 * i: 8 + 4 * i])[0] for i in range(magic & 0xFF)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def main(seeds):
    torch.set_num_threads(2)
    xtr = torch.tensor(idx("train-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255
    ytr = torch.tensor(idx("train-labels-idx1-ubyte"), dtype=torch.long)
    xte = torch.tensor(idx("t10k-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255
    yte = torch.tensor(idx("t10k-labels-idx1-ubyte"), dtype=torch.long)
    accs = []
    for seed in seeds:
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
        opt = torch.optim.Adam(model.parameters())
        for _ in range(5):
            order = torch.randperm(len(xtr))
            for i in range(0, len(xtr), 64):
                b = order[i:i + 64]
                opt.zero_grad()
                torch.nn.functional.cross_entropy(model(xtr[b]), ytr[b]).backward()
                opt.step()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        accs.append(acc)
        print(f"torch mlp-256, adam, 5 epochs, seed {seed}: test accuracy {acc:.4f}", flush=True)
    accs.sort()
    print(f"torch mlp-256: min {accs[0]:.4f}, median {accs[len(accs) // 2]:.4f}, max {accs[-1]:.4f} over {len(accs)} seeds")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [0, 1, 2, 3, 4])
