package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API reduction kernels on contiguous float runs.
 *
 * <p>Sums are blocked: within a block of {@value #BLOCK} elements, four vector accumulators of float
 * lanes each add up {@code BLOCK / (4 * lanes)} elements; the lanes are then added in a fixed tree
 * (by {@link LaneTree}, not {@code reduceLanes}, whose order the JIT may change) and the block total is
 * added to a double. The error is about {@code (BLOCK / (4 * lanes) + log2(lanes))} float ulps of the
 * sum of magnitudes, whatever the length, and the result depends only on the run's start, never on the
 * thread count or on whether the code was compiled.
 */
final class VectorReduceFloat {

    static final int BLOCK = 2048;
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorReduceFloat() {}

    /** Reduces {@code a[off .. off + n)}; {@code PROD} is scalar (a rare op, where range matters more than speed). */
    static double run(ReduceOp op, int n, float[] a, int off) {
        return switch (op) {
            case SUM -> sum(n, a, off);
            case SUM_OF_SQUARES -> sumOfSquares(n, a, off);
            case MAX -> max(n, a, off);
            case MIN -> min(n, a, off);
            case PROD -> ScalarReduce.run(op, n, a, off, 1);
        };
    }

    static double sum(int n, float[] a, int off) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int i = b;
            for (int ub = b + ((end - b) & -(4 * L)); i < ub; i += 4 * L) {
                s0 = s0.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + i));
                s1 = s1.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + i + L));
                s2 = s2.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + i + 2 * L));
                s3 = s3.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + i + 3 * L));
            }
            for (; i + L <= end; i += L) {
                s0 = s0.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + i));
            }
            if (i < end) {
                s1 = s1.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + i, S.indexInRange(i, end)));
            }
            total += LaneTree.addLanes(s0.lanewise(VectorOperators.ADD, s1).lanewise(VectorOperators.ADD, s2.lanewise(VectorOperators.ADD, s3)));
        }
        return total;
    }

    static double sumOfSquares(int n, float[] a, int off) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int i = b;
            for (int ub = b + ((end - b) & -(4 * L)); i < ub; i += 4 * L) {
                FloatVector v0 = FloatVector.fromArray(S, a, off + i);
                FloatVector v1 = FloatVector.fromArray(S, a, off + i + L);
                FloatVector v2 = FloatVector.fromArray(S, a, off + i + 2 * L);
                FloatVector v3 = FloatVector.fromArray(S, a, off + i + 3 * L);
                s0 = v0.lanewise(VectorOperators.FMA, v0, s0);
                s1 = v1.lanewise(VectorOperators.FMA, v1, s1);
                s2 = v2.lanewise(VectorOperators.FMA, v2, s2);
                s3 = v3.lanewise(VectorOperators.FMA, v3, s3);
            }
            for (; i + L <= end; i += L) {
                FloatVector v = FloatVector.fromArray(S, a, off + i);
                s0 = v.lanewise(VectorOperators.FMA, v, s0);
            }
            if (i < end) {
                FloatVector v = FloatVector.fromArray(S, a, off + i, S.indexInRange(i, end));
                s1 = v.lanewise(VectorOperators.FMA, v, s1);
            }
            total += LaneTree.addLanes(s0.lanewise(VectorOperators.ADD, s1).lanewise(VectorOperators.ADD, s2.lanewise(VectorOperators.ADD, s3)));
        }
        return total;
    }

    /** {@code sum a[ao + i] * b[bo + i]}, blocked as {@link #sum}. */
    static double dot(int n, float[] a, int ao, float[] b, int bo) {
        double total = 0;
        for (int blk = 0; blk < n; blk += BLOCK) {
            int end = Math.min(n, blk + BLOCK);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int i = blk;
            for (int ub = blk + ((end - blk) & -(4 * L)); i < ub; i += 4 * L) {
                s0 = FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i), s0);
                s1 = FloatVector.fromArray(S, a, ao + i + L).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i + L), s1);
                s2 = FloatVector.fromArray(S, a, ao + i + 2 * L).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i + 2 * L), s2);
                s3 = FloatVector.fromArray(S, a, ao + i + 3 * L).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i + 3 * L), s3);
            }
            for (; i + L <= end; i += L) {
                s0 = FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i), s0);
            }
            if (i < end) {
                VectorMask<Float> m = S.indexInRange(i, end);
                s1 = FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i, m), s1);
            }
            total += LaneTree.addLanes(s0.lanewise(VectorOperators.ADD, s1).lanewise(VectorOperators.ADD, s2.lanewise(VectorOperators.ADD, s3)));
        }
        return total;
    }

    static float max(int n, float[] a, int off) {
        // four accumulators: Java's max (NaN- and signed-zero-aware) takes several instructions per
        // vector, so one dependency chain would run slower than memory
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        int i = 0;
        for (int ub = n & -(4 * L); i < ub; i += 4 * L) {
            m0 = m0.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i));
            m1 = m1.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i + L));
            m2 = m2.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i + 2 * L));
            m3 = m3.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i + 3 * L));
        }
        for (; i + L <= n; i += L) {
            m0 = m0.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i));
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            m1 = m1.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i, m).blend(Float.NEGATIVE_INFINITY, m.not()));
        }
        return LaneTree.maxLanes(m0.lanewise(VectorOperators.MAX, m1).lanewise(VectorOperators.MAX, m2.lanewise(VectorOperators.MAX, m3)));
    }

    static float min(int n, float[] a, int off) {
        // four accumulators: Java's min (NaN- and signed-zero-aware) takes several instructions per
        // vector, so one dependency chain would run slower than memory
        FloatVector m0 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        int i = 0;
        for (int ub = n & -(4 * L); i < ub; i += 4 * L) {
            m0 = m0.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + i));
            m1 = m1.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + i + L));
            m2 = m2.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + i + 2 * L));
            m3 = m3.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + i + 3 * L));
        }
        for (; i + L <= n; i += L) {
            m0 = m0.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + i));
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            m1 = m1.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + i, m).blend(Float.POSITIVE_INFINITY, m.not()));
        }
        return LaneTree.minLanes(m0.lanewise(VectorOperators.MIN, m1).lanewise(VectorOperators.MIN, m2.lanewise(VectorOperators.MIN, m3)));
    }

    /**
     * Index of the first maximum (minimum) of {@code a[off .. off + n)}, NaN counting as the largest
     * (smallest) as in torch: a vector pass finds the value, a second pass its first position.
     */
    static int argRun(boolean max, int n, float[] a, int off) {
        float best = max ? max(n, a, off) : min(n, a, off);
        if (best != best) {
            for (int i = 0; i < n; i++) {
                if (a[off + i] != a[off + i]) {
                    return i;
                }
            }
        }
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Float> hit = FloatVector.fromArray(S, a, off + i).compare(VectorOperators.EQ, best);
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
    static void accumulateRow(ReduceOp op, int n, float[] a, int off, float[] acc) {
        switch (op) {
            case SUM -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    FloatVector.fromArray(S, acc, j).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, a, off + j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] += a[off + j];
                }
            }
            case SUM_OF_SQUARES -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    FloatVector v = FloatVector.fromArray(S, a, off + j);
                    v.lanewise(VectorOperators.FMA, v, FloatVector.fromArray(S, acc, j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] = Math.fma(a[off + j], a[off + j], acc[j]);
                }
            }
            case MAX -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    FloatVector.fromArray(S, acc, j).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] = Math.max(acc[j], a[off + j]);
                }
            }
            case MIN -> {
                int j = 0;
                for (int ub = S.loopBound(n); j < ub; j += L) {
                    FloatVector.fromArray(S, acc, j).lanewise(VectorOperators.MIN, FloatVector.fromArray(S, a, off + j)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] = Math.min(acc[j], a[off + j]);
                }
            }
            case PROD -> throw new IllegalArgumentException("PROD rows are accumulated by the scalar kernel");
        }
    }
}
