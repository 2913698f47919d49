package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradCheck;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Shared helpers of the nn-op tests: seeded random tensors, tolerances and gradient-check assertions. */
final class NnTestSupport {
    private NnTestSupport() {}

    static final double EPS = 1e-6;
    static final double ATOL = 1e-6;
    static final double RTOL = 1e-5;
    static final double EPS2 = 1e-5;
    static final double ATOL2 = 1e-5;
    static final double RTOL2 = 1e-4;

    /** A float64 tensor of uniform values in [-1, 1). */
    static Tensor uniform(SplittableRandom r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Tensor.of(v).reshape(shape); // of(v) alone would be 1-D for a scalar shape
    }

    /** Integer-valued float64 tensor in [0, bound). */
    static Tensor ints(SplittableRandom r, int bound, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(bound);
        }
        return Tensor.of(v).reshape(shape);
    }

    static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e)) {
                assertTrue(Double.isNaN(a), what + " element " + i + ": expected NaN, got " + a);
                continue;
            }
            assertTrue(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)),
                    what + " element " + i + ": expected " + e + ", got " + a);
        }
    }

    /** Largest |a − b| relative to the largest |b| (at least 1e-3, so tiny outputs do not blow it up). */
    static double relDiff(double[] a, double[] b) {
        double worst = 0;
        double scale = 1e-3;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst / scale;
    }

    static void assertGrad(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Report rep = GradCheck.check(f, inputs, EPS, ATOL, RTOL);
        assertTrue(rep.passes(), what + ": " + rep.where());
    }

    static void assertGrad2(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Report rep = GradCheck.checkSecondOrder(f, inputs, EPS2, ATOL2, RTOL2);
        assertTrue(rep.passes(), what + " (second order): " + rep.where());
    }

    /** float32 and float64 forward passes agree to 1e-5 relative. */
    static void assertFloat32Agrees(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] f32 = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            f32[i] = inputs[i].to(DType.FLOAT32);
        }
        Tensor y64 = f.apply(inputs);
        Tensor y32 = f.apply(f32);
        assertEquals(DType.FLOAT32, y32.dtype(), what + ": float32 inputs give a float32 result");
        double rel = relDiff(y32.toDoubleArray(), y64.toDoubleArray());
        assertTrue(rel < 1e-5, what + ": float32 differs from float64 by " + rel + " relative");
    }
}
