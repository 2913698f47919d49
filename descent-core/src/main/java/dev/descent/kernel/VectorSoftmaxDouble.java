package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EXP;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API row kernels for log-sum-exp, softmax, log-softmax and their backward passes on
 * contiguous double rows; same conventions as {@link ScalarSoftmax}. The max is subtracted before
 * exponentiating; sums of exponentials are blocked like {@link VectorReduceDouble#sum}.
 */
final class VectorSoftmaxDouble {

    private static final VectorSpecies<Double> S = VectorShapes.DOUBLE;
    private static final int L = S.length();

    private VectorSoftmaxDouble() {}

    /** {@code sum exp(x[xo + i] - m)}; if {@code store}, also writes each exponential to {@code o}. */
    private static double expSum(int n, double[] x, int xo, double m, boolean store, double[] o, int oo) {
        double total = 0;
        for (int b = 0; b < n; b += VectorReduceDouble.BLOCK) {
            int end = Math.min(n, b + VectorReduceDouble.BLOCK);
            DoubleVector acc = DoubleVector.zero(S);
            int i = b;
            for (int ub = b + ((end - b) & -L); i < ub; i += L) {
                DoubleVector e = DoubleVector.fromArray(S, x, xo + i).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, m)).lanewise(EXP);
                if (store) {
                    e.intoArray(o, oo + i);
                }
                acc = acc.lanewise(VectorOperators.ADD, e);
            }
            if (i < end) {
                VectorMask<Double> mask = S.indexInRange(i, end);
                DoubleVector e = DoubleVector.fromArray(S, x, xo + i, mask).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, m)).lanewise(EXP);
                if (store) {
                    e.intoArray(o, oo + i, mask);
                }
                acc = acc.lanewise(VectorOperators.ADD, e, mask);
            }
            total += LaneTree.addLanes(acc);
        }
        return total;
    }

    static double logSumExp(int n, double[] x, int xo) {
        double m = VectorReduceDouble.max(n, x, xo);
        if (Double.isInfinite(m) || Double.isNaN(m)) {
            return m;
        }
        return m + Math.log(expSum(n, x, xo, m, false, null, 0));
    }

    static void softmax(int n, double[] x, int xo, double[] o, int oo) {
        double m = VectorReduceDouble.max(n, x, xo);
        double s = expSum(n, x, xo, m, true, o, oo);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, o, oo + i).lanewise(VectorOperators.DIV, DoubleVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> mask = S.indexInRange(i, n);
            DoubleVector.fromArray(S, o, oo + i, mask).lanewise(VectorOperators.DIV, DoubleVector.broadcast(S, s)).intoArray(o, oo + i, mask);
        }
    }

    static void logSoftmax(int n, double[] x, int xo, double[] o, int oo) {
        double m = VectorReduceDouble.max(n, x, xo);
        double logS = Math.log(expSum(n, x, xo, m, false, null, 0));
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, x, xo + i).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, m)).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, logS)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> mask = S.indexInRange(i, n);
            DoubleVector.fromArray(S, x, xo + i, mask).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, m)).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, logS)).intoArray(o, oo + i, mask);
        }
    }

    static void softmaxBackward(int n, double[] y, int yo, double[] g, int go, double[] o, int oo) {
        double dot = VectorReduceDouble.dot(n, y, yo, g, go);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, g, go + i).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, dot)).lanewise(VectorOperators.MUL, DoubleVector.fromArray(S, y, yo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> mask = S.indexInRange(i, n);
            DoubleVector.fromArray(S, g, go + i, mask).lanewise(VectorOperators.SUB, DoubleVector.broadcast(S, dot)).lanewise(VectorOperators.MUL, DoubleVector.fromArray(S, y, yo + i, mask)).intoArray(o, oo + i, mask);
        }
    }

    static void logSoftmaxBackward(int n, double[] y, int yo, double[] g, int go, double[] o, int oo) {
        double s = VectorReduceDouble.sum(n, g, go);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector e = DoubleVector.fromArray(S, y, yo + i).lanewise(EXP);
            e.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, s), DoubleVector.fromArray(S, g, go + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> mask = S.indexInRange(i, n);
            DoubleVector e = DoubleVector.fromArray(S, y, yo + i, mask).lanewise(EXP);
            e.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, s), DoubleVector.fromArray(S, g, go + i, mask)).intoArray(o, oo + i, mask);
        }
    }
}
