package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EXP;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API row kernels for log-sum-exp, softmax, log-softmax and their backward passes on
 * contiguous float rows; same conventions as {@link ScalarSoftmax}. The max is subtracted before
 * exponentiating; sums of exponentials are blocked like {@link VectorReduceFloat#sum}.
 */
final class VectorSoftmaxFloat {

    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorSoftmaxFloat() {}

    /** {@code sum exp(x[xo + i] - m)}; if {@code store}, also writes each exponential to {@code o}. */
    private static double expSum(int n, float[] x, int xo, float m, boolean store, float[] o, int oo) {
        double total = 0;
        for (int b = 0; b < n; b += VectorReduceFloat.BLOCK) {
            int end = Math.min(n, b + VectorReduceFloat.BLOCK);
            FloatVector acc = FloatVector.zero(S);
            int i = b;
            for (int ub = b + ((end - b) & -L); i < ub; i += L) {
                FloatVector e = FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, m)).lanewise(EXP);
                if (store) {
                    e.intoArray(o, oo + i);
                }
                acc = acc.lanewise(VectorOperators.ADD, e);
            }
            if (i < end) {
                VectorMask<Float> mask = S.indexInRange(i, end);
                FloatVector e = FloatVector.fromArray(S, x, xo + i, mask).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, m)).lanewise(EXP);
                if (store) {
                    e.intoArray(o, oo + i, mask);
                }
                acc = acc.lanewise(VectorOperators.ADD, e, mask);
            }
            total += LaneTree.addLanes(acc);
        }
        return total;
    }

    static double logSumExp(int n, float[] x, int xo) {
        float m = VectorReduceFloat.max(n, x, xo);
        if (Float.isInfinite(m) || Float.isNaN(m)) {
            return m;
        }
        return m + Math.log(expSum(n, x, xo, m, false, null, 0));
    }

    static void softmax(int n, float[] x, int xo, float[] o, int oo) {
        float m = VectorReduceFloat.max(n, x, xo);
        float s = (float) expSum(n, x, xo, m, true, o, oo);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, o, oo + i).lanewise(VectorOperators.DIV, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector.fromArray(S, o, oo + i, mask).lanewise(VectorOperators.DIV, FloatVector.broadcast(S, s)).intoArray(o, oo + i, mask);
        }
    }

    static void logSoftmax(int n, float[] x, int xo, float[] o, int oo) {
        float m = VectorReduceFloat.max(n, x, xo);
        float logS = (float) Math.log(expSum(n, x, xo, m, false, null, 0));
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, m)).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, logS)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xo + i, mask).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, m)).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, logS)).intoArray(o, oo + i, mask);
        }
    }

    static void softmaxBackward(int n, float[] y, int yo, float[] g, int go, float[] o, int oo) {
        float dot = (float) VectorReduceFloat.dot(n, y, yo, g, go);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, g, go + i).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, dot)).lanewise(VectorOperators.MUL, FloatVector.fromArray(S, y, yo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector.fromArray(S, g, go + i, mask).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, dot)).lanewise(VectorOperators.MUL, FloatVector.fromArray(S, y, yo + i, mask)).intoArray(o, oo + i, mask);
        }
    }

    static void logSoftmaxBackward(int n, float[] y, int yo, float[] g, int go, float[] o, int oo) {
        float s = (float) VectorReduceFloat.sum(n, g, go);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector e = FloatVector.fromArray(S, y, yo + i).lanewise(EXP);
            e.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, FloatVector.broadcast(S, s), FloatVector.fromArray(S, g, go + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector e = FloatVector.fromArray(S, y, yo + i, mask).lanewise(EXP);
            e.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, FloatVector.broadcast(S, s), FloatVector.fromArray(S, g, go + i, mask)).intoArray(o, oo + i, mask);
        }
    }
}
