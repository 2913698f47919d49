package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API fused activation backward kernels ({@link BackwardOp}) on contiguous double runs; one
 * loop per op for the reason given in {@link VectorBinaryDouble}. {@code 1 - y^2} is one FMA, so it
 * keeps its accuracy when {@code y} is near 1.
 */
final class VectorBackwardDouble {

    private static final VectorSpecies<Double> S = VectorShapes.DOUBLE;
    private static final int L = S.length();

    private VectorBackwardDouble() {}

    /** {@code o[oo + i] = g[go + i] * f'(v[vo + i])}. */
    static void run(BackwardOp op, double p, int n, double[] g, int go, double[] v, int vo, double[] o, int oo) {
        double q = p;
        switch (op) {
            case RELU -> relu(n, g, go, v, vo, o, oo);
            case SIGMOID -> sigmoid(n, g, go, v, vo, o, oo);
            case TANH -> tanh(n, g, go, v, vo, o, oo);
            case SILU -> silu(n, g, go, v, vo, o, oo);
            case ELU -> elu(n, g, go, v, vo, o, oo, q);
            case LEAKY_RELU -> leakyRelu(n, g, go, v, vo, o, oo, q);
            case SOFTPLUS -> softplus(n, g, go, v, vo, o, oo);
            case GELU -> ScalarBackward.run(op, p, n, g, go, v, vo, o, oo);
            case GELU_TANH -> VectorGeluTanh.geluTanhBackward(n, g, go, v, vo, o, oo);
        }
    }

    private static void relu(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            zero.blend(g, x.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            zero.blend(g, x.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void sigmoid(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, x).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, x)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, x).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, x)).intoArray(o, oo + i, m);
        }
    }

    private static void tanh(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, x, one)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, x, one)).intoArray(o, oo + i, m);
        }
    }

    private static void silu(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            DoubleVector e = x.lanewise(VectorOperators.NEG).lanewise(EXP);
            DoubleVector s = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, e));
            // 1 - s as e * s: no cancellation for large x; where e overflows, s = 0 and 1 - s = 1
            DoubleVector c = e.lanewise(VectorOperators.MUL, s).blend(one, s.compare(EQ, 0));
            g.lanewise(VectorOperators.MUL, s).lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.MUL, c).lanewise(VectorOperators.ADD, one)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            DoubleVector e = x.lanewise(VectorOperators.NEG).lanewise(EXP);
            DoubleVector s = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, e));
            // 1 - s as e * s: no cancellation for large x; where e overflows, s = 0 and 1 - s = 1
            DoubleVector c = e.lanewise(VectorOperators.MUL, s).blend(one, s.compare(EQ, 0));
            g.lanewise(VectorOperators.MUL, s).lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.MUL, c).lanewise(VectorOperators.ADD, one)).intoArray(o, oo + i, m);
        }
    }

    private static void elu(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo, double q) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, x.lanewise(EXP).lanewise(VectorOperators.MUL, DoubleVector.broadcast(S, q))).blend(g, x.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, x.lanewise(EXP).lanewise(VectorOperators.MUL, DoubleVector.broadcast(S, q))).blend(g, x.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void leakyRelu(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo, double q) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, DoubleVector.broadcast(S, q)).blend(g, x.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, DoubleVector.broadcast(S, q)).blend(g, x.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void softplus(int n, double[] ga, int go, double[] va, int vo, double[] o, int oo) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, x.lanewise(VectorOperators.NEG).lanewise(EXP))).blend(g, x.compare(GT, 20)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(S, ga, go + i, m);
            DoubleVector x = DoubleVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, x.lanewise(VectorOperators.NEG).lanewise(EXP))).blend(g, x.compare(GT, 20)).intoArray(o, oo + i, m);
        }
    }

}
