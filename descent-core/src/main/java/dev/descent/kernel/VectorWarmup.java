package dev.descent.kernel;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Says when the Vector API kernels are worth calling.
 *
 * <p>Until C2 has compiled them, Vector API calls run boxed, hundreds of times slower than plain
 * loops: a first 512 x 512 product took seconds. So GEMM starts on {@link ScalarGemm}, which gives
 * the same bits, while a daemon thread races the vector kernels against it on small products that take
 * every branch of the kernels (each plan of the packed path and the direct one, edge tiles, accumulate or
 * not, both layouts of B).
 * That also matters afterwards: C2 compiles code for the branches it has seen run, and a branch first
 * taken later would send vector code back to the interpreter until it is recompiled. Once the vector side is clearly faster three rounds in
 * a row, GEMM switches to it for good. If it never wins (an interpreter-only or C1-only JVM), GEMM
 * stays scalar. {@code -Ddescent.warmup=false} skips the race and uses the vector kernels at once.
 */
final class VectorWarmup {

    private static final boolean RACE = !"false".equalsIgnoreCase(System.getProperty("descent.warmup", "true").trim());
    /**
     * Give up after this long: whatever has not won by then is not going to. On 2 cores shared with a
     * load of 12 the race took 5-13 s to decide, so give it as long as {@link Gemm#warmUp()} waits.
     */
    private static final long BUDGET_NANOS = 30_000_000_000L;

    private static volatile boolean floatReady = !RACE;
    private static volatile boolean doubleReady = !RACE;
    private static volatile boolean started;
    private static final CountDownLatch DECIDED = new CountDownLatch(RACE ? 1 : 0);

    private VectorWarmup() {
    }

    /** @return true once the float vector kernels beat the scalar ones; starts the race on first call */
    static boolean floatReady() {
        if (floatReady) {
            return true;
        }
        start();
        return false;
    }

    /** @return true once the double vector kernels beat the scalar ones; starts the race on first call */
    static boolean doubleReady() {
        if (doubleReady) {
            return true;
        }
        start();
        return false;
    }

    /**
     * Starts the race if needed and waits until it is decided or the timeout passes.
     *
     * @return true if both float and double GEMM now use the vector kernels
     */
    static boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (!(floatReady && doubleReady)) {
            start();
            DECIDED.await(timeout, unit);
        }
        return floatReady && doubleReady;
    }

    /** Test hook: use the vector kernels at once ({@code true}), or go back to the scalar ones. */
    static void setReady(boolean ready) {
        floatReady = ready;
        doubleReady = ready;
    }

    private static synchronized void start() {
        if (!started) {
            started = true;
            new KernelThread(VectorWarmup::race, "descent-kernel-warmup").start();
        }
    }

    private static void race() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        try {
            floatReady = raceFloat(deadline);
        } catch (RuntimeException | Error e) {
            floatReady = true; // let the real error show in the caller's own GEMM
        }
        try {
            doubleReady = raceDouble(deadline);
        } catch (RuntimeException | Error e) {
            doubleReady = true;
        }
        DECIDED.countDown();
    }

    private static boolean raceFloat(long deadline) {
        int n = 72;
        SplittableRandom rnd = new SplittableRandom(1);
        // Room for the tall product below (176 x 768) and the deep one (1600 x 24).
        float[] a = new float[176 * 768];
        float[] b = new float[24 * 1600];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        int wins = 0;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            for (int r = 0; r < 8; r++) {
                VectorSgemm.gemm(n, n - 1, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, r > 0);
                VectorSgemm.gemm(n - 3, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, true);
                VectorSgemm.gemm(18, 45, 20, a, 0, n, 1, b, 0, n, 1, c, 0, n, (r & 1) == 0);
                VectorSgemm.gemm(18, 45, 20, a, 0, n, 1, b, 0, 1, n, c, 0, n, false);
                if (r < 2) {
                    // The other two plans (the products above stream B): a shared panel, a K split.
                    VectorSgemm.gemm(176, 2, 768, a, 0, 768, 1, b, 0, 2, 1, c, 0, 2, r == 0);
                    VectorSgemm.gemm(8, 24, 1600, a, 0, 1600, 1, b, 0, 1, 1600, c, 0, 24, r == 1);
                }
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < 8; r++) {
                ScalarGemm.sgemm(n, n - 1, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, r > 0);
                ScalarGemm.sgemm(n - 3, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, true);
                ScalarGemm.sgemm(18, 45, 20, a, 0, n, 1, b, 0, n, 1, c, 0, n, (r & 1) == 0);
                ScalarGemm.sgemm(18, 45, 20, a, 0, n, 1, b, 0, 1, n, c, 0, n, false);
                if (r < 2) {
                    // The other two plans (the products above stream B): a shared panel, a K split.
                    ScalarGemm.sgemm(176, 2, 768, a, 0, 768, 1, b, 0, 2, 1, c, 0, 2, r == 0);
                    ScalarGemm.sgemm(8, 24, 1600, a, 0, 1600, 1, b, 0, 1, 1600, c, 0, 24, r == 1);
                }
            }
            long t2 = System.nanoTime();
            wins = 2 * (t1 - t0) < t2 - t1 ? wins + 1 : 0;
            if (wins == 3) {
                return true;
            }
        }
        return false;
    }

    private static boolean raceDouble(long deadline) {
        int n = 72;
        SplittableRandom rnd = new SplittableRandom(1);
        // Room for the tall product below (176 x 768) and the deep one (1600 x 24).
        double[] a = new double[176 * 768];
        double[] b = new double[24 * 1600];
        double[] c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextDouble(-1, 1);
        }
        int wins = 0;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            for (int r = 0; r < 8; r++) {
                VectorDgemm.gemm(n, n - 1, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, r > 0);
                VectorDgemm.gemm(n - 3, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, true);
                VectorDgemm.gemm(18, 45, 20, a, 0, n, 1, b, 0, n, 1, c, 0, n, (r & 1) == 0);
                VectorDgemm.gemm(18, 45, 20, a, 0, n, 1, b, 0, 1, n, c, 0, n, false);
                if (r < 2) {
                    // The other two plans (the products above stream B): a shared panel, a K split.
                    VectorDgemm.gemm(176, 2, 768, a, 0, 768, 1, b, 0, 2, 1, c, 0, 2, r == 0);
                    VectorDgemm.gemm(8, 24, 1600, a, 0, 1600, 1, b, 0, 1, 1600, c, 0, 24, r == 1);
                }
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < 8; r++) {
                ScalarGemm.dgemm(n, n - 1, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, r > 0);
                ScalarGemm.dgemm(n - 3, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, true);
                ScalarGemm.dgemm(18, 45, 20, a, 0, n, 1, b, 0, n, 1, c, 0, n, (r & 1) == 0);
                ScalarGemm.dgemm(18, 45, 20, a, 0, n, 1, b, 0, 1, n, c, 0, n, false);
                if (r < 2) {
                    // The other two plans (the products above stream B): a shared panel, a K split.
                    ScalarGemm.dgemm(176, 2, 768, a, 0, 768, 1, b, 0, 2, 1, c, 0, 2, r == 0);
                    ScalarGemm.dgemm(8, 24, 1600, a, 0, 1600, 1, b, 0, 1, 1600, c, 0, 24, r == 1);
                }
            }
            long t2 = System.nanoTime();
            wins = 2 * (t1 - t0) < t2 - t1 ? wins + 1 : 0;
            if (wins == 3) {
                return true;
            }
        }
        return false;
    }
}
