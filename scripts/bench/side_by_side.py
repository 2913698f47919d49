#!/usr/bin/python3
"""Descent next to PyTorch on this machine: the same workloads, same thread count, alternating runs.

    /usr/bin/python3 scripts/bench/side_by_side.py [--rounds 3] [--only gemm,add,...]
        [--torch-setups default,passive,blas1]

Each round runs the Java side (a fresh JVM: `dev.descent.bench.Quick`, median of its own repeated
windows) and then the torch side (a fresh process per thread setup, median of repeated windows; the
best setup is kept, see TORCH_SETUPS), so both see the same machine state. The table shows medians
over rounds and the speed-up of Descent over torch (>1 means Descent is faster, for rates and times
alike), each side's peak resident set (VmHWM of its fresh process, median over rounds) and the torch
setup that won most rounds. `--only` matches the Quick workload name or part of
the row name, e.g. `--only MLP,LSTM,Transformer,tinyop`. Needs Debian's python3-torch
(`apt-get install python3-torch`), which serves /usr/bin/python3. Build the Java side first:
`./mvnw -B -ntp -pl descent-bench -am package -DskipTests`.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def java_home():
    for cand in [os.environ.get("JAVA_HOME", "")] + sorted(glob.glob("/usr/lib/jvm/*"), reverse=True):
        java = os.path.join(cand, "bin", "java")
        if cand and os.path.exists(java):
            out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
            if '"25' in out or '"26' in out or '"27' in out:
                return cand
    sys.exit("no JDK 25 found")


JAVA = os.path.join(java_home(), "bin", "java")
CP = os.path.join(ROOT, "descent-bench/target/descent-bench-0.1.0-SNAPSHOT.jar") + ":" + os.path.join(
    ROOT, "descent-bench/target/lib/*")


# The collector and heap of the Java side: bin/jvm-options, which the ./descent launcher reads too (the
# measurements behind them are noted there); DESCENT_JVM_FLAGS replaces them.
def jvm_options():
    with open(os.path.join(ROOT, "bin", "jvm-options")) as f:
        return [word for line in f for word in line.split("#", 1)[0].split()]


JVM_FLAGS = os.environ["DESCENT_JVM_FLAGS"].split() if "DESCENT_JVM_FLAGS" in os.environ else jvm_options()


def peak_rss_mib(text):
    """The `RSS <MiB>` line a workload prints at its end, or None."""
    for line in text.splitlines():
        if line.startswith("RSS "):
            return float(line.split()[1])
    return None


def run_java(args):
    """(result, peak RSS in MiB or None) of one workload in a fresh JVM."""
    out = subprocess.run([JAVA, "--add-modules=jdk.incubator.vector"] + JVM_FLAGS + ["-cp", CP,
                          "dev.descent.bench.Quick"] + [str(a) for a in args],
                         capture_output=True, text=True, timeout=900)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT"):
            return float(line.split()[1]), peak_rss_mib(out.stdout)
    raise RuntimeError("java failed: " + out.stdout + out.stderr)


def median_seconds(fn, warm, reps, inner):
    for _ in range(warm):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        ts.append((time.perf_counter() - t0) / inner)
    return statistics.median(ts)


def steady_seconds(fn):
    """As Quick.steadySeconds on the Java side: 2 s of calls first, then 9 windows of about 50 ms."""
    t0, calls = time.perf_counter(), 0
    while time.perf_counter() - t0 < 2.0 or calls < 3:
        fn()
        calls += 1
    once = (time.perf_counter() - t0) / calls
    return median_seconds(fn, 0, 9, max(1, int(0.05 / once)))


def torch_gemm(n, threads):
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    c = torch.empty(n, n)
    s = steady_seconds(lambda: torch.mm(a, b, out=c))
    return 2.0 * n ** 3 / s / 1e9


def torch_add(n, threads):
    torch.set_num_threads(threads)
    a, b = torch.randn(n), torch.randn(n)
    c = torch.empty(n)
    s = median_seconds(lambda: torch.add(a, b, out=c), 5, 15, 5)
    return 12.0 * n / s / 1e9


def torch_copy(n, threads):
    """Memory bandwidth as a parallel copy, bytes read plus written, as Quick's `copy`."""
    torch.set_num_threads(threads)
    a, c = torch.randn(n), torch.empty(n)
    return 8.0 * n / median_seconds(lambda: c.copy_(a), 5, 15, 3) / 1e9


def torch_tinyop():
    torch.set_num_threads(1)
    x = torch.randn(10, requires_grad=True)
    y = torch.randn(10, requires_grad=True)

    def body():
        x.grad = None
        y.grad = None
        (x * y).sum().backward()
    return median_seconds(body, 2000, 15, 2000) * 1e6


def torch_adam(n, threads):
    torch.set_num_threads(threads)
    p = torch.randn(n, requires_grad=True)
    p.grad = torch.randn(n) * 1e-3
    opt = torch.optim.Adam([p], lr=1e-3)
    return median_seconds(opt.step, 5, 15, 3) * 1e3


