package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API reduction kernels on contiguous double runs: {@link VectorReduceFloat} with double
 * lanes (blocked sums with a fixed lane tree; deterministic).
 */
final class VectorReduceDouble {

    static final int BLOCK = 2048;
    private static final VectorSpecies<Double> S = VectorShapes.STREAM_DOUBLE;
    private static final int L = S.length();

    private VectorReduceDouble() {}

    /** Reduces {@code a[off .. off + n)}; {@code PROD} is scalar (a rare op, where range matters more than speed). */
    static double run(ReduceOp op, int n, double[] a, int off) {
        return switch (op) {
            case SUM -> sum(n, a, off);
            case SUM_OF_SQUARES -> sumOfSquares(n, a, off);
            case MAX -> max(n, a, off);
            case MIN -> min(n, a, off);
            case PROD -> ScalarReduce.run(op, n, a, off, 1);
        };
    }

    static double sum(int n, double[] a, int off) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int i = b;
            for (int ub = b + ((end - b) & -(4 * L)); i < ub; i += 4 * L) {
                s0 = s0.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + i));
                s1 = s1.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + i + L));
                s2 = s2.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + i + 2 * L));
                s3 = s3.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + i + 3 * L));
            }
            for (; i + L <= end; i += L) {
                s0 = s0.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + i));
            }
            if (i < end) {
                s1 = s1.lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + i, S.indexInRange(i, end)));
            }
            total += LaneTree.addLanes(s0.lanewise(VectorOperators.ADD, s1).lanewise(VectorOperators.ADD, s2.lanewise(VectorOperators.ADD, s3)));
        }
        return total;
    }

    static double sumOfSquares(int n, double[] a, int off) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int i = b;
            for (int ub = b + ((end - b) & -(4 * L)); i < ub; i += 4 * L) {
                DoubleVector v0 = DoubleVector.fromArray(S, a, off + i);
                DoubleVector v1 = DoubleVector.fromArray(S, a, off + i + L);
                DoubleVector v2 = DoubleVector.fromArray(S, a, off + i + 2 * L);
                DoubleVector v3 = DoubleVector.fromArray(S, a, off + i + 3 * L);
                s0 = v0.lanewise(VectorOperators.FMA, v0, s0);
                s1 = v1.lanewise(VectorOperators.FMA, v1, s1);
                s2 = v2.lanewise(VectorOperators.FMA, v2, s2);
                s3 = v3.lanewise(VectorOperators.FMA, v3, s3);
            }
            for (; i + L <= end; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, a, off + i);
                s0 = v.lanewise(VectorOperators.FMA, v, s0);
            }
            if (i < end) {
                DoubleVector v = DoubleVector.fromArray(S, a, off + i, S.indexInRange(i, end));
                s1 = v.lanewise(VectorOperators.FMA, v, s1);
            }
            total += LaneTree.addLanes(s0.lanewise(VectorOperators.ADD, s1).lanewise(VectorOperators.ADD, s2.lanewise(VectorOperators.ADD, s3)));
        }
        return total;
    }

    /** {@code sum a[ao + i] * b[bo + i]}, blocked as {@link #sum}. */
    static double dot(int n, double[] a, int ao, double[] b, int bo) {
        double total = 0;
        for (int blk = 0; blk < n; blk += BLOCK) {
            int end = Math.min(n, blk + BLOCK);
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int i = blk;
            for (int ub = blk + ((end - blk) & -(4 * L)); i < ub; i += 4 * L) {
                s0 = DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bo + i), s0);
                s1 = DoubleVector.fromArray(S, a, ao + i + L).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bo + i + L), s1);
                s2 = DoubleVector.fromArray(S, a, ao + i + 2 * L).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bo + i + 2 * L), s2);
                s3 = DoubleVector.fromArray(S, a, ao + i + 3 * L).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bo + i + 3 * L), s3);
            }
            for (; i + L <= end; i += L) {
                s0 = DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bo + i), s0);
            }
            if (i < end) {
                VectorMask<Double> m = S.indexInRange(i, end);
                s1 = DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, b, bo + i, m), s1);
            }
            total += LaneTree.addLanes(s0.lanewise(VectorOperators.ADD, s1).lanewise(VectorOperators.ADD, s2.lanewise(VectorOperators.ADD, s3)));
        }
        return total;
    }

    static double max(int n, double[] a, int off) {
        // four accumulators: Java's max (NaN- and signed-zero-aware) takes several instructions per
        // vector, so one dependency chain would run slower than memory
        DoubleVector m0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        DoubleVector m1 = m0;
        DoubleVector m2 = m0;
        DoubleVector m3 = m0;
        int i = 0;
        for (int ub = n & -(4 * L); i < ub; i += 4 * L) {
            m0 = m0.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + i));
            m1 = m1.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + i + L));
            m2 = m2.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + i + 2 * L));
            m3 = m3.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + i + 3 * L));
        }
        for (; i + L <= n; i += L) {
            m0 = m0.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + i));
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            m1 = m1.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + i, m).blend(Double.NEGATIVE_INFINITY, m.not()));
        }
        return LaneTree.maxLanes(m0.lanewise(VectorOperators.MAX, m1).lanewise(VectorOperators.MAX, m2.lanewise(VectorOperators.MAX, m3)));
    }

    static double min(int n, double[] a, int off) {
        // four accumulators: Java's min (NaN- and signed-zero-aware) takes several instructions per
        // vector, so one dependency chain would run slower than memory
        DoubleVector m0 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        DoubleVector m1 = m0;
        DoubleVector m2 = m0;
        DoubleVector m3 = m0;
        int i = 0;
        for (int ub = n & -(4 * L); i < ub; i += 4 * L) {
            m0 = m0.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + i));
            m1 = m1.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + i + L));
            m2 = m2.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + i + 2 * L));
            m3 = m3.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + i + 3 * L));
        }
        for (; i + L <= n; i += L) {
            m0 = m0.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + i));
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            m1 = m1.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + i, m).blend(Double.POSITIVE_INFINITY, m.not()));
        }
        return LaneTree.minLanes(m0.lanewise(VectorOperators.MIN, m1).lanewise(VectorOperators.MIN, m2.lanewise(VectorOperators.MIN, m3)));
    }

    /**
     * Index of the first maximum (minimum) of {@code a[off .. off + n)}, NaN counting as the largest
     * (smallest) as in torch: a vector pass finds the value, a second pass its first position.
     */
    static int argRun(boolean max, int n, double[] a, int off) {
        double best = max ? max(n, a, off) : min(n, a, off);
        if (best != best) {
            for (int i = 0; i < n; i++) {
                if (a[off + i] != a[off + i]) {
                    return i;
                }
            }
        }
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Double> hit = DoubleVector.fromArray(S, a, off + i).compare(VectorOperators.EQ, best);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < n; i++) {
            if (a[off + i] == best) {
                return i;
            }
        }
        return 0; // unreachable for n > 0
    }

    /**
     * {@code acc[j] = acc[j] op a[off + j]} for {@code j < n}: one row of a column-wise reduction
     * ({@code SUM}, {@code SUM_OF_SQUARES}, {@code MAX}, {@code MIN}).
     *
     * <p>{@code lanewise(ADD, ..)} rather than {@code add(..)}: {@code add} is one method shared by
     * every species in the program, so its receiver-type profile mixes 256- and 512-bit vectors; C2,
     * which does not yet know the exact type of a just-loaded vector when it parses the call, went by
     * that profile, trapped, and settled on a boxed virtual call (1.6 GB of garbage in a few seconds of
     * Transformer training, JFR). The call written here has a profile of its own, with one type.
     */
    static void accumulateRow(ReduceOp op, int n, double[] a, int off, double[] acc) {
        switch (op) {
            case SUM -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    DoubleVector.fromArray(S, acc, j).lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, a, off + j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] += a[off + j];
                }
            }
            case SUM_OF_SQUARES -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    DoubleVector v = DoubleVector.fromArray(S, a, off + j);
                    v.lanewise(VectorOperators.FMA, v, DoubleVector.fromArray(S, acc, j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] = Math.fma(a[off + j], a[off + j], acc[j]);
                }
            }
            case MAX -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    DoubleVector.fromArray(S, acc, j).lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, a, off + j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] = Math.max(acc[j], a[off + j]);
                }
            }
            case MIN -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    DoubleVector.fromArray(S, acc, j).lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, a, off + j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] = Math.min(acc[j], a[off + j]);
                }
            }
            case PROD -> throw new IllegalArgumentException("PROD rows are accumulated by the scalar kernel");
        }
    }
}
