package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API fused activation backward kernels ({@link BackwardOp}) on contiguous float runs; one
 * loop per op for the reason given in {@link VectorBinaryFloat}. {@code 1 - y^2} is one FMA, so it
 * keeps its accuracy when {@code y} is near 1.
 */
final class VectorBackwardFloat {

    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorBackwardFloat() {}

    /** {@code o[oo + i] = g[go + i] * f'(v[vo + i])}. */
    static void run(BackwardOp op, double p, int n, float[] g, int go, float[] v, int vo, float[] o, int oo) {
        float q = (float) p;
        switch (op) {
            case RELU -> relu(n, g, go, v, vo, o, oo);
            case SIGMOID -> sigmoid(n, g, go, v, vo, o, oo);
            case TANH -> tanh(n, g, go, v, vo, o, oo);
            case SILU -> silu(n, g, go, v, vo, o, oo);
            case ELU -> elu(n, g, go, v, vo, o, oo, q);
            case LEAKY_RELU -> leakyRelu(n, g, go, v, vo, o, oo, q);
            case SOFTPLUS -> softplus(n, g, go, v, vo, o, oo);
            case GELU -> VectorGeluFloat.geluBackward(n, g, go, v, vo, o, oo);
            case GELU_TANH -> VectorGeluTanh.geluTanhBackward(n, g, go, v, vo, o, oo);
        }
    }

    private static void relu(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            zero.blend(g, x.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            zero.blend(g, x.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void sigmoid(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, x).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, x)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, x).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, x)).intoArray(o, oo + i, m);
        }
    }

    private static void tanh(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, x, one)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, x, one)).intoArray(o, oo + i, m);
        }
    }

    private static void silu(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            FloatVector e = x.lanewise(VectorOperators.NEG).lanewise(EXP);
            FloatVector s = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, e));
            // 1 - s as e * s: no cancellation for large x; where e overflows, s = 0 and 1 - s = 1
            FloatVector c = e.lanewise(VectorOperators.MUL, s).blend(one, s.compare(EQ, 0));
            g.lanewise(VectorOperators.MUL, s).lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.MUL, c).lanewise(VectorOperators.ADD, one)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            FloatVector e = x.lanewise(VectorOperators.NEG).lanewise(EXP);
            FloatVector s = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, e));
            // 1 - s as e * s: no cancellation for large x; where e overflows, s = 0 and 1 - s = 1
            FloatVector c = e.lanewise(VectorOperators.MUL, s).blend(one, s.compare(EQ, 0));
            g.lanewise(VectorOperators.MUL, s).lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.MUL, c).lanewise(VectorOperators.ADD, one)).intoArray(o, oo + i, m);
        }
    }

    private static void elu(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo, float q) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, x.lanewise(EXP).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, q))).blend(g, x.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, x.lanewise(EXP).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, q))).blend(g, x.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void leakyRelu(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo, float q) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.MUL, FloatVector.broadcast(S, q)).blend(g, x.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.MUL, FloatVector.broadcast(S, q)).blend(g, x.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void softplus(int n, float[] ga, int go, float[] va, int vo, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector g = FloatVector.fromArray(S, ga, go + i);
            FloatVector x = FloatVector.fromArray(S, va, vo + i);
            g.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, x.lanewise(VectorOperators.NEG).lanewise(EXP))).blend(g, x.compare(GT, 20)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(S, ga, go + i, m);
            FloatVector x = FloatVector.fromArray(S, va, vo + i, m);
            g.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, x.lanewise(VectorOperators.NEG).lanewise(EXP))).blend(g, x.compare(GT, 20)).intoArray(o, oo + i, m);
        }
    }

}
