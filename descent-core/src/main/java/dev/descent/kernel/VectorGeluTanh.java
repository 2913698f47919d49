package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.F2D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * GELU's tanh approximation ({@link UnaryOp#GELU_TANH}) and its derivative with the Vector API, as
 * {@code x sigmoid(2u) = x / (1 + e^(-2u))} with {@code 2u = x (A + B x^2)} (see
 * {@link SpecialMath#geluTanh}).
 *
 * <p>Float runs are widened to double lanes, as in {@link VectorGeluFloat}: in float, the rounding of
 * {@code 2u} (up to about 2e-7 relative) would be multiplied by {@code |2u|} inside the exponential,
 * some 20 ulps at {@code x = -5}; in double it costs nothing and floats come out within a few ulps of
 * the scalar kernel. Double runs use the same formula on full-width double lanes.
 */
final class VectorGeluTanh {

    private static final VectorSpecies<Double> D = VectorShapes.DOUBLE;
    private static final int DL = D.length();
    private static final VectorSpecies<Float> H = VectorGeluFloat.H;
    private static final double A = SpecialMath.GELU_TANH_A;
    private static final double B = SpecialMath.GELU_TANH_B;

    private VectorGeluTanh() {}

    /** {@code o[oo + i] = geluTanh(a[ao + i])}. */
    static void geluTanh(int n, float[] a, int ao, float[] o, int oo) {
        if (H == null) {
            ScalarUnary.run(UnaryOp.GELU_TANH, 0, 0, n, a, ao, 1, o, oo, 1);
            return;
        }
        int l = H.length();
        int i = 0;
        for (int ub = H.loopBound(n); i < ub; i += l) {
            valueLanes(FloatVector.fromArray(H, a, ao + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = H.indexInRange(i, n);
            valueLanes(FloatVector.fromArray(H, a, ao + i, m)).intoArray(o, oo + i, m);
        }
    }

    /** {@code o[oo + i] = g[go + i] * geluTanh'(x[xo + i])}. */
    static void geluTanhBackward(int n, float[] g, int go, float[] x, int xo, float[] o, int oo) {
        if (H == null) {
            ScalarBackward.run(BackwardOp.GELU_TANH, 0, n, g, go, x, xo, o, oo);
            return;
        }
        int l = H.length();
        int i = 0;
        for (int ub = H.loopBound(n); i < ub; i += l) {
            backwardLanes(FloatVector.fromArray(H, g, go + i), FloatVector.fromArray(H, x, xo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = H.indexInRange(i, n);
            backwardLanes(FloatVector.fromArray(H, g, go + i, m), FloatVector.fromArray(H, x, xo + i, m)).intoArray(o, oo + i, m);
        }
    }

    /** {@code o[oo + i] = geluTanh(a[ao + i])}. */
    static void geluTanh(int n, double[] a, int ao, double[] o, int oo) {
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            value(DoubleVector.fromArray(D, a, ao + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = D.indexInRange(i, n);
            value(DoubleVector.fromArray(D, a, ao + i, m)).intoArray(o, oo + i, m);
        }
    }

    /** {@code o[oo + i] = g[go + i] * geluTanh'(x[xo + i])}. */
    static void geluTanhBackward(int n, double[] g, int go, double[] x, int xo, double[] o, int oo) {
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            DoubleVector gv = DoubleVector.fromArray(D, g, go + i);
            gv.lanewise(VectorOperators.MUL, derivative(DoubleVector.fromArray(D, x, xo + i))).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = D.indexInRange(i, n);
            DoubleVector gv = DoubleVector.fromArray(D, g, go + i, m);
            gv.lanewise(VectorOperators.MUL, derivative(DoubleVector.fromArray(D, x, xo + i, m))).intoArray(o, oo + i, m);
        }
    }

    /*
     * The float lane functions go from float lanes in to float lanes out in one method, so the JIT
     * inlines each whole or not at all (see VectorGeluFloat: vectors crossing a call that did not
     * inline are boxed). The double helpers below are small enough to inline into them.
     */

    private static FloatVector valueLanes(FloatVector f) {
        DoubleVector y = value(VectorGeluFloat.exact(f.convertShape(F2D, D, 0)));
        return FloatVector.broadcast(H, -0.0f).lanewise(VectorOperators.ADD, y.convertShape(D2F, H, 0));
    }

    private static FloatVector backwardLanes(FloatVector gf, FloatVector xf) {
        DoubleVector x = VectorGeluFloat.exact(xf.convertShape(F2D, D, 0));
        DoubleVector g = VectorGeluFloat.exact(gf.convertShape(F2D, D, 0));
        DoubleVector y = g.lanewise(VectorOperators.MUL, derivative(x));
        return FloatVector.broadcast(H, -0.0f).lanewise(VectorOperators.ADD, y.convertShape(D2F, H, 0));
    }

    /*
     * 2u is formed as x * (A + B * (x * x)) without FMA, the very operations of SpecialMath: its
     * rounding is amplified by |2u| in the exponential (hundreds of ulps far in the tail), so it has
     * to be bitwise the same as the scalar kernel's.
     */

    /** {@code x / (1 + e^(-x (A + B x^2)))}. */
    private static DoubleVector value(DoubleVector x) {
        DoubleVector e = x.lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.MUL, x).lanewise(VectorOperators.MUL, B).lanewise(VectorOperators.ADD, A)).lanewise(VectorOperators.NEG).lanewise(EXP);
        return x.lanewise(VectorOperators.DIV, e.lanewise(VectorOperators.ADD, DoubleVector.broadcast(D, 1.0)));
    }

    /** {@code s + x s (1 - s) (A + 3 B x^2)}, {@code 1 - s} as {@code e s} (1 where {@code e} overflows). */
    private static DoubleVector derivative(DoubleVector x) {
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector x2 = x.lanewise(VectorOperators.MUL, x);
        DoubleVector e = x.lanewise(VectorOperators.MUL, x2.lanewise(VectorOperators.MUL, B).lanewise(VectorOperators.ADD, A)).lanewise(VectorOperators.NEG).lanewise(EXP);
        DoubleVector s = one.lanewise(VectorOperators.DIV, e.lanewise(VectorOperators.ADD, one));
        DoubleVector c = e.lanewise(VectorOperators.MUL, s).blend(one, s.compare(EQ, 0));
        return x.lanewise(VectorOperators.MUL, s).lanewise(VectorOperators.MUL, c).lanewise(VectorOperators.MUL, x2.lanewise(VectorOperators.MUL, 3 * B).lanewise(VectorOperators.ADD, A)).lanewise(VectorOperators.ADD, s);
    }
}
