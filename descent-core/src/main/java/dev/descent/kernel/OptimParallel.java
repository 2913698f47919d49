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
    /** True on a thread that runs one of {@link #forTasks}'s runs: kernels there do not fork again. */
    private static final ThreadLocal<boolean[]> NESTED = ThreadLocal.withInitial(() -> new boolean[1]);
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
        if (t <= 1 || n < 2L * grain || NESTED.get()[0]) {
            return 1;
        }
        return (int) Math.min(t, n / (long) grain);
    }

    /**
     * Runs {@code task(0) .. task(n−1)} in at most {@link #threads()} contiguous runs of roughly equal
     * total {@code cost}; inside a run, {@link #forRange} does not split further.
     */
    static void forTasks(int n, long[] cost, java.util.function.IntConsumer task) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += cost[i];
        }
        int k = Math.min(threads, n);
        if (k <= 1 || total < 2L * OptimKernels.GRAIN || NESTED.get()[0]) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        int[] bounds = new int[k + 1];
        long acc = 0;
        int run = 1;
        for (int i = 0; i < n && run < k; i++) {
            acc += cost[i];
            if (acc * k >= total * run) {
                bounds[run++] = i + 1;
            }
        }
        while (run <= k) {
            bounds[run++] = n;
        }
        Range body = (s, e) -> {
            boolean[] flag = NESTED.get();
            boolean prev = flag[0];
            flag[0] = true;
            try {
                for (int i = s; i < e; i++) {
                    task.accept(i);
                }
            } finally {
                flag[0] = prev;
            }
        };
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[k - 1];
        ForkJoinPool p = pool();
        int t = 0;
        for (int c = 1; c < k; c++) {
            int s = bounds[c];
            int e = bounds[c + 1];
            if (s < e) {
                tasks[t++] = p.submit(() -> body.run(s, e));
            }
        }
        join(tasks, t, () -> body.run(bounds[0], bounds[1]));
    }

    private static void join(ForkJoinTask<?>[] tasks, int t, Runnable mine) {
        Throwable failure = null;
        try {
            mine.run();
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
        int first = Math.min(n, per);
        join(tasks, t, () -> body.run(0, first));
    }
}
