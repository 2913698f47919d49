package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.ATAN;
import static jdk.incubator.vector.VectorOperators.COS;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.POW;
import static jdk.incubator.vector.VectorOperators.SIN;
import static jdk.incubator.vector.VectorOperators.TAN;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API kernels for {@link UnaryOp} on contiguous float runs.
 *
 * <p>One loop per op (a lanewise operator compiles to SIMD code only when it is a constant at the call
 * site). Transcendentals use the JDK's vector math (SVML on x86, within 1 ulp); ops the Vector API
 * lacks ({@code ERF}, rounding) run the scalar kernel. Tails are masked, so an element's value never
 * depends on its position in the run. Parameters are rounded to float as in {@link ScalarUnary}.
 */
final class VectorUnaryFloat {

    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();
    /** Memory-bound ops (arithmetic, comparisons) stream with the narrower species; see {@link VectorShapes}. */
    private static final VectorSpecies<Float> SS = VectorShapes.STREAM_FLOAT;
    private static final int LS = SS.length();

    private VectorUnaryFloat() {}

    /** {@code o[oo + i] = op(a[ao + i])} for {@code i < n}. */
    static void run(UnaryOp op, double p1, double p2, int n, float[] a, int ao, float[] o, int oo) {
        float q1 = (float) p1;
        switch (op) {
            case NEG -> neg(n, a, ao, o, oo);
            case EXP -> exp(n, a, ao, o, oo);
            case EXPM1 -> expm1(n, a, ao, o, oo);
            case LOG -> log(n, a, ao, o, oo);
            case LOG1P -> log1p(n, a, ao, o, oo);
            case SQRT -> sqrt(n, a, ao, o, oo);
            case RSQRT -> rsqrt(n, a, ao, o, oo);
            case ABS -> abs(n, a, ao, o, oo);
            case SIN -> sin(n, a, ao, o, oo);
            case COS -> cos(n, a, ao, o, oo);
            case TAN -> tan(n, a, ao, o, oo);
            case ATAN -> atan(n, a, ao, o, oo);
            case TANH -> tanh(n, a, ao, o, oo);
            case SIGMOID -> sigmoid(n, a, ao, o, oo);
            case RELU -> relu(n, a, ao, o, oo);
            case LEAKY_RELU -> leakyRelu(n, a, ao, o, oo, q1);
            case ELU -> elu(n, a, ao, o, oo, q1);
            case SOFTPLUS -> softplus(n, a, ao, o, oo);
            case SILU -> silu(n, a, ao, o, oo);
            case SIGN -> sign(n, a, ao, o, oo);
            case SQUARE -> square(n, a, ao, o, oo);
            case RECIPROCAL -> reciprocal(n, a, ao, o, oo);
            case POW_SCALAR -> {
                // x^2 is the common case (squared errors): x * x is exactly what Math.pow gives, far cheaper
                if (q1 == 2) {
                    square(n, a, ao, o, oo);
                } else {
                    powScalar(n, a, ao, o, oo, q1);
                }
            }
            case SCALAR_POW -> scalarPow(n, a, ao, o, oo, q1);
            case CLAMP -> clamp(n, a, ao, o, oo, (float) ScalarUnary.lowerBound((float) p1), (float) ScalarUnary.upperBound((float) p2));
            case ADD_SCALAR -> addScalar(n, a, ao, o, oo, q1);
            case MUL_SCALAR -> mulScalar(n, a, ao, o, oo, q1);
            case DIV_SCALAR -> divScalar(n, a, ao, o, oo, q1);
            case STEP -> step(n, a, ao, o, oo);
            case GELU -> VectorGeluFloat.gelu(n, a, ao, o, oo);
            case GELU_TANH -> VectorGeluTanh.geluTanh(n, a, ao, o, oo);
            case ERF, FLOOR, CEIL, ROUND -> ScalarUnary.run(op, p1, p2, n, a, ao, 1, o, oo, 1);
        }
    }

