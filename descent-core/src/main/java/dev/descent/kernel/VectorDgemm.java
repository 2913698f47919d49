package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision GEMM on the Vector API: {@code C = (add ? C : 0) + A * B} with arbitrary strides.
 *
 * <p>Large products are packed: strips of A ({@code MR} rows) and of B ({@code NR} columns) are copied
 * into contiguous buffers (this is where any stride, transposed or broadcast, is absorbed), and an
 * {@code MR x NR} register tile ({@code NR} = two vectors) runs over them with FMAs. Edge tiles use the
 * same kernel on zero-padded strips, written through a scratch tile. {@link VectorDgemmJobs} decides
 * what is packed when and which thread does what. Tiny products take direct loops without packing.
 * Either way each element of C gets exactly the operations that {@link ScalarGemm} specifies, so the
 * two give identical bits.
 *
 * <p>Only {@link Gemm} calls this class, and only when {@link Simd#enabled()}; arguments are checked there.
 * The single- and double-precision classes are the same code with float-to-double substitutions
 * (species, arrays, literals); edit both alike.
 */
final class VectorDgemm {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /**
     * Rows of the register tile. With 32 vector registers (AVX-512, also NEON/SVE) 8 rows take 16
     * accumulators plus 3 operands; with AVX2's 16 registers that would spill, so 4 rows.
     */
    static final int MR = S.vectorBitSize() >= 512 ? 8 : 4;
    /** A vector of MR lanes: one column of a packed A strip. */
    private static final VectorSpecies<Double> SA = VectorSpecies.of(double.class, VectorShape.forBitSize(MR * Double.SIZE));

    private VectorDgemm() {
    }

    /** Arguments already checked by {@link Gemm}; {@code m, n, k >= 1}. */
    static void gemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                     double[] c, int cOff, int ldc, boolean add) {
        if (GemmBlocking.direct(m, n, k)) {
            direct(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        } else {
            VectorDgemmJobs.run(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        }
    }

    /**
     * Lane indexes that interleave two vectors' halves: {@code [x_lo, y_lo]} (first L) and
     * {@code [x_hi, y_hi]} (next L), for {@link #packPairs}.
     */
    private static final double[] HALVES = halvesIndexes();

    private static double[] halvesIndexes() {
        double[] idx = new double[2 * L];
        int h = L / 2;
        for (int j = 0; j < h; j++) {
            idx[j] = j;
            idx[h + j] = L + j;
            idx[L + j] = h + j;
            idx[L + h + j] = L + h + j;
        }
        return idx;
    }

    /** Columns of a transposed A (rows of its source) that {@link #packPairs} reads per pass. */
    private static final int A_ROWS = 32;

    /**
     * Packs rows x kc of A as consecutive strips of MR rows, each kc columns of MR contiguous values
     * (strip s at {@code ap[dst + s * MR * kc]}, the last one zero-padded): {@link #packA} strip by
     * strip, except for a transposed A (row stride 1, a gradient's {@code g^T}) when a vector holds
     * two strips' rows ({@link #packPairs}).
     */
    static void packABlock(double[] a, int base, int rs, int cs, int rows, int kc, double[] ap, int dst) {
        int s = 0;
        if (rs == 1 && L == 2 * MR && rows >= 2 * MR) {
            s = packPairs(a, base, cs, rows / (2 * MR), kc, ap, dst);
        }
        for (; s * MR < rows; s++) {
            packA(a, base + s * MR * rs, rs, cs, Math.min(MR, rows - s * MR), kc, ap, dst + s * MR * kc);
        }
    }

    /**
     * Packs {@code pairs} pairs of whole strips of a transposed A (columns of A contiguous, {@code cs}
     * apart) and returns the strips done. Strip by strip, each strip would walk every column of A
     * again, a cache line and often a TLB page per 8 values, and only half of each line is its own;
     * that ran at 1.5-2 doubles/ns against 5-8 for a row-major A. Here one vector load takes a column's
     * values for two strips, two columns' loads are interleaved into one full vector for each strip
     * (two selects), and the block is read {@link #A_ROWS} columns at a time so that the lines and
     * pages of those columns stay cached while every pair of strips takes its part: about 4-8 doubles/ns.
     * Each strip is written sequentially within a pass: writing all strips column by column runs into
     * L1 set conflicts when a strip's size is a multiple of 4 KB (kc = 128).
     */
    private static int packPairs(double[] a, int base, int cs, int pairs, int kc, double[] ap, int dst) {
        DoubleVector lo = DoubleVector.fromArray(S, HALVES, 0);
        DoubleVector hi = DoubleVector.fromArray(S, HALVES, L);
        int strip = MR * kc;
        int even = kc & ~1;
        for (int p0 = 0; p0 < even; p0 += A_ROWS) {
            int p1 = Math.min(even, p0 + A_ROWS);
            for (int t = 0; t < pairs; t++) {
                int src = base + t * L;
                for (int p = p0, d = dst + 2 * t * strip + p0 * MR; p < p1; p += 2, d += L) {
                    DoubleVector x = DoubleVector.fromArray(S, a, src + p * cs);
                    DoubleVector y = DoubleVector.fromArray(S, a, src + (p + 1) * cs);
                    lo.selectFrom(x, y).intoArray(ap, d);
                    hi.selectFrom(x, y).intoArray(ap, d + strip);
                }
            }
        }
        if (even < kc) {
            for (int t = 0; t < 2 * pairs; t++) {
                DoubleVector.fromArray(SA, a, base + t * MR + even * cs).intoArray(ap, dst + t * strip + even * MR);
            }
        }
        return 2 * pairs;
    }

    /** Packs rows x kc of A (zero-padded to MR rows) as kc columns of MR contiguous values. */
    static void packA(double[] a, int base, int rs, int cs, int rows, int kc, double[] ap, int dst) {
        if (rows == MR && rs == 1) {
            // Transposed A (a gradient's A^T): the MR values of each column are contiguous.
            for (int p = 0; p < kc; p++) {
                DoubleVector.fromArray(SA, a, base + p * cs).intoArray(ap, dst + p * MR);
            }
            return;
        }
        if (rows == MR && cs == 1) {
            // Row-major A: transpose blocks of 8 rows x L columns in registers, then read each row's
            // remaining columns sequentially; the strip being written (kc x MR) stays in L1.
            int p0 = 0;
            if (MR == 8) {
                for (; p0 + L <= kc; p0 += L) {
                    transpose8(a, base + p0, rs, ap, dst + p0 * 8);
                }
            }
            for (int r = 0; r < MR; r++) {
                int src = base + r * rs;
                for (int p = p0, d = dst + p0 * MR + r; p < kc; p++, d += MR) {
                    ap[d] = a[src + p];
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = base + p * cs;
            int d = dst + p * MR;
            for (int r = 0; r < rows; r++) {
                ap[d + r] = a[src + r * rs];
            }
            for (int r = rows; r < MR; r++) {
                ap[d + r] = 0.0;
            }
        }
    }

    /**
     * Lane indexes of the three merge stages of {@link #transpose8}, two vectors per stage (for even and
     * for odd output vectors). Stage s merges groups of {@code h = 2^(s-1)} rows into groups of
     * {@code g = 2h}. Within a group of g rows, vector t holds L/g consecutive columns, column by column,
     * all g rows of each; it takes its columns from vector t/2 of each half (the first or second half of
     * that vector's columns as t is even or odd), the rows of the first half from the first operand
     * (indexes below L) and those of the second half from the second (indexes from L).
     */
    private static final double[] MERGE = mergeIndexes();

    private static double[] mergeIndexes() {
        double[] idx = new double[6 * L];
        if (L < 8) {
            return idx;
        }
        for (int s = 1; s <= 3; s++) {
            int g = 1 << s;
            int h = g / 2;
            for (int odd = 0; odd < 2; odd++) {
                for (int j = 0; j < L; j++) {
                    int row = j % g;
                    int col = odd * (L / g) + j / g;
                    idx[(2 * (s - 1) + odd) * L + j] = col * h + row % h + (row < h ? 0 : L);
                }
            }
        }
        return idx;
    }

    /**
     * Packs 8 rows x L columns of a row-major A (row stride {@code rs}) as L columns of 8 contiguous
     * values at {@code ap[dst]}: eight row loads, three stages of eight two-vector selects (a
     * transpose in registers), eight stores. Replaces 8L scalar loads and stores with strided writes.
     */
    private static void transpose8(double[] a, int src, int rs, double[] ap, int dst) {
        DoubleVector r0 = DoubleVector.fromArray(S, a, src);
        DoubleVector r1 = DoubleVector.fromArray(S, a, src + rs);
        DoubleVector r2 = DoubleVector.fromArray(S, a, src + 2 * rs);
        DoubleVector r3 = DoubleVector.fromArray(S, a, src + 3 * rs);
        DoubleVector r4 = DoubleVector.fromArray(S, a, src + 4 * rs);
        DoubleVector r5 = DoubleVector.fromArray(S, a, src + 5 * rs);
        DoubleVector r6 = DoubleVector.fromArray(S, a, src + 6 * rs);
        DoubleVector r7 = DoubleVector.fromArray(S, a, src + 7 * rs);
        DoubleVector even = DoubleVector.fromArray(S, MERGE, 0);
        DoubleVector odd = DoubleVector.fromArray(S, MERGE, L);
        DoubleVector a0 = even.selectFrom(r0, r1), a1 = odd.selectFrom(r0, r1);
        DoubleVector a2 = even.selectFrom(r2, r3), a3 = odd.selectFrom(r2, r3);
        DoubleVector a4 = even.selectFrom(r4, r5), a5 = odd.selectFrom(r4, r5);
        DoubleVector a6 = even.selectFrom(r6, r7), a7 = odd.selectFrom(r6, r7);
        even = DoubleVector.fromArray(S, MERGE, 2 * L);
        odd = DoubleVector.fromArray(S, MERGE, 3 * L);
        DoubleVector b0 = even.selectFrom(a0, a2), b1 = odd.selectFrom(a0, a2);
        DoubleVector b2 = even.selectFrom(a1, a3), b3 = odd.selectFrom(a1, a3);
        DoubleVector b4 = even.selectFrom(a4, a6), b5 = odd.selectFrom(a4, a6);
        DoubleVector b6 = even.selectFrom(a5, a7), b7 = odd.selectFrom(a5, a7);
        even = DoubleVector.fromArray(S, MERGE, 4 * L);
        odd = DoubleVector.fromArray(S, MERGE, 5 * L);
        even.selectFrom(b0, b4).intoArray(ap, dst);
        odd.selectFrom(b0, b4).intoArray(ap, dst + L);
        even.selectFrom(b1, b5).intoArray(ap, dst + 2 * L);
        odd.selectFrom(b1, b5).intoArray(ap, dst + 3 * L);
        even.selectFrom(b2, b6).intoArray(ap, dst + 4 * L);
        odd.selectFrom(b2, b6).intoArray(ap, dst + 5 * L);
        even.selectFrom(b3, b7).intoArray(ap, dst + 6 * L);
        odd.selectFrom(b3, b7).intoArray(ap, dst + 7 * L);
    }

    /**
     * Packs kc x cols of B (zero-padded to NR columns) as kc rows of NR contiguous values;
     * {@code scratch} (at least {@code MR * NR} values) serves the in-register transposes of a
     * transposed B.
     */
    static void packB(double[] b, int base, int rs, int cs, int kc, int cols, double[] bp, int dst, double[] scratch) {
        if (cols == NR && cs == 1) {
            for (int p = 0; p < kc; p++) {
                int src = base + p * rs;
                int d = dst + p * NR;
                DoubleVector.fromArray(S, b, src).intoArray(bp, d);
                DoubleVector.fromArray(S, b, src + L).intoArray(bp, d + L);
            }
            return;
        }
        if (rs == 1) {
            // Transposed B (x W^T in every Linear forward): whole strips by 16 x 16 blocks transposed
            // in registers, then read each column sequentially, 16 values at a time, so that the
            // writes of one pass stay within 16 rows of the strip (in L1); about a third faster than
            // whole columns.
            int p0 = 0;
            if (MR == 8 && L == 16 && cols == NR) {
                for (; p0 + L <= kc; p0 += L) {
                    transpose16(b, base + p0, cs, bp, dst + p0 * NR, scratch);
                    transpose16(b, base + p0 + L * cs, cs, bp, dst + p0 * NR + L, scratch);
                }
            }
            for (; p0 + 16 <= kc; p0 += 16) {
                for (int j = 0; j < cols; j++) {
                    int src = base + j * cs + p0;
                    int d = dst + p0 * NR + j;
                    for (int q = 0; q < 16; q++) {
                        bp[d + q * NR] = b[src + q];
                    }
                }
            }
            for (int j = 0; j < cols; j++) {
                int src = base + j * cs;
                for (int p = p0, d = dst + p0 * NR + j; p < kc; p++, d += NR) {
                    bp[d] = b[src + p];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = base + p * rs;
                int d = dst + p * NR;
                for (int j = 0; j < cols; j++) {
                    bp[d + j] = b[src + j * cs];
                }
            }
        }
        if (cols < NR) {
            for (int p = 0; p < kc; p++) {
                int d = dst + p * NR;
                for (int j = cols; j < NR; j++) {
                    bp[d + j] = 0.0;
                }
            }
        }
    }

    /**
     * Packs 16 columns x 16 rows of a transposed B (column j at {@code src + j * cs}, its 16 values
     * contiguous) as 16 rows of 16 values, row p at {@code bp[dst + p * NR]}: two {@link #transpose8}
     * (columns 0-7 and 8-15, each giving vectors of two rows of 8 values) into {@code scratch}, then
     * each pair of half rows joined by the selects of {@link #packPairs}. Replaces 256 scalar loads
     * and strided stores with 16 loads, 64 selects and 48 stores.
     */
    private static void transpose16(double[] b, int src, int cs, double[] bp, int dst, double[] scratch) {
        transpose8(b, src, cs, scratch, 0);
        transpose8(b, src + 8 * cs, cs, scratch, 8 * L);
        DoubleVector lo = DoubleVector.fromArray(S, HALVES, 0);
        DoubleVector hi = DoubleVector.fromArray(S, HALVES, L);
        for (int t = 0; t < 8; t++) {
            DoubleVector x = DoubleVector.fromArray(S, scratch, t * L);
            DoubleVector y = DoubleVector.fromArray(S, scratch, (8 + t) * L);
            lo.selectFrom(x, y).intoArray(bp, dst + 2 * t * NR);
            hi.selectFrom(x, y).intoArray(bp, dst + (2 * t + 1) * NR);
        }
    }

    /**
     * One register tile of C, {@code rows x cols} at {@code ci}, from a packed A strip and B strip:
     * written straight into C when it is a whole tile that replaces C, else through {@code scratch}
     * (see {@link #kernel8}) and then stored or added.
     */
    static void tile(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc, int rows, int cols,
                     boolean add, double[] scratch) {
        if (!add && rows == MR && cols == NR) {
            kernel(kc, ap, ai, bp, bi, c, ci, ldc);
        } else {
            kernel(kc, ap, ai, bp, bi, scratch, 0, NR);
            storeTile(scratch, rows, cols, c, ci, ldc, add);
        }
    }

    private static void kernel(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        if (MR == 8) {
            kernel8(kc, ap, ai, bp, bi, c, ci, ldc);
        } else {
            kernel4(kc, ap, ai, bp, bi, c, ci, ldc);
        }
    }

    /**
     * Register tile: {@code C[8 x NR] = Ap[8 x kc] * Bp[kc x NR]}, both packed, C overwritten. Kept to
     * loads, broadcasts, FMAs and stores only: C2 must inline every Vector API call here to keep the
     * vectors in registers, and a bigger body can exceed its inlining budget and fall back to boxed vectors.
     */
    private static void kernel8(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z;
        DoubleVector c10 = z, c11 = z;
        DoubleVector c20 = z, c21 = z;
        DoubleVector c30 = z, c31 = z;
        DoubleVector c40 = z, c41 = z;
        DoubleVector c50 = z, c51 = z;
        DoubleVector c60 = z, c61 = z;
        DoubleVector c70 = z, c71 = z;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ao + 0]);
            c00 = a0.lanewise(VectorOperators.FMA, b0, c00);
            c01 = a0.lanewise(VectorOperators.FMA, b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = a1.lanewise(VectorOperators.FMA, b0, c10);
            c11 = a1.lanewise(VectorOperators.FMA, b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = a2.lanewise(VectorOperators.FMA, b0, c20);
            c21 = a2.lanewise(VectorOperators.FMA, b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = a3.lanewise(VectorOperators.FMA, b0, c30);
            c31 = a3.lanewise(VectorOperators.FMA, b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4]);
            c40 = a4.lanewise(VectorOperators.FMA, b0, c40);
            c41 = a4.lanewise(VectorOperators.FMA, b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5]);
            c50 = a5.lanewise(VectorOperators.FMA, b0, c50);
            c51 = a5.lanewise(VectorOperators.FMA, b1, c51);
            DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6]);
            c60 = a6.lanewise(VectorOperators.FMA, b0, c60);
            c61 = a6.lanewise(VectorOperators.FMA, b1, c61);
            DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7]);
            c70 = a7.lanewise(VectorOperators.FMA, b0, c70);
            c71 = a7.lanewise(VectorOperators.FMA, b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /**
     * Register tile: {@code C[4 x NR] = Ap[4 x kc] * Bp[kc x NR]}, both packed, C overwritten. Kept to
     * loads, broadcasts, FMAs and stores only: C2 must inline every Vector API call here to keep the
     * vectors in registers, and a bigger body can exceed its inlining budget and fall back to boxed vectors.
     */
    private static void kernel4(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z;
        DoubleVector c10 = z, c11 = z;
        DoubleVector c20 = z, c21 = z;
        DoubleVector c30 = z, c31 = z;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * 4;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ao + 0]);
            c00 = a0.lanewise(VectorOperators.FMA, b0, c00);
            c01 = a0.lanewise(VectorOperators.FMA, b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = a1.lanewise(VectorOperators.FMA, b0, c10);
            c11 = a1.lanewise(VectorOperators.FMA, b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = a2.lanewise(VectorOperators.FMA, b0, c20);
            c21 = a2.lanewise(VectorOperators.FMA, b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = a3.lanewise(VectorOperators.FMA, b0, c30);
            c31 = a3.lanewise(VectorOperators.FMA, b1, c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    /** Writes (or adds) the valid {@code rows x cols} part of a scratch tile into C. */
    private static void storeTile(double[] tile, int rows, int cols, double[] c, int ci, int ldc, boolean add) {
        for (int r = 0; r < rows; r++) {
            int t = r * NR;
            int d = ci + r * ldc;
            if (!add) {
                System.arraycopy(tile, t, c, d, cols);
            } else if (cols == NR) {
                DoubleVector.fromArray(S, tile, t).lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, d)).intoArray(c, d);
                DoubleVector.fromArray(S, tile, t + L).lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, d + L)).intoArray(c, d + L);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[d + j] = tile[t + j] + c[d + j];
                }
            }
        }
    }

    /** Small (or one-row, one-column) products without packing: one FMA chain over all of k per element. */
    static void direct(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                       double[] c, int cOff, int ldc, boolean add) {
        if (n == 1 || (bCs != 1 && m == 1)) {
            // One column: nothing to vectorise across j. One row of a strided B: copying B would cost
            // as much as the product. The scalar twin does the same sums.
            ScalarGemm.dgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        } else if (bCs == 1) {
            directRows(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, add);
        } else {
            // Small and B strided along j (e.g. x times W transposed): copy B to contiguous rows first.
            double[] bc = Workspace.get().doubleB(k * n);
            for (int p = 0; p < k; p++) {
                int src = bOff + p * bRs;
                int dst = p * n;
                for (int j = 0; j < n; j++) {
                    bc[dst + j] = b[src + j * bCs];
                }
            }
            directRows(m, n, k, a, aOff, aRs, aCs, bc, 0, n, c, cOff, ldc, add);
        }
    }

    /**
     * Rows of B contiguous: each row of C is a combination of rows of B. Four rows of C at a time share
     * every load of B, and their separate FMA chains hide each other's latency.
     */
    private static void directRows(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs,
                                   double[] c, int cOff, int ldc, boolean add) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = rows4Wide(i, n, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, add);
            for (; j < n; j += L) {
                rows4Narrow(i, j, n, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, add);
            }
        }
        for (; i < m; i++) {
            row1(i, n, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, add);
        }
    }

    /**
     * Rows i..i+3, columns in steps of two vectors; returns the first column not done. Split from
     * {@link #rows4Narrow} to keep each method within C2's inlining budget (see {@link #kernel8}).
     */
    private static int rows4Wide(int i, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs,
                                 double[] c, int cOff, int ldc, boolean add) {
        int a0 = aOff + i * aRs;
        int c0 = cOff + i * ldc;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
            DoubleVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
            for (int p = 0; p < k; p++) {
                int bi = bOff + p * bRs + j;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
                int ai = a0 + p * aCs;
                DoubleVector av = DoubleVector.broadcast(S, a[ai]);
                s00 = av.lanewise(VectorOperators.FMA, b0, s00);
                s01 = av.lanewise(VectorOperators.FMA, b1, s01);
                av = DoubleVector.broadcast(S, a[ai + aRs]);
                s10 = av.lanewise(VectorOperators.FMA, b0, s10);
                s11 = av.lanewise(VectorOperators.FMA, b1, s11);
                av = DoubleVector.broadcast(S, a[ai + 2 * aRs]);
                s20 = av.lanewise(VectorOperators.FMA, b0, s20);
                s21 = av.lanewise(VectorOperators.FMA, b1, s21);
                av = DoubleVector.broadcast(S, a[ai + 3 * aRs]);
                s30 = av.lanewise(VectorOperators.FMA, b0, s30);
                s31 = av.lanewise(VectorOperators.FMA, b1, s31);
            }
            int ci = c0 + j;
            if (add) {
                s00 = s00.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci));
                s01 = s01.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + L));
                s10 = s10.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + ldc));
                s11 = s11.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + ldc + L));
                s20 = s20.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + 2 * ldc));
                s21 = s21.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + 2 * ldc + L));
                s30 = s30.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + 3 * ldc));
                s31 = s31.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + 3 * ldc + L));
            }
            s00.intoArray(c, ci);
            s01.intoArray(c, ci + L);
            s10.intoArray(c, ci + ldc);
            s11.intoArray(c, ci + ldc + L);
            s20.intoArray(c, ci + 2 * ldc);
            s21.intoArray(c, ci + 2 * ldc + L);
            s30.intoArray(c, ci + 3 * ldc);
            s31.intoArray(c, ci + 3 * ldc + L);
        }
        return j;
    }

    /** Rows i..i+3, one vector of columns from j, masked past n (lanes past n load zeros, are not stored). */
    private static void rows4Narrow(int i, int j, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff,
                                    int bRs, double[] c, int cOff, int ldc, boolean add) {
        VectorMask<Double> mask = S.indexInRange(j, n);
        int a0 = aOff + i * aRs;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p++) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bOff + p * bRs + j, mask);
            int ai = a0 + p * aCs;
            s0 = DoubleVector.broadcast(S, a[ai]).lanewise(VectorOperators.FMA, bv, s0);
            s1 = DoubleVector.broadcast(S, a[ai + aRs]).lanewise(VectorOperators.FMA, bv, s1);
            s2 = DoubleVector.broadcast(S, a[ai + 2 * aRs]).lanewise(VectorOperators.FMA, bv, s2);
            s3 = DoubleVector.broadcast(S, a[ai + 3 * aRs]).lanewise(VectorOperators.FMA, bv, s3);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            s0 = s0.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci, mask));
            s1 = s1.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + ldc, mask));
            s2 = s2.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + 2 * ldc, mask));
            s3 = s3.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + 3 * ldc, mask));
        }
        s0.intoArray(c, ci, mask);
        s1.intoArray(c, ci + ldc, mask);
        s2.intoArray(c, ci + 2 * ldc, mask);
        s3.intoArray(c, ci + 3 * ldc, mask);
    }

    /** One row of C, two vectors of columns at a time, then masked single vectors. */
    private static void row1(int i, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs,
                             double[] c, int cOff, int ldc, boolean add) {
        int ai = aOff + i * aRs;
        int ci = cOff + i * ldc;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
            for (int p = 0; p < k; p++) {
                DoubleVector av = DoubleVector.broadcast(S, a[ai + p * aCs]);
                int bi = bOff + p * bRs + j;
                s0 = av.lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bi), s0);
                s1 = av.lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bi + L), s1);
            }
            if (add) {
                s0 = s0.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + j));
                s1 = s1.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + j + L));
            }
            s0.intoArray(c, ci + j);
            s1.intoArray(c, ci + j + L);
        }
        for (; j < n; j += L) {
            VectorMask<Double> mask = S.indexInRange(j, n);
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                s0 = DoubleVector.broadcast(S, a[ai + p * aCs]).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bOff + p * bRs + j, mask), s0);
            }
            if (add) {
                s0 = s0.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + j, mask));
            }
            s0.intoArray(c, ci + j, mask);
        }
    }
}
