package dev.descent.kernel;

/**
 * Cache-blocking sizes and the partition arithmetic shared by the GEMM kernels.
 *
 * <p>Three plans ({@link Plan}) organise a packed product: Goto-style blocking for large products (a
 * panel of B, all of k times up to NC columns, packed once and shared; each task packs a
 * {@code MC x KC} block of A into L2 and runs the register tile over it, K block after K block), B
 * streamed through L1 when A is small, and K blocks in parallel when k dominates. The cut of the sum
 * over k ({@link #kBlocks}) depends on the problem shape only, never on the plan or the thread count,
 * so each element of C is summed in the same order whatever runs it.
 *
 * <p>The sizes can be overridden with system properties ({@code descent.gemm.kc}, {@code .kcdeep},
 * {@code .mc}, {@code .nc}, {@code .direct}, {@code .bcap}, {@code .streama}) for tuning experiments.
 * KC, KC_DEEP and the direct threshold decide how the sum over k is cut, so changing them changes the
 * rounding of results (consistently across all kernels), not their correctness.
 */
final class GemmBlocking {

    /**
     * Most depth of a K block: long enough to amortise loading C, short enough for L2. Each K block
     * costs one pass of loads and stores over C: on 2 threads 1024 beat 768 by 6-9% at 1024^3 and
     * by 3-5% at 2048^3 in interleaved runs, and 256 lost 5-10%.
     */
    static final int KC = Integer.getInteger("descent.gemm.kc", 1024);
    /**
     * Most depth of a K block when k dominates ({@code k >= 4 max(m, n)}, weight gradients): shorter
     * blocks give the K-split plan more, smaller tasks; at 16 x 144 x 131072 on 2 threads 1024 ran
     * about 20% slower than 768.
     */
    static final int KC_DEEP = Integer.getInteger("descent.gemm.kcdeep", 768);
    /** Rows of an A block: a {@code MC x KC} float block is about 400 KB, in a 1 MB L2. */
    static final int MC = Integer.getInteger("descent.gemm.mc", 96);
    /** Columns of a B panel, shared in L3. */
    static final int NC = Integer.getInteger("descent.gemm.nc", 4096);
    /**
     * Up to this many multiply-adds (64^3) the direct loops beat packing: measured on one thread, the
     * packed path has about 1.5 us of set-up, and the direct 4-row loops run at 80-120 GFLOPS. Not
     * final so that tests can send tiny products through the packed plans.
     */
    static long DIRECT_MNK = Long.getLong("descent.gemm.direct", 1L << 18);
    /**
     * Most elements of a packed B panel (all of k times the panel's columns): 16 MB of floats. Not
     * final so that tests can shrink it; it is read once per product, outside any hot loop.
     */
    static int B_CAP = Integer.getInteger("descent.gemm.bcap", 1 << 22);
    /** Work (multiply-adds) worth one parallel task. */
    static final long TASK_MNK = 1L << 17;
    /**
     * When a K block of A (m times at most KC) has at most this many elements, A is packed whole and
     * shared, and B is streamed through L1 strip by strip ({@link Plan#STREAM}): 128K floats is 512 KB,
     * half of L2 (e.g. 128 rows of a 1024-deep block, or 8192 rows of a 16-deep one).
     */
    static final long STREAM_A = Long.getLong("descent.gemm.streama", 1L << 17);
    /** Widest B for {@link Plan#KSPLIT}: each task packs a whole K block of B, 1024 x 1024 floats at most. */
    static final int KSPLIT_N = 1024;
    /** Most partial results {@link Plan#KSPLIT} keeps (K blocks times m times n): 16 MB of floats. */
    static final long KSPLIT_CAP = 1L << 22;

    /** How a packed product is organised; every plan gives the same bits (see {@link #kBlocks}). */
    enum Plan {
        /**
         * Goto's scheme for large m: a wide panel of B is packed once and shared; each task packs a
         * block of A rows into L2 and runs the register tile over it.
         */
        PANEL,
        /**
         * A small A (a K block within {@link #STREAM_A}): A is packed once and shared; each task
         * takes a range of B strips, packs each into a small buffer that stays in L1 and runs every
         * A strip over it. B is read from memory once and never written back, and nothing waits for
         * a shared B panel.
         */
        STREAM,
        /**
         * A small C and a deep k (weight gradients): each task computes one K block's whole product
         * into its own slot; the slots are then added into C in K-block order, which is exactly the
         * sequence of operations of the other plans, so the bits do not depend on who computed what.
         */
        KSPLIT
    }

    /** Test hook: when set, every packed product uses this plan. */
    static Plan forced;

    /**
     * The plan for a packed product (not {@link #direct}). K-split when k dominates and C is small;
     * streaming B when A is small; else the shared panel. Only speed depends on the choice.
     */
    static Plan plan(int m, int n, int k) {
        if (forced != null) {
            return forced;
        }
        int kBlocks = kBlocks(m, n, k);
        if (kBlocks >= 2 && n <= KSPLIT_N && k >= 4L * Math.max(m, n) && (long) kBlocks * m * n <= KSPLIT_CAP) {
            return Plan.KSPLIT;
        }
        // STREAM packs all of A at once, so A must fit the shared buffer (B_CAP, as a B panel does).
        boolean smallA = (long) m * Math.min(k, KC) <= STREAM_A && (long) (m + 15) * k <= B_CAP;
        return smallA ? Plan.STREAM : Plan.PANEL;
    }

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
     * {@code ceil(k / KC)}, or {@code ceil(k / KC_DEEP)} when {@code k >= 4 max(m, n)}. Block {@code b} covers {@code [split(k, kBlocks, b), split(k, kBlocks, b+1))}.
     * This number fixes the rounding of every element of C, so every implementation must use it.
     */
    static int kBlocks(int m, int n, int k) {
        if (direct(m, n, k)) {
            return 1;
        }
        return ceilDiv(k, k >= 4L * Math.max(m, n) ? KC_DEEP : KC);
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