def torch_train(model, batch, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    nn = torch.nn
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        x = torch.randn(batch, 784)
    elif model == "resnet20":
        net = resnet20()
        x = torch.randn(batch, 3, 32, 32)
    elif model == "lstm":
        net = LstmClassifier()
        x = torch.randn(batch, 50, 32)
    elif model == "transformer":
        net = EncoderClassifier()
        x = torch.randn(batch, 64, 128)
    else:
        raise ValueError(model)
    net.train()
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()
        opt.step()
    small = model == "mlp"
    # As long a warm-up as Quick.train's (TRAIN_WARM_UP_NANOS), which the JVM's JIT needs.
    start = time.perf_counter()
    warm = 0
    while warm < (30 if small else 4) or time.perf_counter() - start < 5.0:
        step()
        warm += 1
    return batch / median_seconds(step, 0, 9, 10 if small else 2)


class LstmClassifier(torch.nn.Module):
    """nn.LSTM(32, 128, batch_first=True) and nn.Linear(128, 10) on the last step's output."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(32, 128, batch_first=True)
        self.fc = torch.nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


class EncoderClassifier(torch.nn.Module):
    """One nn.TransformerEncoderLayer(128, 4) with torch's defaults (feed-forward 2048, dropout 0.1,
    ReLU, post-norm), batch-first, mean over the sequence, nn.Linear(128, 10)."""

    def __init__(self):
        super().__init__()
        self.layer = torch.nn.TransformerEncoderLayer(128, 4, batch_first=True)
        self.head = torch.nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.layer(x).mean(1))


def resnet20():
    import torch.nn as nn
    import torch.nn.functional as F

    class Block(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.pad = cout - cin
            self.stride = stride

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            sc = x
            if self.stride != 1 or self.pad:
                sc = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad // 2, self.pad // 2))
            return F.relu(out + sc)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            layers, cin = [], 16
            for cout, stride in ((16, 1), (32, 2), (64, 2)):
                for i in range(3):
                    layers.append(Block(cin, cout, stride if i == 0 else 1))
                    cin = cout
            self.layers = nn.Sequential(*layers)
            self.fc = nn.Linear(64, 10)

        def forward(self, x):
            x = F.relu(self.bn1(self.conv1(x)))
            x = self.layers(x)
            return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))
    return Net()


def threads_of(jargs):
    return {"gemm": lambda: jargs[2], "add": lambda: jargs[2], "copy": lambda: jargs[2], "tinyop": lambda: 1,
            "adam": lambda: jargs[2], "train": lambda: jargs[3]}[jargs[0]]()


WORKLOADS = [
    # name, java args, torch fn, unit, higher is better
    ("sgemm 1024, 2 threads", ["gemm", 1024, 2], lambda: torch_gemm(1024, 2), "GFLOPS", True),
    ("sgemm 2048, 2 threads", ["gemm", 2048, 2], lambda: torch_gemm(2048, 2), "GFLOPS", True),
    ("sgemm 1024, 1 thread", ["gemm", 1024, 1], lambda: torch_gemm(1024, 1), "GFLOPS", True),
    ("add 16M floats, 2 threads", ["add", 1 << 24, 2], lambda: torch_add(1 << 24, 2), "GB/s", True),
    ("bandwidth: copy 64M floats, 2 threads", ["copy", 1 << 26, 2], lambda: torch_copy(1 << 26, 2), "GB/s", True),
    ("tiny op fwd+bwd (10 elements)", ["tinyop"], torch_tinyop, "us", False),
    ("Adam step, 10M params, 2 threads", ["adam", 10_000_000, 2], lambda: torch_adam(10_000_000, 2), "ms", False),
    ("MLP 784-512-512-10 train, batch 128, 2 threads", ["train", "mlp", 128, 2], lambda: torch_train("mlp", 128, 2),
     "samples/s", True),
    ("LSTM 32-128 seq 50 train, batch 64, 2 threads", ["train", "lstm", 64, 2], lambda: torch_train("lstm", 64, 2),
     "samples/s", True),
    ("Transformer layer d128 seq 64 train, batch 32, 2 threads", ["train", "transformer", 32, 2],
     lambda: torch_train("transformer", 32, 2), "samples/s", True),
    ("ResNet-20 train, batch 128, 2 threads", ["train", "resnet20", 128, 2], lambda: torch_train("resnet20", 128, 2),
     "samples/s", True),
]


# How torch's two thread pools are set up. Debian's torch runs its own ops on OpenMP threads and its matrix
# products on OpenBLAS's pthreads; with both at 2 threads on 2 cores, OpenMP's threads spin-wait while
# OpenBLAS's want the cores, and training runs 2-4x slower than it can (measured 11:24 on 2026-11-29, 2 threads,
# samples/s: MLP 3,775 default / 13,578 passive / 10,431 blas1; LSTM 456 / 1,341 / 1,866; Transformer
# 81 / 73 / 112; ResNet-20 319 / 362 / 307). Each round runs every setup and keeps torch's best, so Descent
# is compared with torch as well as it can run here, not with its worst.
TORCH_SETUPS = {
    "default": {},
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},
    "blas1": {"OPENBLAS_NUM_THREADS": "1"},
}


def run_torch(index, threads, setup):
    """The torch side in its own process, so that OpenBLAS's own thread pool gets the same thread
    count (OPENBLAS_NUM_THREADS is read once at load) and OPENBLAS_CORETYPE/L2_SIZE, which this
    workplace sets for old OpenBLAS builds and which slow a current one, are unset."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["OMP_NUM_THREADS"] = str(threads)
    env.update(TORCH_SETUPS[setup])
    out = subprocess.run(["/usr/bin/python3", __file__, "--torch-one", str(index)], capture_output=True, text=True,
                         env=env, timeout=900)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT"):
            return float(line.split()[1]), peak_rss_mib(out.stdout)
    raise RuntimeError("torch side failed: " + out.stdout + out.stderr)


