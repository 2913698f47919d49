package dev.descent.kernel;

import java.util.Objects;

/**
 * Runs independent pieces of a kernel on a persistent pool of daemon threads plus the calling thread.
 *
 * <p>The pool has {@link #threads()} - 1 workers; the caller always takes part, so a job finishes even
 * if no worker ever wakes. The thread count defaults to {@link Runtime#availableProcessors()}, can be
 * set at start-up with the system property {@code descent.threads} and changed at run time with
 * {@link #setThreads(int)}.
 *
 * <p>A call runs inline, on the calling thread alone, when the work is a single piece, when the count
 * is 1, when it comes from inside a pool worker or from inside another parallel call (no nested
 * parallelism, so no deadlock), or when another thread is using the pool at that moment.
 *
 * <p>The split only decides <em>who</em> computes which piece. Callers must make each piece
 * independent of the others, so that results never depend on the thread count.
 */
public final class Parallel {

    /** A piece of a range: handles indices {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * Runs the piece.
         *
         * @param start first index, inclusive
         * @param end   last index, exclusive
         */
        void run(int start, int end);
    }

    /** One numbered piece of a job split into a known number of chunks. */
    @FunctionalInterface
    public interface ChunkBody {
        /**
         * Runs one chunk.
         *
         * @param chunk the chunk number, in {@code [0, chunks)}
         */
        void run(int chunk);
    }

    /** How many chunks per thread {@link #forRange} makes at most: a few, so a slow core can be helped. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static final Object LOCK = new Object();
    private static volatile int threads = initialThreads();
    private static volatile WorkerPool pool;

    private Parallel() {
    }

    /** @return the number of threads a parallel call uses, the caller included (at least 1) */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads, the caller included. The old workers stop once idle; new ones start
     * on the next parallel call.
     *
     * @param count the thread count, at least 1
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + count);
        }
        synchronized (LOCK) {
            if (count == threads) {
                return;
            }
            threads = count;
            WorkerPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    /**
     * Splits {@code [0, n)} into contiguous chunks of at least {@code grain} indices (except the last
     * when {@code n} is not a multiple) and runs them in parallel; returns when all are done. An
     * exception thrown by a chunk is rethrown here after all chunks have finished.
     *
     * @param n     the range length, at least 0
     * @param grain the smallest chunk worth sending to another thread, at least 1
     * @param body  the work for one chunk
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n < 0 || grain < 1) {
            throw new IllegalArgumentException("need n >= 0 and grain >= 1, got n=" + n + ", grain=" + grain);
        }
        Objects.requireNonNull(body, "body");
        if (n == 0) {
            return;
        }
        int t = threads;
        long pieces = ((long) n + grain - 1) / grain;
        if (t == 1 || pieces <= 1 || WorkerPool.insideWorker()) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(pieces, (long) t * CHUNKS_PER_THREAD);
        WorkerPool p = pool();
        if (!p.tryRun(n, chunks, body, null)) {
            body.run(0, n);
        }
    }

    /**
     * Runs {@code body.run(i)} for every {@code i} in {@code [0, chunks)}, in parallel, and returns when
     * all are done. Chunks are handed out dynamically, in increasing order.
     *
     * @param chunks the number of chunks, at least 0
     * @param body   the work for one chunk
     */
    public static void forChunks(int chunks, ChunkBody body) {
        if (chunks < 0) {
            throw new IllegalArgumentException("chunk count must be >= 0, got " + chunks);
        }
        Objects.requireNonNull(body, "body");
        if (chunks == 0) {
            return;
        }
        if (threads == 1 || chunks == 1 || WorkerPool.insideWorker() || !pool().tryRun(chunks, chunks, null, body)) {
            for (int i = 0; i < chunks; i++) {
                body.run(i);
            }
        }
    }

    private static WorkerPool pool() {
        WorkerPool p = pool;
        if (p == null) {
            synchronized (LOCK) {
                p = pool;
                if (p == null) {
                    p = new WorkerPool(threads - 1);
                    pool = p;
                }
            }
        }
        return p;
    }

    private static int initialThreads() {
        String prop = System.getProperty("descent.threads");
        if (prop == null || prop.isBlank()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        try {
            int t = Integer.parseInt(prop.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("system property descent.threads must be an integer >= 1, got '" + prop + "'");
    }
}
