package dev.descent.bench;

import dev.descent.autograd.GradMode;
import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
import dev.descent.nn.Module;
import dev.descent.ops.Losses;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The workloads of {@code descent bench} and of the side-by-side benchmark
 * ({@code scripts/bench/side_by_side.py}, which runs one per fresh JVM through {@link #main} and reads
 * {@code RESULT <median> <unit>} from stdout). The same workloads run in PyTorch in that script:
 * <pre>
 *   gemm N THREADS [f32|f64]      GFLOPS of an N×N×N product
 *   add N THREADS                 GB/s of c = a + b on N floats (12 bytes per element)
 *   copy N THREADS                GB/s of a parallel copy of N floats (8 bytes per element): the
 *                                 memory bandwidth that add is measured against
 *   tinyop                        µs per forward+backward of (x·y).sum() on 10-element tensors
 *   adam N THREADS                ms per Adam step on one tensor of N floats
 *   train MODEL BATCH THREADS     samples/s of a training step (mlp, resnet20, lstm, transformer)
 * </pre>
 */
public final class Quick {
    private Quick() {}

    interface Body {
        void run();
    }

    /** A measured median in {@code unit}; {@code higherIsBetter} tells rates from times. */
    public record Result(double value, String unit, boolean higherIsBetter) {}

    /** Median seconds per call of {@code body} over {@code reps} timed windows of {@code inner} calls. */
    static double medianSeconds(Body body, int warm, int reps, int inner) {
        for (int i = 0; i < warm; i++) {
            body.run();
        }
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                body.run();
            }
            t[r] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /**
     * Median seconds per call in the steady state: calls for 2 s first (the JIT compiles the paths
     * each thread count takes, which a few calls do not reach), then 9 windows of about 50 ms.
     */
    static double steadySeconds(Body body) {
        return steadyWindows(body, 9)[4];
    }

    /** Sorted seconds per call over {@code windows} windows of about 50 ms, after 2 s of calls. */
    static double[] steadyWindows(Body body, int windows) {
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < 2_000_000_000L || calls < 3) {
            body.run();
            calls++;
        }
        double once = (System.nanoTime() - t0) / 1e9 / calls;
        int inner = (int) Math.max(1, 0.05 / once);
        double[] t = new double[windows];
        for (int r = 0; r < windows; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                body.run();
            }
            t[r] = (System.nanoTime() - s) / 1e9 / inner;
        }
        Arrays.sort(t);
        return t;
    }

    public static void main(String[] args) {
        Result r = run(args);
        System.out.printf(java.util.Locale.ROOT, "RESULT %.4g %s%n", r.value(), r.unit());
        if (args[0].equals("train")) {
            printPeakRss();
        }
    }

    /** Runs one workload given as in the class comment, e.g. {@code run("gemm", "1024", "2")}. */
    public static Result run(String... args) {
        String what = args[0];
        return switch (what) {
            case "gemm" -> gemm(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "f32");
            case "add" -> add(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "copy" -> copy(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "tinyop" -> tinyop();
            case "adam" -> adam(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "train" -> train(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown workload " + what);
        };
    }

    static Result gemm(int n, int threads, String type) {
        Parallel.setThreads(threads);
        Gemm.warmUp();
        Generator g = new Generator(1);
        DType dt = type.equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        Tensor a = Tensor.randn(g, dt, n, n);
        Tensor b = Tensor.randn(g, dt, n, n);
        Tensor c = Tensor.zeros(dt, n, n);
        Body body = dt == DType.FLOAT32
                ? () -> Gemm.sgemm(n, n, n, a.storage().floats(), 0, n, 1, b.storage().floats(), 0, n, 1,
                        c.storage().floats(), 0, n, false)
                : () -> Gemm.dgemm(n, n, n, a.storage().doubles(), 0, n, 1, b.storage().doubles(), 0, n, 1,
                        c.storage().doubles(), 0, n, false);
        double s = steadySeconds(body);
        return new Result(2.0 * n * n * n / s / 1e9, "GFLOPS", true);
    }

    static Result add(int n, int threads) {
        Parallel.setThreads(threads);
        Generator g = new Generator(1);
        Tensor a = Tensor.randn(g, DType.FLOAT32, n);
        Tensor b = Tensor.randn(g, DType.FLOAT32, n);
        Tensor c = Tensor.zeros(DType.FLOAT32, n);
        Body body = () -> {
            try (var s = GradMode.noGrad()) {
                c.copy_(a);
                c.add_(b);
            }
        };
        Body fused = Kernels.addInto(a, b, c);
        double s = medianSeconds(fused != null ? fused : body, 5, 15, 5);
        return new Result(12.0 * n / s / 1e9, "GB/s", true);
    }

    /**
     * The memory bandwidth a streaming kernel can reach: {@code c = a} on N floats, cut into chunks of
     * 32K floats run on {@code threads} threads, each an intrinsic array copy. Bytes counted as for
     * add: read plus written (8 per element), not the write-allocate reads of c.
     */
    static Result copy(int n, int threads) {
        Parallel.setThreads(threads);
        float[] a = Tensor.randn(new Generator(1), DType.FLOAT32, n).storage().floats();
        float[] c = new float[n];
        Body body = () -> Parallel.forRange(n, 1 << 15, (s, e) -> System.arraycopy(a, s, c, s, e - s));
        double s = medianSeconds(body, 5, 15, 3);
        return new Result(8.0 * n / s / 1e9, "GB/s", true);
    }

    static Result tinyop() {
        Parallel.setThreads(1);
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT32, 10).requiresGrad_(true);
        Tensor y = Tensor.randn(new Generator(2), DType.FLOAT32, 10).requiresGrad_(true);
        Body body = () -> {
            x.setGrad(null);
            y.setGrad(null);
            x.mul(y).sum().backward();
        };
        double s = medianSeconds(body, 200_000, 15, 20_000);
        return new Result(s * 1e6, "us", false);
    }

    static Result adam(int n, int threads) {
        Parallel.setThreads(threads);
        Generator g = new Generator(1);
        Tensor p = Tensor.randn(g, DType.FLOAT32, n).requiresGrad_(true);
        p.setGrad(Tensor.randn(g, DType.FLOAT32, n).mul(1e-3));
        Optimizer opt = new Optimizer(List.of(p), Adam.withLr(1e-3));
        double s = medianSeconds(opt::step, 5, 15, 3);
        return new Result(s * 1e3, "ms", false);
    }

    /** How long a training workload runs before it is timed; side_by_side.py warms torch as long. */
    static final long TRAIN_WARM_UP_NANOS = 5_000_000_000L;

    static Result train(String model, int batch, int threads) {
        Parallel.setThreads(threads);
        Gemm.warmUp();
        Generator gen = new Generator(0);
        TrainModels.Workload w = TrainModels.create(model, gen);
        Module net = w.net();
        Optimizer opt = new Optimizer(net.namedParameters(), Momentum.of(0.01, 0.9));
        int[] xs = new int[w.exampleShape().length + 1];
        xs[0] = batch;
        System.arraycopy(w.exampleShape(), 0, xs, 1, w.exampleShape().length);
        Tensor x = Tensor.randn(gen, DType.FLOAT32, xs);
        Tensor y = Tensor.randint(gen, DType.FLOAT32, 0, 10, batch);
        Body step = () -> {
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(net.call(x), y);
            loss.backward();
            opt.step();
        };
        boolean small = model.equals("mlp");
        // Warm up for seconds, not a step count: after 4 steps the LSTM's scan and ResNet's conv
        // kernels were still partly interpreted, and a training run lives in the steady state.
        long t0 = System.nanoTime();
        for (int i = 0; i < (small ? 30 : 4) || System.nanoTime() - t0 < TRAIN_WARM_UP_NANOS; i++) {
            step.run();
        }
        double s = medianSeconds(step, 0, 9, small ? 10 : 2);
        return new Result(batch / s, "samples/s", true);
    }

    /** Prints {@code RSS <MiB>}: the process's peak resident set, where Linux reports it. */
    static void printPeakRss() {
        double mib = peakRssMiB();
        if (mib >= 0) {
            System.out.printf(java.util.Locale.ROOT, "RSS %.1f MiB%n", mib);
        }
    }

    /** The process's peak resident set in MiB (VmHWM of /proc/self/status), or -1 where Linux does not report it. */
    public static double peakRssMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Kernel-level entry points: the same contiguous kernel that {@code Tensor.add} runs, without allocation. */
    static final class Kernels {
        private Kernels() {}

        static Body addInto(Tensor a, Tensor b, Tensor c) {
            int n = c.numel();
            return () -> dev.descent.kernel.Elementwise.binary(dev.descent.kernel.BinaryOp.ADD, n,
                    a.storage().floats(), 0, b.storage().floats(), 0, c.storage().floats(), 0);
        }
    }
}