def run_torch_best(index, threads, setups, higher):
    """(best result, its peak RSS, the setup that gave it) over the thread setups; with one thread the
    setups do not differ, so only the default runs."""
    best = None
    for setup in (setups if threads > 1 else ["default"]):
        t, rss = run_torch(index, threads, setup)
        if best is None or (t > best[0] if higher else t < best[0]):
            best = (t, rss, setup)
    return best


def torch_peak_rss_mib():
    """This process's peak resident set (VmHWM) in MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def blas_note():
    try:
        real = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    except OSError:
        return
    if "openblas" not in real:
        print(f"warning: torch's BLAS is {real} (reference BLAS, very slow); for a fair comparison run\n"
              "  update-alternatives --set libblas.so.3-x86_64-linux-gnu "
              "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--torch-one", type=int, default=-1)
    ap.add_argument("--torch-setups", default=",".join(TORCH_SETUPS),
                    help="torch thread setups to try each round, best kept: " + ", ".join(TORCH_SETUPS))
    args = ap.parse_args()
    setups = [x for x in args.torch_setups.split(",") if x]
    for x in setups:
        if x not in TORCH_SETUPS:
            ap.error(f"unknown torch setup {x!r}; known: {', '.join(TORCH_SETUPS)}")
    if args.torch_one >= 0:
        print(f"RESULT {WORKLOADS[args.torch_one][2]()}")
        print(f"RSS {torch_peak_rss_mib():.1f} MiB")
        return
    blas_note()
    only = [w for w in args.only.split(",") if w]
    print(f"torch {torch.__version__}, {os.cpu_count()} cores, {args.rounds} rounds, JVM flags {' '.join(JVM_FLAGS)}",
          file=sys.stderr)
    rows = []
    for index, (name, jargs, tfn, unit, higher) in enumerate(WORKLOADS):
        if only and jargs[0] not in only and not any(o in name for o in only):
            continue
        js, ts, jm, tm, won = [], [], [], [], []
        for r in range(args.rounds):
            j, jr = run_java(jargs)
            t, tr, setup = run_torch_best(index, threads_of(jargs), setups, higher)
            js.append(j)
            ts.append(t)
            jm.append(jr)
            tm.append(tr)
            won.append(setup)
            print(f"  {name}: round {r + 1}: descent {j:.3g}, torch {t:.3g} {unit} ({setup}); peak RSS "
                  f"{fmt_mib(jr)} vs {fmt_mib(tr)} MiB", file=sys.stderr)
        j, t = statistics.median(js), statistics.median(ts)
        ratio = j / t if higher else t / j
        rows.append((name, j, t, unit, ratio, median_or_none(jm), median_or_none(tm),
                     max(set(won), key=won.count)))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}", file=sys.stderr)
    print("| workload | Descent | PyTorch | unit | Descent speed-up | peak RSS MiB Descent / PyTorch | torch setup |")
    print("| --- | ---: | ---: | --- | ---: | ---: | --- |")
    for name, j, t, unit, ratio, jr, tr, setup in rows:
        print(f"| {name} | {j:.3g} | {t:.3g} | {unit} | {ratio:.2f}× | {fmt_mib(jr)} / {fmt_mib(tr)} | {setup} |")
    by_kind = {r[0].split()[0].rstrip(":"): r for r in rows}
    if "add" in by_kind and "bandwidth" in by_kind:
        add, copy = by_kind["add"], by_kind["bandwidth"]
        print(f"\nadd as a share of measured copy bandwidth: Descent {add[1] / copy[1]:.0%}, "
              f"PyTorch {add[2] / copy[2]:.0%} (each side's own copy)")


def median_or_none(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_mib(v):
    return "-" if v is None else f"{v:.0f}"

if __name__ == "__main__":
    main()
