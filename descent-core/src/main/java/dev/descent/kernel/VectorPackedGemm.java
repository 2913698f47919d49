package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API twin of {@link ScalarPackedGemm}: register tiles of 4 rows by 4 strips (16
 * accumulators), A broadcast straight from its rows (no packing: the rows are the fresh hidden
 * state), B from the panel. The strip group is the outer loop so that its 4 strips stay in L1
 * while every row tile passes over them. Same FMA chains as the scalar twin, so the same bits.
 */
final class VectorPackedGemm {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();
    private static final int MR = 4;
    private static final int NS = 4;

    private VectorPackedGemm() {}

    static void multiply(int k, int n, float[] panel, int m, float[] a, int aOff, int lda,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        int strips = PackedGemm.strips(n, L);
        int blocks = PackedGemm.kBlocks(k);
        for (int kb = 0; kb < blocks; kb++) {
            int p0 = GemmBlocking.split(k, blocks, kb);
            int p1 = GemmBlocking.split(k, blocks, kb + 1);
            boolean add = kb > 0 || accumulate;
            int s = 0;
            // whole groups of NS strips that need no mask
            for (; s + NS <= strips && (s + NS) * L <= n; s += NS) {
                int i = 0;
                for (; i + MR <= m; i += MR) {
                    tile4x4(k, p0, p1, panel, s, a, aOff + i * lda, lda, c, cOff + i * ldc + s * L, ldc, add);
                }
                for (; i < m; i++) {
                    for (int q = 0; q < NS; q++) {
                        tile1x1(k, p0, p1, panel, s + q, a, aOff + i * lda, c, cOff + i * ldc + (s + q) * L, add,
                                S.maskAll(true));
                    }
                }
            }
            for (; s < strips; s++) {
                VectorMask<Float> mask = S.indexInRange(s * L, n);
                for (int i = 0; i < m; i++) {
                    tile1x1(k, p0, p1, panel, s, a, aOff + i * lda, c, cOff + i * ldc + s * L, add, mask);
                }
            }
        }
    }

    private static void tile4x4(int k, int p0, int p1, float[] panel, int s, float[] a, int ai, int lda,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        int stripLen = k * L;
        int b0 = s * stripLen + p0 * L;
        for (int p = p0; p < p1; p++, b0 += L) {
            FloatVector v0 = FloatVector.fromArray(S, panel, b0);
            FloatVector v1 = FloatVector.fromArray(S, panel, b0 + stripLen);
            FloatVector v2 = FloatVector.fromArray(S, panel, b0 + 2 * stripLen);
            FloatVector v3 = FloatVector.fromArray(S, panel, b0 + 3 * stripLen);
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c00 = x.lanewise(VectorOperators.FMA, v0, c00);
            c01 = x.lanewise(VectorOperators.FMA, v1, c01);
            c02 = x.lanewise(VectorOperators.FMA, v2, c02);
            c03 = x.lanewise(VectorOperators.FMA, v3, c03);
            x = FloatVector.broadcast(S, a[ai + lda + p]);
            c10 = x.lanewise(VectorOperators.FMA, v0, c10);
            c11 = x.lanewise(VectorOperators.FMA, v1, c11);
            c12 = x.lanewise(VectorOperators.FMA, v2, c12);
            c13 = x.lanewise(VectorOperators.FMA, v3, c13);
            x = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
            c20 = x.lanewise(VectorOperators.FMA, v0, c20);
            c21 = x.lanewise(VectorOperators.FMA, v1, c21);
            c22 = x.lanewise(VectorOperators.FMA, v2, c22);
            c23 = x.lanewise(VectorOperators.FMA, v3, c23);
            x = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
            c30 = x.lanewise(VectorOperators.FMA, v0, c30);
            c31 = x.lanewise(VectorOperators.FMA, v1, c31);
            c32 = x.lanewise(VectorOperators.FMA, v2, c32);
            c33 = x.lanewise(VectorOperators.FMA, v3, c33);
        }
        // Stored here, not in a helper: a helper taking vectors that C2 declines to inline gets them
        // boxed, and the accumulating path then ran five times slower.
        if (add) {
            FloatVector.fromArray(S, c, ci).lanewise(VectorOperators.ADD, c00).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).lanewise(VectorOperators.ADD, c01).intoArray(c, ci + L);
            FloatVector.fromArray(S, c, ci + 2 * L).lanewise(VectorOperators.ADD, c02).intoArray(c, ci + 2 * L);
            FloatVector.fromArray(S, c, ci + 3 * L).lanewise(VectorOperators.ADD, c03).intoArray(c, ci + 3 * L);
            FloatVector.fromArray(S, c, ci + ldc).lanewise(VectorOperators.ADD, c10).intoArray(c, ci + ldc);
            FloatVector.fromArray(S, c, ci + ldc + L).lanewise(VectorOperators.ADD, c11).intoArray(c, ci + ldc + L);
            FloatVector.fromArray(S, c, ci + ldc + 2 * L).lanewise(VectorOperators.ADD, c12).intoArray(c, ci + ldc + 2 * L);
            FloatVector.fromArray(S, c, ci + ldc + 3 * L).lanewise(VectorOperators.ADD, c13).intoArray(c, ci + ldc + 3 * L);
            FloatVector.fromArray(S, c, ci + 2 * ldc).lanewise(VectorOperators.ADD, c20).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + L).lanewise(VectorOperators.ADD, c21).intoArray(c, ci + 2 * ldc + L);
            FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * L).lanewise(VectorOperators.ADD, c22).intoArray(c, ci + 2 * ldc + 2 * L);
            FloatVector.fromArray(S, c, ci + 2 * ldc + 3 * L).lanewise(VectorOperators.ADD, c23).intoArray(c, ci + 2 * ldc + 3 * L);
            FloatVector.fromArray(S, c, ci + 3 * ldc).lanewise(VectorOperators.ADD, c30).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + L).lanewise(VectorOperators.ADD, c31).intoArray(c, ci + 3 * ldc + L);
            FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * L).lanewise(VectorOperators.ADD, c32).intoArray(c, ci + 3 * ldc + 2 * L);
            FloatVector.fromArray(S, c, ci + 3 * ldc + 3 * L).lanewise(VectorOperators.ADD, c33).intoArray(c, ci + 3 * ldc + 3 * L);
        } else {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c02.intoArray(c, ci + 2 * L);
            c03.intoArray(c, ci + 3 * L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c12.intoArray(c, ci + ldc + 2 * L);
            c13.intoArray(c, ci + ldc + 3 * L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c22.intoArray(c, ci + 2 * ldc + 2 * L);
            c23.intoArray(c, ci + 2 * ldc + 3 * L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c32.intoArray(c, ci + 3 * ldc + 2 * L);
            c33.intoArray(c, ci + 3 * ldc + 3 * L);
        }
    }

    /** One row by one strip, masked to the columns that exist (for the edges). */
    private static void tile1x1(int k, int p0, int p1, float[] panel, int s, float[] a, int ai,
                                float[] c, int ci, boolean add, VectorMask<Float> mask) {
        FloatVector acc = FloatVector.zero(S);
        int b0 = s * k * L + p0 * L;
        for (int p = p0; p < p1; p++, b0 += L) {
            acc = FloatVector.broadcast(S, a[ai + p]).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, panel, b0), acc);
        }
        if (add) {
            FloatVector.fromArray(S, c, ci, mask).lanewise(VectorOperators.ADD, acc).intoArray(c, ci, mask);
        } else {
            acc.intoArray(c, ci, mask);
        }
    }
}
