package dev.descent.bench;

import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Param;

/**
 * Quick GEMM timing for tuning, without JMH: for each size (or training shape) and thread count, warms
 * up, then prints the median (and min-max) GFLOPS of several runs. GFLOPS = 2*m*n*k / seconds / 1e9.
 *
 * <p>Usage: {@code GemmQuick [float|double] [sizes, comma-separated] [threads, comma-separated] [runs]},
 * default {@code float 1024,2048 1,2 7}: square products. A size may also be a whole
 * {@link GemmShape} with slashes for commas, e.g. {@code 512/784/128/t}. {@code GemmQuick shapes
 * [float|double] [threads] [runs]}: the training shapes of {@link GemmShapesBench}.
 * {@code GemmQuick transposed [float|double] [threads] [runs]}: the weight-gradient products of the
 * workloads ({@link #TRANSPOSED}), each with A transposed as Linear's backward passes it and with A
 * row-major, so that the two layouts are compared in one run.
 */
public final class GemmQuick {

    /**
     * Weight gradients {@code dW = g^T x} (A = g^T, a transposed view) of the workloads: MLP (784-512
     * at batch 128), Transformer and LSTM (2048 tokens; widths 128, 512 and the Transformer's
     * feed-forward 2048), a square, and the square with B transposed. Each is followed by its twin
     * with A row-major.
     */
    static final String[] TRANSPOSED = {
        "512,784,128,t", "512,784,128",
        "128,128,2048,t", "128,128,2048",
        "512,128,2048,t", "512,128,2048",
        "128,512,2048,t", "128,512,2048",
        "2048,128,2048,t", "2048,128,2048",
        "128,2048,2048,t", "128,2048,2048",
        "1024,1024,1024,t", "1024,1024,1024",
        "1024,1024,1024,n,t", "1024,1024,1024,t,t",
    };

    private GemmQuick() {
    }

    /**
     * Runs the timing.
     *
     * @param args precision, sizes, thread counts and run count, all optional; or {@code shapes} first
     */
    public static void main(String[] args) throws NoSuchFieldException {
        // Time the vector kernels, not the scalar twin that GEMM runs while the JIT compiles them.
        boolean vector = Gemm.warmUp();
        boolean transposed = args.length > 0 && args[0].equals("transposed");
        boolean shapes = transposed || args.length > 0 && args[0].equals("shapes");
        String[] rest = shapes ? Arrays.copyOfRange(args, 1, args.length) : args;
        boolean dbl = rest.length > 0 && rest[0].startsWith("d");
        String[] specs;
        String[] sizeArgs = shapes ? new String[0] : (rest.length > 1 ? rest[1] : "1024,2048").split(",");
        if (transposed) {
            specs = TRANSPOSED;
        } else if (shapes) {
            specs = GemmShapesBench.class.getField("shape").getAnnotation(Param.class).value();
        } else {
            specs = Arrays.stream(sizeArgs).map(String::trim)
                    .map(x -> x.contains("/") ? x.replace('/', ',') : x + "," + x + "," + x).toArray(String[]::new);
        }
        int[] threads = parse(rest.length > (shapes ? 1 : 2) ? rest[shapes ? 1 : 2] : "1,2");
        int runs = rest.length > (shapes ? 2 : 3) ? Integer.parseInt(rest[shapes ? 2 : 3]) : 7;
        System.out.printf("%s gemm (%s kernels), %d runs per point, median GFLOPS [min-max], load %s%n",
                dbl ? "double" : "float", vector ? "vector" : "scalar", runs, load());
        for (String spec : specs) {
            GemmShape shape = GemmShape.parse(spec);
            GemmShape.Operands product = shape.operands(dbl, 42);
            for (int t : threads) {
                Parallel.setThreads(t);
                double[] g = time(product, shape.flops(), runs);
                System.out.printf("%-24s threads=%d  %7.1f GFLOPS  [%.1f-%.1f]%n", spec, t, g[runs / 2], g[0], g[runs - 1]);
            }
        }
    }

    /** Sorted GFLOPS of {@code runs} timings of about 50 ms each, after 2 s of warm-up. */
    private static double[] time(GemmShape.Operands product, double flops, int runs) {
        double[] seconds = Quick.steadyWindows(product::run, runs);
        double[] g = new double[runs];
        for (int r = 0; r < runs; r++) {
            g[r] = flops / seconds[runs - 1 - r] / 1e9;
        }
        return g;
    }

    /** The one-minute load average, so that a reader can judge how noisy the numbers are. */
    private static String load() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format("%.2f", l);
    }

    private static int[] parse(String s) {
        return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    }
}
