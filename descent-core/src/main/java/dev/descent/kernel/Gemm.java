package dev.descent.kernel;

/**
 * General matrix multiply, {@code C = (accumulate ? C : 0) + A * B}, for float and double arrays.
 *
 * <p>Operands are described by an offset and two strides, so one entry point serves every layout:
 * {@code A(i,p) = a[aOff + i*aRowStride + p*aColStride]} and
 * {@code B(p,j) = b[bOff + p*bRowStride + j*bColStride]}. A transposed operand is the same array with
 * its strides swapped, and a stride of 0 broadcasts a row or column; no transposed copy is ever made.
 * C is row-major: {@code C(i,j) = c[cOff + i*ldc + j]}, with {@code ldc >= n}. C must not share
 * elements with A or B.
 *
 * <p>With the Vector API present ({@link Simd#enabled()}) large products run a packed, cache-blocked,
 * register-tiled kernel on all {@link Parallel#threads()} threads, organised by the shape: a shared B
 * panel for large squares, B streamed through L1 past a small packed A (convolutions, MLP layers), or
 * K blocks computed in parallel and added in order when k dominates (weight gradients); tiny products
 * run direct loops. Without it, and for the first second or so while the JIT compiles the vector
 * kernels, a scalar kernel runs.
 *
 * <p>Numerics: the sum over k is cut into blocks that depend on the shape alone (one block for small
 * products, else near-equal blocks of at most 1024, or of at most 768 when k is at least four times m
 * and n); within a block each element of C is a chain of fused multiply-adds in increasing p, started
 * from zero, and each block's sum is then added to C (or
 * replaces it, for the first block without {@code accumulate}). Every implementation follows this
 * exactly, so results are bit-identical whatever the thread count, vector width or availability of
 * the Vector API. When {@code k == 0}, C is zeroed unless {@code accumulate}.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * Waits (up to 30 s) until GEMM has switched from its scalar start-up kernels to the Vector API
     * kernels, or until it is clear that it will not (no Vector API, or a JVM without C2). Optional:
     * GEMM switches by itself in the background. Useful before timing, or to keep the first products of
     * a latency-sensitive program off the slower path.
     *
     * @return true if float and double GEMM now run the Vector API kernels
     */
    public static boolean warmUp() {
        if (!Simd.enabled()) {
            return false;
        }
        try {
            return VectorWarmup.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Single-precision GEMM: {@code C[m x n] = (accumulate ? C : 0) + A[m x k] * B[k x n]}.
     *
     * @param m          rows of A and C, at least 0
     * @param n          columns of B and C, at least 0
     * @param k          columns of A and rows of B, at least 0
     * @param a          holds A
     * @param aOff       index of A(0,0)
     * @param aRowStride index step from A(i,p) to A(i+1,p); may be 0 or negative
     * @param aColStride index step from A(i,p) to A(i,p+1); may be 0 or negative
     * @param b          holds B
     * @param bOff       index of B(0,0)
     * @param bRowStride index step from B(p,j) to B(p+1,j)
     * @param bColStride index step from B(p,j) to B(p,j+1)
     * @param c          holds C, written in place
     * @param cOff       index of C(0,0)
     * @param ldc        index step from one row of C to the next, at least n
     * @param accumulate add the product to C instead of overwriting it
     * @throws IllegalArgumentException  for a negative dimension or {@code ldc < n}
     * @throws IndexOutOfBoundsException if an operand reaches outside its array
     */
    public static void sgemm(int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
                             float[] b, int bOff, int bRowStride, int bColStride,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        GemmChecks.dims(1, m, n, k);
        GemmChecks.operand("a", a, a == null ? 0 : a.length, aOff, 1, 0, m, k, aRowStride, aColStride);
        GemmChecks.operand("b", b, b == null ? 0 : b.length, bOff, 1, 0, k, n, bRowStride, bColStride);
        GemmChecks.output(c, c == null ? 0 : c.length, cOff, 1, 0, m, n, ldc);
        sgemmChecked(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc, accumulate);
    }

    /**
     * Double-precision GEMM; the same contract as
     * {@link #sgemm(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, boolean)}.
     */
    public static void dgemm(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                             double[] b, int bOff, int bRowStride, int bColStride,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        GemmChecks.dims(1, m, n, k);
        GemmChecks.operand("a", a, a == null ? 0 : a.length, aOff, 1, 0, m, k, aRowStride, aColStride);
        GemmChecks.operand("b", b, b == null ? 0 : b.length, bOff, 1, 0, k, n, bRowStride, bColStride);
        GemmChecks.output(c, c == null ? 0 : c.length, cOff, 1, 0, m, n, ldc);
        dgemmChecked(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc, accumulate);
    }

    /**
     * Batched single-precision GEMM: for each {@code t < batch}, the product of the operands at
     * {@code aOff + t*aBatchStride}, {@code bOff + t*bBatchStride}, {@code cOff + t*cBatchStride}.
     * A or B batch stride 0 shares one matrix across the batch; C's batch items must not overlap.
     * Small matrices run in parallel across the batch, large ones one after another, each in parallel.
     *
     * @throws IllegalArgumentException  for a negative dimension, {@code ldc < n}, or overlapping C items
     * @throws IndexOutOfBoundsException if an operand reaches outside its array
     */
    public static void sgemmBatched(int batch, int m, int n, int k,
                                    float[] a, int aOff, int aBatchStride, int aRowStride, int aColStride,
                                    float[] b, int bOff, int bBatchStride, int bRowStride, int bColStride,
                                    float[] c, int cOff, int cBatchStride, int ldc, boolean accumulate) {
        GemmChecks.dims(batch, m, n, k);
        GemmChecks.operand("a", a, a == null ? 0 : a.length, aOff, batch, aBatchStride, m, k, aRowStride, aColStride);
        GemmChecks.operand("b", b, b == null ? 0 : b.length, bOff, batch, bBatchStride, k, n, bRowStride, bColStride);
        GemmChecks.output(c, c == null ? 0 : c.length, cOff, batch, cBatchStride, m, n, ldc);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        Parallel.RangeBody items = (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                sgemmChecked(m, n, k, a, aOff + t * aBatchStride, aRowStride, aColStride,
                        b, bOff + t * bBatchStride, bRowStride, bColStride, c, cOff + t * cBatchStride, ldc, accumulate);
            }
        };
        runBatch(batch, m, n, k, items);
    }

    /**
     * Batched double-precision GEMM; the same contract as
     * {@link #sgemmBatched(int, int, int, int, float[], int, int, int, int, float[], int, int, int, int, float[], int, int, int, boolean)}.
     */
    public static void dgemmBatched(int batch, int m, int n, int k,
                                    double[] a, int aOff, int aBatchStride, int aRowStride, int aColStride,
                                    double[] b, int bOff, int bBatchStride, int bRowStride, int bColStride,
                                    double[] c, int cOff, int cBatchStride, int ldc, boolean accumulate) {
        GemmChecks.dims(batch, m, n, k);
        GemmChecks.operand("a", a, a == null ? 0 : a.length, aOff, batch, aBatchStride, m, k, aRowStride, aColStride);
        GemmChecks.operand("b", b, b == null ? 0 : b.length, bOff, batch, bBatchStride, k, n, bRowStride, bColStride);
        GemmChecks.output(c, c == null ? 0 : c.length, cOff, batch, cBatchStride, m, n, ldc);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        Parallel.RangeBody items = (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                dgemmChecked(m, n, k, a, aOff + t * aBatchStride, aRowStride, aColStride,
                        b, bOff + t * bBatchStride, bRowStride, bColStride, c, cOff + t * cBatchStride, ldc, accumulate);
            }
        };
        runBatch(batch, m, n, k, items);
    }

    /** Parallel across items when one item is too small to split well; otherwise item by item. */
    private static void runBatch(int batch, int m, int n, int k, Parallel.RangeBody items) {
        long work = Math.max(1L, (long) m * n * Math.max(1, k));
        if (work >= 8 * GemmBlocking.TASK_MNK) {
            items.run(0, batch);
        } else {
            int grain = (int) Math.max(1, GemmBlocking.TASK_MNK / work);
            Parallel.forRange(batch, grain, items);
        }
    }

    private static void sgemmChecked(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                                     float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean add) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!add) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        // A stride along a dimension of size 1 is never used; calling it 1 lets the kernels pick
        // their contiguous fast paths (a row vector times a matrix, and so on).
        if (m == 1) {
            aRs = 1;
        }
        if (k == 1) {
            aCs = 1;
            bRs = 1;
        }
        if (n == 1) {
            bCs = 1;
        }
        if (Simd.enabled() && VectorWarmup.floatReady()) {
            VectorSgemm.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        } else {
            ScalarGemm.sgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        }
    }

    private static void dgemmChecked(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                     double[] b, int bOff, int bRs, int bCs, double[] c, int cOff, int ldc, boolean add) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!add) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
            return;
        }
        if (m == 1) {
            aRs = 1;
        }
        if (k == 1) {
            aCs = 1;
            bRs = 1;
        }
        if (n == 1) {
            bCs = 1;
        }
        if (Simd.enabled() && VectorWarmup.doubleReady()) {
            VectorDgemm.gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        } else {
            ScalarGemm.dgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        }
    }
}
