package dev.descent.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal fork-join helper that runs a loop body over fixed chunks of an index range.
 *
 * <p>Stand-in for the shared {@code Parallel} class. The range {@code [0, n)} is cut into chunks of
 * exactly {@code grain} indices (the last may be shorter); the chunk boundaries depend on {@code n}
 * and {@code grain} only, never on the number of threads, and a body is always called once per chunk
 * (also on one thread). A kernel that writes one partial result per chunk and combines them in chunk
 * order therefore gives bitwise the same answer on 1 or 32 threads.
 *
 * <p>Threads claim chunks from a shared counter (the caller works too), so a descheduled helper on a
 * busy machine delays nothing but its current chunk. A call made from inside a chunk runs serially:
 * the pool never waits on itself.
 */
final class EwParallel {

    /** A loop body over {@code [start, end)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int start, int end);
    }

    private static final String THREADS_PROPERTY = "descent.threads";

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;

    private EwParallel() {}

    /** The number of threads a parallel loop uses (caller included). */
    static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads, for tests and benchmarks; results do not depend on it.
     *
     * @param n at least 1
     */
    static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    /** The number of chunks {@link #forRange} cuts {@code [0, n)} into. */
    static int chunks(int n, int grain) {
        return n <= 0 ? 0 : (int) ((n + (long) grain - 1) / grain);
    }

    /**
     * Calls {@code body} once for each chunk {@code [c * grain, min(n, (c + 1) * grain))}, in parallel
     * when there are several chunks and more than one thread. Returns when every chunk is done; an
     * exception from any chunk is rethrown here.
     */
    static void forRange(int n, int grain, RangeBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        }
        int chunks = chunks(n, grain);
        int t = threads;
        if (chunks <= 1 || t <= 1 || insideOurPool()) {
            for (int c = 0; c < chunks; c++) {
                int start = c * grain;
                body.run(start, (int) Math.min(n, (long) start + grain));
            }
            return;
        }
        Job job = new Job(n, grain, chunks, body);
        ForkJoinPool p = pool(t);
        int helpers = Math.min(t, chunks) - 1;
        for (int h = 0; h < helpers; h++) {
            p.execute(job::work);
        }
        job.work();
        job.awaitAndRethrow();
    }

    private static boolean insideOurPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    private static synchronized ForkJoinPool pool(int t) {
        if (pool == null) {
            pool = new ForkJoinPool(Math.max(1, t - 1), p -> {
                ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setName("descent-kernel-" + w.getPoolIndex());
                w.setDaemon(true);
                return w;
            }, null, false);
        }
        return pool;
    }

    private static int initialThreads() {
        String s = System.getProperty(THREADS_PROPERTY);
        if (s != null && !s.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + s + "'", e);
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** One parallel loop: chunks are claimed from {@code next}; {@code left} counts chunks not yet finished. */
    private static final class Job {
        private final int n;
        private final int grain;
        private final int chunks;
        private final RangeBody body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger left;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int n, int grain, int chunks, RangeBody body) {
            this.n = n;
            this.grain = grain;
            this.chunks = chunks;
            this.body = body;
            this.left = new AtomicInteger(chunks);
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure.get() == null) {
                        int start = c * grain;
                        body.run(start, (int) Math.min(n, (long) start + grain));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    left.decrementAndGet();
                }
            }
        }

        /** Waits for chunks still running on helpers; they are short, so spin briefly, then park. */
        void awaitAndRethrow() {
            int spins = 0;
            while (left.get() > 0) {
                if (++spins < 2_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }
}
