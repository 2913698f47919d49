#!/usr/bin/python3
"""torch.optim side of the optimizer benchmark: the same setups as dev.descent.bench.OptimizerQuick.

    /usr/bin/python3 scripts/bench/optim_vs_torch.py [steps=30] [threads=1,2]

Prints median and minimum ms per optimizer.step() and effective GB/s (Adam 28 bytes per parameter:
read param, grad, exp_avg, exp_avg_sq, write param, exp_avg, exp_avg_sq; SGD with momentum 20 bytes).
Compare with the Java side run right before or after (the machine is shared: quote ratios, not times).
"""
import sys
import time

import torch

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
threads = [int(t) for t in (sys.argv[2] if len(sys.argv) > 2 else "1,2").split(",")]
print(f"torch {torch.__version__}")
print("algorithm     layout     threads foreach ms/step(median)  min      GB/s(eff.)")
for alg, bpp in (("adam", 28), ("sgd-momentum", 20)):
    for layout in ("1x10M", "100x100k"):
        count = 1 if layout.startswith("1x") else 100
        size = 10_000_000 // count
        g = torch.Generator().manual_seed(1)
        ps = []
        for _ in range(count):
            p = torch.randn(size, generator=g, dtype=torch.float32).requires_grad_(True)
            p.grad = torch.randn(size, generator=g, dtype=torch.float32) * 1e-3
            ps.append(p)
        for foreach in ((False, True) if count > 1 else (False,)):
            if alg == "adam":
                opt = torch.optim.Adam(ps, lr=1e-3, foreach=foreach)
            else:
                opt = torch.optim.SGD(ps, lr=1e-3, momentum=0.9, foreach=foreach)
            for t in threads:
                torch.set_num_threads(t)
                for _ in range(10):
                    opt.step()
                ms = []
                for _ in range(steps):
                    t0 = time.perf_counter()
                    opt.step()
                    ms.append((time.perf_counter() - t0) * 1e3)
                ms.sort()
                med = ms[len(ms) // 2]
                print(f"{alg:<13} {layout:<10} {t:7d} {str(foreach):<7} {med:15.2f} {ms[0]:8.2f} "
                      f"{bpp * 1e7 / (med * 1e6):10.1f}", flush=True)
