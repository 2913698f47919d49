package dev.descent.kernel;

/**
 * "Pack once, multiply many": a float32 B matrix packed once into column strips, then multiplied by
 * many row blocks of A, {@code C[m x n] = (accumulate ? C : 0) + A[m x k] * B[k x n]}. Made for
 * recurrent layers, which multiply the same recurrent weight by a new hidden state at every time
 * step: {@link Gemm} would pack the weight again at every step, which costs about as much as the
 * product itself at these sizes ([64 x 128] x [128 x 512]).
 *
 * <p>The panel holds B in strips of {@code width} columns (the float vector length), each strip
 * {@code k} rows of {@code width} contiguous values, the last one zero-padded. A is row-major with
 * unit column stride; C is row-major.
 *
 * <p>Numerics, as {@link Gemm}'s for a product that is not on its direct path: the sum over k is
 * cut into {@code ceil(k / KC)} near-equal blocks (one when {@code k <= KC}); within a block each
 * element of C is a chain of fused multiply-adds in increasing p started from zero; each block's sum
 * is then added to C, or replaces it for the first block without {@code accumulate}. The cut depends
 * on k alone, never on m, so a row of C has the same bits however the rows are split into blocks
 * or threads, and the scalar and vector twins give identical bits.
 */
public final class PackedGemm {
    private PackedGemm() {}

    /** B packed into column strips (see the class comment). Immutable once built. */
    public static final class Panel {
        final int k;
        final int n;
        final int width;
        final float[] data;

        private Panel(int k, int n, int width) {
            this.k = k;
            this.n = n;
            this.width = width;
            this.data = new float[Math.multiplyExact(strips(n, width) * width, Math.max(k, 1))];
        }

        /** Rows of B (the inner dimension). */
        public int k() {
            return k;
        }

        /** Columns of B (and of C). */
        public int n() {
            return n;
        }
    }

    /** Strip width the vector kernel wants; the scalar kernel reads any width. */
    private static int preferredWidth() {
        return Simd.enabled() ? Simd.FLOAT_LANES : 16;
    }

    static int strips(int n, int width) {
        return (n + width - 1) / width;
    }

    /**
     * Packs {@code B(p, j) = b[off + p*rowStride + j*colStride]} for {@code p < k, j < n}; a
     * transposed matrix is the same array with the strides swapped.
     */
    public static Panel pack(int k, int n, float[] b, int off, int rowStride, int colStride) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("PackedGemm.pack: negative size k=" + k + ", n=" + n);
        }
        GemmChecks.operand("b", b, b == null ? 0 : b.length, off, 1, 0, k, n, rowStride, colStride);
        Panel panel = new Panel(k, n, preferredWidth());
        int w = panel.width;
        for (int s = 0; s * w < n; s++) {
            int cols = Math.min(w, n - s * w);
            int base = s * k * w;
            for (int p = 0; p < k; p++) {
                int src = off + p * rowStride + s * w * colStride;
                int dst = base + p * w;
                for (int j = 0; j < cols; j++) {
                    panel.data[dst + j] = b[src + j * colStride];
                }
            }
        }
        return panel;
    }

    /**
     * {@code C = (accumulate ? C : 0) + A * B} for {@code m} rows: {@code A(i, p) = a[aOff + i*lda + p]},
     * {@code C(i, j) = c[cOff + i*ldc + j]}. Single-threaded: callers split rows across threads.
     */
    public static void multiply(Panel b, int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc,
                                boolean accumulate) {
        if (m < 0 || lda < b.k || ldc < b.n) {
            throw new IllegalArgumentException("PackedGemm.multiply: need m >= 0, lda >= k and ldc >= n, got m=" + m
                    + ", lda=" + lda + " (k=" + b.k + "), ldc=" + ldc + " (n=" + b.n + ")");
        }
        if (m == 0 || b.n == 0) {
            return;
        }
        Layout.checkRange("a", a.length, aOff, (m - 1) * lda + b.k);
        Layout.checkRange("c", c.length, cOff, (m - 1) * ldc + b.n);
        if (Simd.enabled() && b.width == Simd.FLOAT_LANES && VectorWarmup.floatReady()) {
            VectorPackedGemm.multiply(b.k, b.n, b.data, m, a, aOff, lda, c, cOff, ldc, accumulate);
        } else {
            ScalarPackedGemm.multiply(b.k, b.n, b.width, b.data, m, a, aOff, lda, c, cOff, ldc, accumulate);
        }
    }

    /** Number of K blocks the sum is cut into: depends on k alone (see the class comment). */
    static int kBlocks(int k) {
        return k <= GemmBlocking.KC ? 1 : GemmBlocking.ceilDiv(k, GemmBlocking.KC);
    }
}
