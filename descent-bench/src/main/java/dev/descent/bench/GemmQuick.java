package dev.descent.bench;

import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Quick GEMM timing for tuning, without JMH: for each size and thread count, warms up, then prints
 * the median (and min-max) GFLOPS of several runs. GFLOPS = 2*n^3 / seconds / 1e9.
 *
 * <p>Usage: {@code GemmQuick [float|double] [sizes, comma-separated] [threads, comma-separated] [runs]},
 * default {@code float 1024,2048 1,2 7}.
 */
public final class GemmQuick {

    private GemmQuick() {
    }

    /**
     * Runs the timing.
     *
     * @param args precision, sizes, thread counts and run count, all optional
     */
    public static void main(String[] args) {
        // Time the vector kernels, not the scalar twin that GEMM runs while the JIT compiles them.
        boolean vector = Gemm.warmUp();
        boolean dbl = args.length > 0 && args[0].startsWith("d");
        int[] sizes = parse(args.length > 1 ? args[1] : "1024,2048");
        int[] threads = parse(args.length > 2 ? args[2] : "1,2");
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        System.out.printf("%s gemm (%s kernels), %d runs per point, median GFLOPS [min-max]%n",
                dbl ? "double" : "float", vector ? "vector" : "scalar", runs);
        for (int n : sizes) {
            SplittableRandom rnd = new SplittableRandom(42);
            float[] fa = new float[n * n], fb = new float[n * n], fc = new float[n * n];
            double[] da = dbl ? new double[n * n] : null, db = dbl ? new double[n * n] : null, dc = dbl ? new double[n * n] : null;
            for (int i = 0; i < n * n; i++) {
                fa[i] = (float) rnd.nextDouble(-1, 1);
                fb[i] = (float) rnd.nextDouble(-1, 1);
                if (dbl) {
                    da[i] = fa[i];
                    db[i] = fb[i];
                }
            }
            for (int t : threads) {
                Parallel.setThreads(t);
                double flops = 2.0 * n * n * n;
                // Enough repetitions per timing to last about 50 ms, and warm-up of 2 s.
                long t0 = System.nanoTime();
                int reps = 0;
                while (System.nanoTime() - t0 < 2_000_000_000L || reps < 3) {
                    run(dbl, n, fa, fb, fc, da, db, dc);
                    reps++;
                }
                double once = (System.nanoTime() - t0) / 1e9 / reps;
                int inner = (int) Math.max(1, 0.05 / once);
                double[] g = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long s = System.nanoTime();
                    for (int i = 0; i < inner; i++) {
                        run(dbl, n, fa, fb, fc, da, db, dc);
                    }
                    g[r] = flops * inner / ((System.nanoTime() - s) / 1e9) / 1e9;
                }
                Arrays.sort(g);
                System.out.printf("n=%5d threads=%d  %7.1f GFLOPS  [%.1f-%.1f]%n", n, t, g[runs / 2], g[0], g[runs - 1]);
            }
        }
    }

    private static void run(boolean dbl, int n, float[] fa, float[] fb, float[] fc, double[] da, double[] db, double[] dc) {
        if (dbl) {
            Gemm.dgemm(n, n, n, da, 0, n, 1, db, 0, n, 1, dc, 0, n, false);
        } else {
            Gemm.sgemm(n, n, n, fa, 0, n, 1, fb, 0, n, 1, fc, 0, n, false);
        }
    }

    private static int[] parse(String s) {
        return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    }
}
