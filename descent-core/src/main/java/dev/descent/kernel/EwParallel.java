package dev.descent.kernel;

/**
 * Runs a loop body over fixed chunks of an index range, on {@link Parallel}'s threads.
 *
 * <p>The range {@code [0, n)} is cut into chunks of exactly {@code grain} indices (the last may be
 * shorter); the chunk boundaries depend on {@code n} and {@code grain} only, never on the number of
 * threads, and a body is always called once per chunk (also on one thread). A kernel that writes one
 * partial result per chunk and combines them in chunk order therefore gives bitwise the same answer
 * on 1 or 32 threads. ({@link Parallel#forRange} instead merges pieces into a few chunks per thread,
 * so its chunk boundaries depend on the thread count.)
 *
 * <p>The chunks are handed out by {@link Parallel#forChunks}: the same pool, thread count
 * ({@link Parallel#setThreads}) and rules for running inline (one thread, one chunk, a call from
 * inside a chunk or while another thread's job holds the pool), so elementwise kernels and GEMM never
 * run two thread pools against each other on the same cores.
 */
final class EwParallel {

    /** A loop body over {@code [start, end)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int start, int end);
    }

    private EwParallel() {}

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
        Parallel.forChunks(chunks(n, grain), c -> {
            int start = c * grain;
            body.run(start, (int) Math.min(n, (long) start + grain));
        });
    }
}
