package dev.descent.bench;

import dev.descent.kernel.BinaryOp;
import dev.descent.kernel.Elementwise;
import dev.descent.kernel.Reduce;
import dev.descent.kernel.UnaryOp;
import java.util.Arrays;
import java.util.Locale;

/**
 * A quick bandwidth check for tuning, without JMH: elementwise add (and, for comparison in the same
 * run, a plain copy, fma, relu and sum) on 16M floats, on 1 and 2 kernel threads. Each figure is the
 * median of 9 timed runs of 5 calls after a warm-up; bytes are counted as in {@link ElementwiseBench}
 * (add: 12 bytes per element, read a and b, write out; write-allocate traffic not counted). The copy
 * line ({@code System.arraycopy}, 8 bytes per element, split over the same threads) is the machine's
 * reference: quote ratios to it, since the machine is shared and noisy.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "descent-bench/target/classes:descent-bench/target/lib/*" \
 *     dev.descent.bench.ElementwiseQuick
 * </pre>
 */
public final class ElementwiseQuick {

    private static final int N = 16 * 1024 * 1024;
    private static final int RUNS = 9;
    private static final int CALLS = 5;

    private ElementwiseQuick() {}

    public static void main(String[] args) {
        int[] threadCounts = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        float[] a = new float[N];
        float[] b = new float[N];
        float[] c = new float[N];
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = (i % 1000) * 0.001f - 0.5f;
            b[i] = (i % 777) * 0.002f;
            c[i] = 1;
        }
        System.out.printf(Locale.ROOT, "ElementwiseQuick: n = %d floats, median of %d runs x %d calls, GB/s = bytes read+written / time%n", N, RUNS, CALLS);
        for (int t : threadCounts) {
            KernelThreads.set(t);
            double[] copy = gbps(8L * N, () -> copy(a, out, t));
            double[] add = gbps(12L * N, () -> Elementwise.binary(BinaryOp.ADD, N, a, 0, b, 0, out, 0));
            double[] fma = gbps(16L * N, () -> Elementwise.fma(N, a, 0, b, 0, c, 0, out, 0));
            double[] relu = gbps(8L * N, () -> Elementwise.unary(UnaryOp.RELU, 0, 0, N, a, 0, out, 0));
            double[] sum = gbps(4L * N, () -> Reduce.sum(N, a, 0));
            System.out.printf(Locale.ROOT, "threads %d: add %.1f GB/s (%.0f%% of copy; best %.1f) | copy %.1f (best %.1f) | fma %.1f | relu %.1f | sum %.1f%n",
                    t, add[0], 100 * add[0] / copy[0], add[1], copy[0], copy[1], fma[0], relu[0], sum[0]);
        }
    }

    /** Median and best GB/s of {@link #RUNS} runs of {@link #CALLS} calls, after warming up. */
    private static double[] gbps(long bytesPerCall, Runnable call) {
        for (int i = 0; i < 15; i++) {
            call.run();
        }
        double[] rates = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < CALLS; k++) {
                call.run();
            }
            long dt = System.nanoTime() - t0;
            rates[r] = (double) bytesPerCall * CALLS / dt;
        }
        Arrays.sort(rates);
        return new double[] {rates[RUNS / 2], rates[RUNS - 1]};
    }

    /** {@code System.arraycopy} split into as many contiguous pieces as threads, one per thread. */
    private static void copy(float[] src, float[] dst, int threads) {
        if (threads == 1) {
            System.arraycopy(src, 0, dst, 0, src.length);
            return;
        }
        Thread[] workers = new Thread[threads - 1];
        int piece = src.length / threads;
        for (int w = 1; w < threads; w++) {
            int from = w * piece;
            int to = w == threads - 1 ? src.length : from + piece;
            workers[w - 1] = Thread.ofPlatform().start(() -> System.arraycopy(src, from, dst, from, to - from));
        }
        System.arraycopy(src, 0, dst, 0, piece);
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
