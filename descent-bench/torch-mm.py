#!/usr/bin/env python3
"""torch.mm GFLOPS at the sizes GemmQuick uses, for side-by-side ratios.

Usage: torch-mm.py [sizes=256,512,1024,2048] [threads=1,2] [float|double]
Prints the median (and min-max) of 7 timings of ~50 ms each after 1 s of warm-up; GFLOPS = 2 n^3 / s.
torch.mm on CPU calls the system BLAS: check which one (OPENBLAS_VERBOSE=2 prints OpenBLAS's core
type) and set OPENBLAS_NUM_THREADS to the thread count too, since OpenBLAS ignores torch.set_num_threads.
"""
import statistics
import sys
import time

import torch

sizes = [int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "256,512,1024,2048").split(",")]
threads = [int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "1,2").split(",")]
dtype = torch.float64 if (len(sys.argv) > 3 and sys.argv[3].startswith("d")) else torch.float32
runs = 7
for n in sizes:
    a = torch.rand(n, n, dtype=dtype) * 2 - 1
    b = torch.rand(n, n, dtype=dtype) * 2 - 1
    c = torch.empty(n, n, dtype=dtype)
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
            g.append(2.0 * n ** 3 * inner / (time.perf_counter() - s) / 1e9)
        g.sort()
        print(f"torch {dtype} n={n:5d} threads={t}  {statistics.median(g):7.1f} GFLOPS  [{g[0]:.1f}-{g[-1]:.1f}]")
