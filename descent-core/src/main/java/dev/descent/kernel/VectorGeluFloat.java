package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact (erf) GELU and its derivative for float runs with the Vector API.
 *
 * <p>The Vector API has no erf, so the normal CDF is computed from the Chebyshev fit of {@code erfc}
 * in Press et al., <i>Numerical Recipes</i>, 2nd ed., section 6.2: {@code erfc z = t * exp(-z^2 + P(t))}
 * with {@code t = 1 / (1 + z/2)}, fractional error below 1.2e-7 for all {@code z >= 0}. That is about
 * one float ulp, and the result stays accurate in relative terms far into the tails, where
 * {@code 1 + erf} would cancel. It is evaluated in double lanes (each float lane widened), so the
 * rounding of {@code z^2} inside the exponential costs nothing: floats come out within 3 ulps of the
 * exact GELU (see {@code UnaryKernelTest}). Double arrays use the scalar kernel instead, since 1.2e-7
 * is not double accuracy.
 */
final class VectorGeluFloat {

    private static final VectorSpecies<Double> D = VectorShapes.DOUBLE;
    /** Float lanes matching the double lanes one to one (half the bits). */
    static final VectorSpecies<Float> H = halfFloatSpecies();
    private static final double NEG_SQRT1_2 = -SpecialMath.SQRT1_2;

    private VectorGeluFloat() {}

    /** {@code o[oo + i] = gelu(a[ao + i])}. */
    static void gelu(int n, float[] a, int ao, float[] o, int oo) {
        if (H == null) {
            ScalarUnary.run(UnaryOp.GELU, 0, 0, n, a, ao, 1, o, oo, 1);
            return;
        }
        int l = H.length();
        int i = 0;
        for (int ub = H.loopBound(n); i < ub; i += l) {
            geluLanes(FloatVector.fromArray(H, a, ao + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = H.indexInRange(i, n);
            geluLanes(FloatVector.fromArray(H, a, ao + i, m)).intoArray(o, oo + i, m);
        }
    }

    /** {@code o[oo + i] = g[go + i] * gelu'(x[xo + i])}, with {@code gelu'(x) = Phi(x) + x * phi(x)}. */
    static void geluBackward(int n, float[] g, int go, float[] x, int xo, float[] o, int oo) {
        if (H == null) {
            for (int i = 0; i < n; i++) {
                o[oo + i] = (float) (g[go + i] * SpecialMath.geluDerivative(x[xo + i]));
            }
            return;
        }
        int l = H.length();
        int i = 0;
        for (int ub = H.loopBound(n); i < ub; i += l) {
            geluBackwardLanes(FloatVector.fromArray(H, g, go + i), FloatVector.fromArray(H, x, xo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = H.indexInRange(i, n);
            geluBackwardLanes(FloatVector.fromArray(H, g, go + i, m), FloatVector.fromArray(H, x, xo + i, m)).intoArray(o, oo + i, m);
        }
    }

    /*
     * Each lane function is one method from float lanes in to float lanes out, so the JIT inlines it
     * whole into the loop or not at all. Split into helpers (widen, Phi, narrow), the inliner ran out
     * of its node budget half way and the vectors crossing the remaining calls were boxed: 4 ns per
     * element instead of well under 1.
     */

    private static FloatVector geluLanes(FloatVector f) {
        DoubleVector x = exact(f.convertShape(VectorOperators.F2D, D, 0));
        DoubleVector y = x.lanewise(VectorOperators.MUL, normalCdf(x));
        return FloatVector.broadcast(H, -0.0f).lanewise(VectorOperators.ADD, y.convertShape(VectorOperators.D2F, H, 0));
    }

    private static FloatVector geluBackwardLanes(FloatVector gf, FloatVector xf) {
        DoubleVector x = exact(xf.convertShape(VectorOperators.F2D, D, 0));
        DoubleVector g = exact(gf.convertShape(VectorOperators.F2D, D, 0));
        DoubleVector pdf = x.lanewise(VectorOperators.MUL, x).lanewise(VectorOperators.MUL, DoubleVector.broadcast(D, -0.5)).lanewise(VectorOperators.EXP).lanewise(VectorOperators.MUL, SpecialMath.INV_SQRT_2PI);
        DoubleVector y = g.lanewise(VectorOperators.MUL, x.lanewise(VectorOperators.FMA, pdf, normalCdf(x)));
        return FloatVector.broadcast(H, -0.0f).lanewise(VectorOperators.ADD, y.convertShape(VectorOperators.D2F, H, 0));
    }

    /**
     * convertShape returns a vector whose class the JIT cannot see statically, so calls on it do not
     * inline; adding it to a broadcast -0.0 of the constant species gives the exact class back
     * ({@code x + (-0.0)} is {@code x} for every {@code x}, signed zeros and NaN included).
     */
    static DoubleVector exact(jdk.incubator.vector.Vector<Double> v) {
        return DoubleVector.broadcast(D, -0.0).lanewise(VectorOperators.ADD, v);
    }

    /** {@code Phi(x) = erfc(-x / sqrt 2) / 2}, Horner with FMAs (also keeps the compiled graph small). */
    private static DoubleVector normalCdf(DoubleVector x) {
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector z = x.lanewise(VectorOperators.MUL, NEG_SQRT1_2);
        DoubleVector az = z.lanewise(VectorOperators.ABS);
        DoubleVector t = one.lanewise(VectorOperators.DIV, az.lanewise(VectorOperators.FMA, DoubleVector.broadcast(D, 0.5), one));
        DoubleVector p = t.lanewise(VectorOperators.FMA, DoubleVector.broadcast(D, 0.17087277), DoubleVector.broadcast(D, -0.82215223));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, 1.48851587));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, -1.13520398));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, 0.27886807));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, -0.18628806));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, 0.09678418));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, 0.37409196));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, 1.00002368));
        p = p.lanewise(VectorOperators.FMA, t, DoubleVector.broadcast(D, -1.26551223));
        DoubleVector erfcAbs = t.lanewise(VectorOperators.MUL, az.lanewise(VectorOperators.NEG).lanewise(VectorOperators.FMA, az, p).lanewise(VectorOperators.EXP));
        // erfc(-|z|) = 2 - erfc(|z|)
        DoubleVector erfc = erfcAbs.blend(erfcAbs.lanewise(VectorOperators.NEG).lanewise(VectorOperators.ADD, DoubleVector.broadcast(D, 2.0)), z.compare(VectorOperators.LT, 0));
        return erfc.lanewise(VectorOperators.MUL, DoubleVector.broadcast(D, 0.5));
    }

    private static VectorSpecies<Float> halfFloatSpecies() {
        int bits = D.vectorBitSize() / 2;
        if (bits < 64) {
            return null;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
