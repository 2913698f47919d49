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
 * default {@code float 1024,2048 1,2 7}: square products. {@code GemmQuick shapes [float|double]
 * [threads] [runs]}: the training shapes of {@link GemmShapesBench}.
 */
public final class GemmQuick {

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
        boolean shapes = args.length > 0 && args[0].equals("shapes");
        String[] rest = shapes ? Arrays.copyOfRange(args, 1, args.length) : args;
        boolean dbl = rest.length > 0 && rest[0].startsWith("d");
        String[] specs;
        String[] sizeArgs = shapes ? new String[0] : (rest.length > 1 ? rest[1] : "1024,2048").split(",");
        if (shapes) {
            specs = GemmShapesBench.class.getField("shape").getAnnotation(Param.class).value();
        } else {
            specs = Arrays.stream(sizeArgs).map(x -> x.trim() + "," + x.trim() + "," + x.trim()).toArray(String[]::new);
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
