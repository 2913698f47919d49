package dev.descent.kernel;

/**
 * Plain-Java GEMM: the reference the vector kernels are tested against, and the path taken when the
 * Vector API is absent or disabled.
 *
 * <p>{@code C(i,j) = (add ? C(i,j) : 0) + sum_p A(i,p) * B(p,j)}, summed in increasing p with separate
 * multiply and add. The i-p-j loop order streams rows of B and C; K is blocked so a block of B rows
 * stays in cache while a band of C rows passes over it. Rows of C are split across threads, which
 * does not change any element's order of summation.
 */
final class ScalarGemm {

    /** Rows of B reused from cache per pass. */
    private static final int KB = 256;

    private ScalarGemm() {
    }

    /** Single precision; arguments checked by {@link Gemm}, {@code m, n, k >= 1}. */
    static void sgemm(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean add) {
        int grain = rowsPerTask(n, k);
        Parallel.forRange(m, grain, (i0, i1) -> {
            if (!add) {
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(k, p0 + KB);
                for (int i = i0; i < i1; i++) {
                    int ci = cOff + i * ldc;
                    for (int p = p0; p < p1; p++) {
                        float aip = a[aOff + i * aRs + p * aCs];
                        int bi = bOff + p * bRs;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += aip * b[bi + j * bCs];
                        }
                    }
                }
            }
        });
    }

    /** Double precision; arguments checked by {@link Gemm}, {@code m, n, k >= 1}. */
    static void dgemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean add) {
        int grain = rowsPerTask(n, k);
        Parallel.forRange(m, grain, (i0, i1) -> {
            if (!add) {
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(k, p0 + KB);
                for (int i = i0; i < i1; i++) {
                    int ci = cOff + i * ldc;
                    for (int p = p0; p < p1; p++) {
                        double aip = a[aOff + i * aRs + p * aCs];
                        int bi = bOff + p * bRs;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += aip * b[bi + j * bCs];
                        }
                    }
                }
            }
        });
    }

    private static int rowsPerTask(int n, int k) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, GemmBlocking.TASK_MNK / ((long) n * k)));
    }
}
