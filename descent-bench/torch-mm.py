#!/usr/bin/env python3
"""torch.mm GFLOPS at the sizes GemmQuick uses, for side-by-side ratios.

Usage: torch-mm.py [sizes=256,512,1024,2048 | transposed] [threads=1,2] [float|double]
A size is N (a square) or, as GemmQuick takes it, m/n/k[/tA[/tB]], where t marks an operand that is
the transposed view of a contiguous tensor (as in torch.mm(g.t(), x)); `transposed` runs the shapes
of `GemmQuick transposed` (weight gradients of the workloads, each next to its row-major twin).
Prints the median (and min-max) of 7 timings of ~50 ms each after 1 s of warm-up; GFLOPS = 2 m n k / s.
torch.mm on CPU calls the system BLAS: check which one (OPENBLAS_VERBOSE=2 prints OpenBLAS's core
type) and set OPENBLAS_NUM_THREADS to the thread count too, since OpenBLAS ignores torch.set_num_threads.
"""
import statistics
import sys
import time

import torch

TRANSPOSED = ["512/784/128/t", "512/784/128", "128/128/2048/t", "128/128/2048", "512/128/2048/t", "512/128/2048",
              "128/512/2048/t", "128/512/2048", "2048/128/2048/t", "2048/128/2048", "128/2048/2048/t",
              "128/2048/2048", "1024/1024/1024/t", "1024/1024/1024", "1024/1024/1024/n/t", "1024/1024/1024/t/t"]


def operands(spec, dtype):
    """(A, B, label) for a size N or m/n/k[/tA[/tB]]."""
    f = spec.split("/") if "/" in spec else [spec] * 3
    m, n, k = int(f[0]), int(f[1]), int(f[2])
    ta = len(f) > 3 and f[3] == "t"
    tb = len(f) > 4 and f[4] == "t"
    a = (torch.rand(k, m, dtype=dtype) * 2 - 1).t() if ta else torch.rand(m, k, dtype=dtype) * 2 - 1
    b = (torch.rand(n, k, dtype=dtype) * 2 - 1).t() if tb else torch.rand(k, n, dtype=dtype) * 2 - 1
    return a, b, (f"n={m:5d}" if "/" not in spec else ",".join(f))


arg = sys.argv[1] if len(sys.argv) > 1 else "256,512,1024,2048"
specs = TRANSPOSED if arg == "transposed" else arg.split(",")
threads = [int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "1,2").split(",")]
dtype = torch.float64 if (len(sys.argv) > 3 and sys.argv[3].startswith("d")) else torch.float32
runs = 7
for spec in specs:
    a, b, label = operands(spec, dtype)
    c = torch.empty(a.shape[0], b.shape[1], dtype=dtype)
    flops = 2.0 * a.shape[0] * a.shape[1] * b.shape[1]
    for t in threads:
        torch.set_num_threads(t)
        t0 = time.perf_counter()
        reps = 0
        while time.perf_counter() - t0 < 1.0 or reps < 3:
            torch.mm(a, b, out=c)
            reps += 1
        inner = max(1, int(0.05 / ((time.perf_counter() - t0) / reps)))
        g = []
        for _ in range(runs):
            s = time.perf_counter()
            for _ in range(inner):
                torch.mm(a, b, out=c)
            g.append(flops * inner / (time.perf_counter() - s) / 1e9)
        g.sort()
        print(f"torch {dtype} {label:<18} threads={t}  {statistics.median(g):7.1f} GFLOPS  [{g[0]:.1f}-{g[-1]:.1f}]")
