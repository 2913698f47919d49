package dev.descent.kernel;

/**
 * Cache-blocking sizes and the partition arithmetic shared by the GEMM kernels.
 *
 * <p>Goto-style blocking: a panel of B (all of k times up to NC columns) is packed once and shared by
 * all threads; each task packs a {@code MC x KC} block of A into its own buffer (it stays in L2) and
 * runs the register tile over it, K block after K block. Every partition here depends on the problem
 * shape only, never on the thread count, so each element of C is summed in the same order whatever
 * the number of threads.
 *
 * <p>The sizes can be overridden with system properties ({@code descent.gemm.kc}, {@code .mc},
 * {@code .nc}, {@code .direct}, {@code .bcap}) for tuning experiments. KC and the direct threshold
 * decide how the sum over k is cut, so changing them changes the rounding of results (consistently
 * across all kernels), not their correctness.
 */
final class GemmBlocking {

    /** Depth of a K block: long enough to amortise loading C, short enough for L2. */
    static final int KC = Integer.getInteger("descent.gemm.kc", 768);
    /** Rows of an A block: a {@code MC x KC} float block is about 300 KB, in a 1 MB L2. */
    static final int MC = Integer.getInteger("descent.gemm.mc", 96);
    /** Columns of a B panel, shared in L3. */
    static final int NC = Integer.getInteger("descent.gemm.nc", 4096);
    /**
     * Up to this many multiply-adds (64^3) the direct loops beat packing: measured on one thread, the
     * packed path has about 1.5 us of set-up, and the direct 4-row loops run at 80-120 GFLOPS.
     */
    static final long DIRECT_MNK = Long.getLong("descent.gemm.direct", 1L << 18);
    /**
     * Most elements of a packed B panel (all of k times the panel's columns): 16 MB of floats. Not
     * final so that tests can shrink it; it is read once per product, outside any hot loop.
     */
    static int B_CAP = Integer.getInteger("descent.gemm.bcap", 1 << 22);
    /** Work (multiply-adds) worth one parallel task. */
    static final long TASK_MNK = 1L << 17;

    private GemmBlocking() {
    }

    /**
     * Whether a product takes the direct path (no packing): tiny ones, and one-row or one-column ones,
     * which a register tile would mostly pad. Depends on the shape alone.
     */
    static boolean direct(int m, int n, int k) {
        return (long) m * n * k <= DIRECT_MNK || m == 1 || n == 1;
    }

    /**
     * How many near-equal K blocks the sum over k is cut into: 1 on the direct path, else
     * {@code ceil(k / KC)}. Block {@code b} covers {@code [split(k, kBlocks, b), split(k, kBlocks, b+1))}.
     * This number fixes the rounding of every element of C, so every implementation must use it.
     */
    static int kBlocks(int m, int n, int k) {
        return direct(m, n, k) ? 1 : ceilDiv(k, KC);
    }

    /**
     * Columns of a B panel, packed for all of k at once: at most NC, fewer when k is deep, always a
     * multiple of the tile width {@code nr}.
     */
    static int panelWidth(int n, int k, int nr) {
        int cap = Math.max(nr, B_CAP / k / nr * nr);
        return Math.min(Math.min(n, NC), cap);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Start of part {@code i} when {@code total} is cut into {@code parts} near-equal parts. */
    static int split(int total, int parts, int i) {
        return (int) ((long) total * i / parts);
    }
}
