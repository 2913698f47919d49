"""Torch's milliseconds per ResNet-20 convolution pass (forward, input gradient, weight gradient) at batch
128, the shapes and names of descent-bench's ConvQuick, for a per-layer comparison:
    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/bench/conv_layers_torch.py [THREADS]
Each figure is the median of 9 windows of 5 calls after 1 s of calls."""
import sys
import time

import torch
import torch.nn.functional as F

NAMES = ["3-16-32-s1", "16-16-32-s1", "16-32-32-s2", "32-32-16-s1", "32-64-16-s2", "64-64-8-s1"]


def seconds(fn):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        fn()
    t = []
    for _ in range(9):
        s = time.perf_counter()
        for _ in range(5):
            fn()
        t.append((time.perf_counter() - s) / 5)
    return sorted(t)[4]


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    torch.manual_seed(7)
    for name in NAMES:
        cin, cout, size, stride = name.split("-")
        cin, cout, size, stride = int(cin), int(cout), int(size), int(stride[1:])
        x = torch.randn(128, cin, size, size, requires_grad=True)
        w = (torch.randn(cout, cin, 3, 3) * 0.1).requires_grad_(True)
        out = (size - 1) // stride + 1
        gy = torch.randn(128, cout, out, out)
        with torch.no_grad():
            fwd = seconds(lambda: F.conv2d(x, w, None, stride, 1))
        y = F.conv2d(x, w, None, stride, 1)
        gin = seconds(lambda: torch.autograd.grad(y, x, gy, retain_graph=True))
        gw = seconds(lambda: torch.autograd.grad(y, w, gy, retain_graph=True))
        both = seconds(lambda: torch.autograd.grad(F.conv2d(x, w, None, stride, 1), (x, w), gy))
        flops = 2.0 * 128 * cout * cin * 9 * out * out
        print(f"TORCH {name:12s} forward {fwd*1e3:6.2f} ms ({flops/fwd/1e9:4.0f} GFLOPS)  grad-input {gin*1e3:6.2f} ms "
              f"({flops/gin/1e9:4.0f})  grad-weight {gw*1e3:6.2f} ms ({flops/gw/1e9:4.0f})  fwd+bwd {both*1e3:6.2f} ms")


if __name__ == "__main__":
    main()
