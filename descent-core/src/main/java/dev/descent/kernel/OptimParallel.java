package dev.descent.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A tiny range splitter for the optimizer kernels, until {@code kernel/Parallel} is merged.
 *
 * <p>{@link #forRange} cuts {@code [0, n)} into at most {@link #threads()} contiguous chunks of at
 * least {@code grain} elements; the calling thread runs the first chunk and a private fork-join
 * pool the others. Elementwise optimizer updates are independent per element, so the split does
 * not change a single bit of the result. Below {@code 2 * grain} elements nothing is forked and
 * nothing is allocated.
 */
final class OptimParallel {
    /** Body of a parallel loop over {@code [start, end)}. */
    @FunctionalInterface
    interface Range {
        void run(int start, int end);
    }

    private static volatile int threads = defaultThreads();
    private static volatile ForkJoinPool pool;

    private OptimParallel() {}

    private static int defaultThreads() {
        String p = System.getProperty("descent.threads");
        if (p != null) {
            return Math.max(1, Integer.parseInt(p.trim()));
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    static int threads() {
        return threads;
    }

    static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Invalid thread count: " + n + " (must be >= 1)");
        }
        threads = n;
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (OptimParallel.class) {
                p = pool;
                if (p == null) {
                    int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
                    p = new ForkJoinPool(workers, pl -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pl);
                        t.setName("descent-optim-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Number of chunks {@link #forRange} would use for {@code n} elements. */
    static int chunks(int n, int grain) {
        int t = threads;
        if (t <= 1 || n < 2L * grain) {
            return 1;
        }
        return (int) Math.min(t, n / (long) grain);
    }

    /** Runs {@code body} over {@code [0, n)} split into contiguous chunks. */
    static void forRange(int n, int grain, Range body) {
        int k = chunks(n, grain);
        if (k <= 1) {
            body.run(0, n);
            return;
        }
        // chunk boundaries aligned to 64 elements so vector loops keep full vectors
        int per = (int) (((long) n + k - 1) / k);
        per = (per + 63) & ~63;
        @SuppressWarnings("unchecked")
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[k - 1];
        ForkJoinPool p = pool();
        int t = 0;
        for (int c = 1; c < k; c++) {
            int s = Math.min(n, c * per);
            int e = Math.min(n, s + per);
            if (s >= e) {
                break;
            }
            tasks[t++] = p.submit(() -> body.run(s, e));
        }
        Throwable failure = null;
        try {
            body.run(0, Math.min(n, per));
        } catch (Throwable e) {
            failure = e;
        }
        for (int i = 0; i < t; i++) {
            try {
                tasks[i].join();
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error er) {
            throw er;
        } else if (failure != null) {
            throw new RuntimeException(failure);
        }
    }
}