    private static void neg(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.NEG).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.NEG).intoArray(o, oo + i, m);
        }
    }

    private static void exp(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(EXP).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(EXP).intoArray(o, oo + i, m);
        }
    }

    private static void expm1(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(EXPM1).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(EXPM1).intoArray(o, oo + i, m);
        }
    }

    private static void log(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(LOG).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(LOG).intoArray(o, oo + i, m);
        }
    }

    private static void log1p(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(LOG1P).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(LOG1P).intoArray(o, oo + i, m);
        }
    }

    private static void sqrt(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.SQRT).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.SQRT).intoArray(o, oo + i, m);
        }
    }

    private static void rsqrt(int n, float[] a, int ao, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            one.lanewise(VectorOperators.DIV, v.lanewise(VectorOperators.SQRT)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            one.lanewise(VectorOperators.DIV, v.lanewise(VectorOperators.SQRT)).intoArray(o, oo + i, m);
        }
    }

    private static void abs(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.ABS).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.ABS).intoArray(o, oo + i, m);
        }
    }

    private static void sin(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(SIN).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(SIN).intoArray(o, oo + i, m);
        }
    }

    private static void cos(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(COS).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(COS).intoArray(o, oo + i, m);
        }
    }

    private static void tan(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(TAN).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(TAN).intoArray(o, oo + i, m);
        }
    }

    private static void atan(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(ATAN).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(ATAN).intoArray(o, oo + i, m);
        }
    }

    private static void tanh(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(TANH).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(TANH).intoArray(o, oo + i, m);
        }
    }

    private static void sigmoid(int n, float[] a, int ao, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, v.lanewise(VectorOperators.NEG).lanewise(EXP))).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, v.lanewise(VectorOperators.NEG).lanewise(EXP))).intoArray(o, oo + i, m);
        }
    }

    private static void relu(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.MAX, FloatVector.broadcast(SS, 0f)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.MAX, FloatVector.broadcast(SS, 0f)).intoArray(o, oo + i, m);
        }
    }

    private static void leakyRelu(int n, float[] a, int ao, float[] o, int oo, float q1) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.MUL, FloatVector.broadcast(SS, q1)).blend(v, v.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.MUL, FloatVector.broadcast(SS, q1)).blend(v, v.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void elu(int n, float[] a, int ao, float[] o, int oo, float q1) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(EXPM1).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, q1)).blend(v, v.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(EXPM1).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, q1)).blend(v, v.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void softplus(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(EXP).lanewise(LOG1P).blend(v, v.compare(GT, 20)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(EXP).lanewise(LOG1P).blend(v, v.compare(GT, 20)).intoArray(o, oo + i, m);
        }
    }

    private static void silu(int n, float[] a, int ao, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, v.lanewise(VectorOperators.NEG).lanewise(EXP)))).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, v.lanewise(VectorOperators.NEG).lanewise(EXP)))).intoArray(o, oo + i, m);
        }
    }

    private static void sign(int n, float[] a, int ao, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(SS, 1);
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.blend(one, v.compare(GT, 0)).blend(one.lanewise(VectorOperators.NEG), v.compare(LT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.blend(one, v.compare(GT, 0)).blend(one.lanewise(VectorOperators.NEG), v.compare(LT, 0)).intoArray(o, oo + i, m);
        }
    }

    private static void square(int n, float[] a, int ao, float[] o, int oo) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.MUL, v).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.MUL, v).intoArray(o, oo + i, m);
        }
    }

    private static void reciprocal(int n, float[] a, int ao, float[] o, int oo) {
        FloatVector one = FloatVector.broadcast(SS, 1);
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            one.lanewise(VectorOperators.DIV, v).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            one.lanewise(VectorOperators.DIV, v).intoArray(o, oo + i, m);
        }
    }

    private static void powScalar(int n, float[] a, int ao, float[] o, int oo, float q1) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            v.lanewise(POW, q1).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            v.lanewise(POW, q1).intoArray(o, oo + i, m);
        }
    }

    private static void scalarPow(int n, float[] a, int ao, float[] o, int oo, float q1) {
        FloatVector base = FloatVector.broadcast(S, q1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, ao + i);
            base.lanewise(POW, v).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, a, ao + i, m);
            base.lanewise(POW, v).intoArray(o, oo + i, m);
        }
    }

    private static void clamp(int n, float[] a, int ao, float[] o, int oo, float q1, float q2) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.MAX, FloatVector.broadcast(SS, q1)).lanewise(VectorOperators.MIN, FloatVector.broadcast(SS, q2)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.MAX, FloatVector.broadcast(SS, q1)).lanewise(VectorOperators.MIN, FloatVector.broadcast(SS, q2)).intoArray(o, oo + i, m);
        }
    }

    private static void addScalar(int n, float[] a, int ao, float[] o, int oo, float q1) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.ADD, FloatVector.broadcast(SS, q1)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.ADD, FloatVector.broadcast(SS, q1)).intoArray(o, oo + i, m);
        }
    }

    private static void mulScalar(int n, float[] a, int ao, float[] o, int oo, float q1) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.MUL, FloatVector.broadcast(SS, q1)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.MUL, FloatVector.broadcast(SS, q1)).intoArray(o, oo + i, m);
        }
    }

    private static void divScalar(int n, float[] a, int ao, float[] o, int oo, float q1) {
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            v.lanewise(VectorOperators.DIV, FloatVector.broadcast(SS, q1)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            v.lanewise(VectorOperators.DIV, FloatVector.broadcast(SS, q1)).intoArray(o, oo + i, m);
        }
    }

    private static void step(int n, float[] a, int ao, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(SS);
        FloatVector one = FloatVector.broadcast(SS, 1);
        int i = 0;
        for (int ub = SS.loopBound(n); i < ub; i += LS) {
            FloatVector v = FloatVector.fromArray(SS, a, ao + i);
            zero.blend(one, v.compare(GT, 0)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = SS.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SS, a, ao + i, m);
            zero.blend(one, v.compare(GT, 0)).intoArray(o, oo + i, m);
        }
    }

}
