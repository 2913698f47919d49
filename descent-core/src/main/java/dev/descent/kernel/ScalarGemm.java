package dev.descent.kernel;

import static dev.descent.kernel.GemmBlocking.split;

/**
 * Plain-Java GEMM: the reference that defines the numerics, the path taken without the Vector API,
 * and the twin the vector kernels must match bit for bit.
 *
 * <p>The sum over k is cut into {@link GemmBlocking#kBlocks} blocks. Within block b, each element is
 * one chain of fused multiply-adds in increasing p, started from +0:
 * {@code t = fma(A(i,p), B(p,j), t)}. The block's result then replaces C(i,j) (first block, not
 * accumulating) or is added to it: {@code C(i,j) = t + C(i,j)}. Nothing here depends on the thread
 * count, the vector width or the register tile, so neither do the results.
 *
 * <p>The loop order is i-p-j over a row buffer, so rows of B and C stream and, when B's rows are
 * contiguous, the JIT can vectorise the inner loop.
 */
final class ScalarGemm {

    private ScalarGemm() {
    }

    /** Single precision; arguments checked by {@link Gemm}, {@code m, n, k >= 1}. */
    static void sgemm(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean add) {
        int kBlocks = GemmBlocking.kBlocks(m, n, k);
        Parallel.forRange(m, rowsPerTask(n, k), (i0, i1) -> {
            if (n == 1) {
                column(i0, i1, k, kBlocks, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, add);
                return;
            }
            float[] t = Workspace.get().floatRow(n);
            for (int kb = 0; kb < kBlocks; kb++) {
                int p0 = split(k, kBlocks, kb);
                int p1 = split(k, kBlocks, kb + 1);
                boolean addBlock = add || kb > 0;
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(t, 0, n, 0f);
                    for (int p = p0; p < p1; p++) {
                        float aip = a[aOff + i * aRs + p * aCs];
                        int bi = bOff + p * bRs;
                        if (bCs == 1) {
                            for (int j = 0; j < n; j++) {
                                t[j] = Math.fma(aip, b[bi + j], t[j]);
                            }
                        } else {
                            for (int j = 0; j < n; j++) {
                                t[j] = Math.fma(aip, b[bi + j * bCs], t[j]);
                            }
                        }
                    }
                    int ci = cOff + i * ldc;
                    if (addBlock) {
                        for (int j = 0; j < n; j++) {
                            c[ci + j] = t[j] + c[ci + j];
                        }
                    } else {
                        System.arraycopy(t, 0, c, ci, n);
                    }
                }
            }
        });
    }

    /** Double precision; arguments checked by {@link Gemm}, {@code m, n, k >= 1}. */
    static void dgemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean add) {
        int kBlocks = GemmBlocking.kBlocks(m, n, k);
        Parallel.forRange(m, rowsPerTask(n, k), (i0, i1) -> {
            if (n == 1) {
                column(i0, i1, k, kBlocks, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, add);
                return;
            }
            double[] t = Workspace.get().doubleRow(n);
            for (int kb = 0; kb < kBlocks; kb++) {
                int p0 = split(k, kBlocks, kb);
                int p1 = split(k, kBlocks, kb + 1);
                boolean addBlock = add || kb > 0;
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(t, 0, n, 0.0);
                    for (int p = p0; p < p1; p++) {
                        double aip = a[aOff + i * aRs + p * aCs];
                        int bi = bOff + p * bRs;
                        if (bCs == 1) {
                            for (int j = 0; j < n; j++) {
                                t[j] = Math.fma(aip, b[bi + j], t[j]);
                            }
                        } else {
                            for (int j = 0; j < n; j++) {
                                t[j] = Math.fma(aip, b[bi + j * bCs], t[j]);
                            }
                        }
                    }
                    int ci = cOff + i * ldc;
                    if (addBlock) {
                        for (int j = 0; j < n; j++) {
                            c[ci + j] = t[j] + c[ci + j];
                        }
                    } else {
                        System.arraycopy(t, 0, c, ci, n);
                    }
                }
            }
        });
    }

    /**
     * One column of C (a matrix times a vector): four rows' chains at a time in registers, so the
     * FMA latency overlaps; each chain is still summed in increasing p.
     */
    private static void column(int i0, int i1, int k, int kBlocks, float[] a, int aOff, int aRs, int aCs,
                               float[] b, int bOff, int bRs, float[] c, int cOff, int ldc, boolean add) {
        for (int kb = 0; kb < kBlocks; kb++) {
            int p0 = split(k, kBlocks, kb);
            int p1 = split(k, kBlocks, kb + 1);
            boolean addBlock = add || kb > 0;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int ai = aOff + i * aRs;
                for (int p = p0; p < p1; p++) {
                    float bp = b[bOff + p * bRs];
                    int ap = ai + p * aCs;
                    s0 = Math.fma(a[ap], bp, s0);
                    s1 = Math.fma(a[ap + aRs], bp, s1);
                    s2 = Math.fma(a[ap + 2 * aRs], bp, s2);
                    s3 = Math.fma(a[ap + 3 * aRs], bp, s3);
                }
                int ci = cOff + i * ldc;
                c[ci] = addBlock ? s0 + c[ci] : s0;
                c[ci + ldc] = addBlock ? s1 + c[ci + ldc] : s1;
                c[ci + 2 * ldc] = addBlock ? s2 + c[ci + 2 * ldc] : s2;
                c[ci + 3 * ldc] = addBlock ? s3 + c[ci + 3 * ldc] : s3;
            }
            for (; i < i1; i++) {
                float s0 = 0f;
                for (int p = p0; p < p1; p++) {
                    s0 = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs], s0);
                }
                int ci = cOff + i * ldc;
                c[ci] = addBlock ? s0 + c[ci] : s0;
            }
        }
    }

    /**
     * One column of C (a matrix times a vector): four rows' chains at a time in registers, so the
     * FMA latency overlaps; each chain is still summed in increasing p.
     */
    private static void column(int i0, int i1, int k, int kBlocks, double[] a, int aOff, int aRs, int aCs,
                               double[] b, int bOff, int bRs, double[] c, int cOff, int ldc, boolean add) {
        for (int kb = 0; kb < kBlocks; kb++) {
            int p0 = split(k, kBlocks, kb);
            int p1 = split(k, kBlocks, kb + 1);
            boolean addBlock = add || kb > 0;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                int ai = aOff + i * aRs;
                for (int p = p0; p < p1; p++) {
                    double bp = b[bOff + p * bRs];
                    int ap = ai + p * aCs;
                    s0 = Math.fma(a[ap], bp, s0);
                    s1 = Math.fma(a[ap + aRs], bp, s1);
                    s2 = Math.fma(a[ap + 2 * aRs], bp, s2);
                    s3 = Math.fma(a[ap + 3 * aRs], bp, s3);
                }
                int ci = cOff + i * ldc;
                c[ci] = addBlock ? s0 + c[ci] : s0;
                c[ci + ldc] = addBlock ? s1 + c[ci + ldc] : s1;
                c[ci + 2 * ldc] = addBlock ? s2 + c[ci + 2 * ldc] : s2;
                c[ci + 3 * ldc] = addBlock ? s3 + c[ci + 3 * ldc] : s3;
            }
            for (; i < i1; i++) {
                double s0 = 0.0;
                for (int p = p0; p < p1; p++) {
                    s0 = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs], s0);
                }
                int ci = cOff + i * ldc;
                c[ci] = addBlock ? s0 + c[ci] : s0;
            }
        }
    }

    private static int rowsPerTask(int n, int k) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, GemmBlocking.TASK_MNK / ((long) n * k)));
    }
}
