#!/usr/bin/env python3
"""Surface points per second with PyTorch: the twin of descent-bench's SurfaceQuick.

Usage: /usr/bin/python3 scripts/bench/surface_vs_torch.py [THREADS] [GRID] [REPEATS]

A 784-128-10 ReLU MLP, 1,000 random samples (one batch), two filter-normalized random directions
(biases get a zero direction, as LL's --xignore biasbn). Each grid point sets the weights to
theta + a*delta + b*eta in place (LL's net_plotter.set_weights), runs the forward pass under
torch.no_grad() in eval mode and computes the mean cross entropy. Two variants:
  direct       the loop above, as LL's plot_surface.py does it;
  linear-head  the first layer's pre-activation precomputed as Z0 + a*Zd + b*Ze (the same
               algebra as Descent's fast path), the rest of the network per point.
Prints the median over repeats of points per second, with torch.set_num_threads(THREADS); with one
thread also points per CPU-second of the main thread (which then does all the work), a measure that
other processes' load does not distort.
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def filter_normalized(weights, gen):
    dirs = []
    for w in weights:
        d = torch.randn(w.shape, generator=gen)
        if w.dim() <= 1:
            d.zero_()
        else:
            for df, wf in zip(d, w):
                df.mul_(wf.norm() / (df.norm() + 1e-10))
        dirs.append(d)
    return dirs


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    grid = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).eval()
    x = torch.rand(1000, 784)
    y = torch.randint(0, 10, (1000,))
    weights = [p.detach().clone() for p in net.parameters()]
    gen = torch.Generator().manual_seed(123)
    dx = filter_normalized(weights, gen)
    dy = filter_normalized(weights, gen)
    coords = torch.linspace(-1, 1, grid).tolist()

    def direct():
        t0 = time.perf_counter()
        c0 = time.thread_time()
        with torch.no_grad():
            for b in coords:
                for a in coords:
                    for p, w, d1, d2 in zip(net.parameters(), weights, dx, dy):
                        p.copy_(w + a * d1 + b * d2)
                    F.cross_entropy(net(x), y).item()
        return grid * grid / (time.perf_counter() - t0), grid * grid / (time.thread_time() - c0)

    def linear_head():
        t0 = time.perf_counter()
        c0 = time.thread_time()
        with torch.no_grad():
            z0 = F.linear(x, weights[0], weights[1])
            zd = F.linear(x, dx[0], dx[1])
            ze = F.linear(x, dy[0], dy[1])
            rest = list(net.parameters())[2:]
            for b in coords:
                for a in coords:
                    for p, w, d1, d2 in zip(rest, weights[2:], dx[2:], dy[2:]):
                        p.copy_(w + a * d1 + b * d2)
                    z = z0 + a * zd + b * ze
                    F.cross_entropy(net[2](net[1](z)), y).item()
        return grid * grid / (time.perf_counter() - t0), grid * grid / (time.thread_time() - c0)

    print(f"torch {torch.__version__}, 784-128-10 MLP, 1000 samples, {grid}x{grid} grid, {threads} threads, median of {repeats}")
    for name, fn in (("direct", direct), ("linear-head", linear_head)):
        fn()  # warm-up
        runs = [fn() for _ in range(repeats)]
        rates = sorted(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        extra = f", {cpu:.1f} points per CPU-second" if threads == 1 else ""
        print(f"{name:12s}: median {statistics.median(rates):8.1f} points/s (min {rates[0]:.1f}, max {rates[-1]:.1f}){extra}")


if __name__ == "__main__":
    main()
