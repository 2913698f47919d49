package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.SPECIAL_FLOATS;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fused activation backward kernels: through the public facade (vector kernels when present) against
 * the scalar reference, and the scalar reference against a central difference of the forward op.
 * Tolerance: 4 ulps of the reference, or {@code 1e-6 * |g|} (floats; {@code 1e-14 * |g|} doubles)
 * near the zeros of the derivative, where relative error is meaningless.
 */
class BackwardKernelTest {

    static Stream<Arguments> opsAndSizes() {
        // every op around the vector width; two of them also above the parallel threshold
        return Arrays.stream(BackwardOp.values()).flatMap(op -> IntStream.of(0, 1, 15, 17, 100, 4099, 70_001)
                .filter(n -> n < 70_001 || op == BackwardOp.RELU || op == BackwardOp.GELU).mapToObj(n -> Arguments.of(op, n)));
    }

    private static double param(BackwardOp op) {
        return op == BackwardOp.ELU ? 0.9 : op == BackwardOp.LEAKY_RELU ? 0.02 : 0;
    }

    private static void call(BackwardOp op, int n, float[] g, float[] v, float[] out) {
        switch (op) {
            case RELU -> FusedBackward.reluBackward(n, g, 0, v, 0, out, 0);
            case SIGMOID -> FusedBackward.sigmoidBackward(n, g, 0, v, 0, out, 0);
            case TANH -> FusedBackward.tanhBackward(n, g, 0, v, 0, out, 0);
            case GELU -> FusedBackward.geluBackward(n, g, 0, v, 0, out, 0);
            case GELU_TANH -> FusedBackward.geluTanhBackward(n, g, 0, v, 0, out, 0);
            case SILU -> FusedBackward.siluBackward(n, g, 0, v, 0, out, 0);
            case ELU -> FusedBackward.eluBackward(param(op), n, g, 0, v, 0, out, 0);
            case LEAKY_RELU -> FusedBackward.leakyReluBackward(param(op), n, g, 0, v, 0, out, 0);
            case SOFTPLUS -> FusedBackward.softplusBackward(n, g, 0, v, 0, out, 0);
        }
    }

    private static void call(BackwardOp op, int n, double[] g, double[] v, double[] out) {
        switch (op) {
            case RELU -> FusedBackward.reluBackward(n, g, 0, v, 0, out, 0);
            case SIGMOID -> FusedBackward.sigmoidBackward(n, g, 0, v, 0, out, 0);
            case TANH -> FusedBackward.tanhBackward(n, g, 0, v, 0, out, 0);
            case GELU -> FusedBackward.geluBackward(n, g, 0, v, 0, out, 0);
            case GELU_TANH -> FusedBackward.geluTanhBackward(n, g, 0, v, 0, out, 0);
            case SILU -> FusedBackward.siluBackward(n, g, 0, v, 0, out, 0);
            case ELU -> FusedBackward.eluBackward(param(op), n, g, 0, v, 0, out, 0);
            case LEAKY_RELU -> FusedBackward.leakyReluBackward(param(op), n, g, 0, v, 0, out, 0);
            case SOFTPLUS -> FusedBackward.softplusBackward(n, g, 0, v, 0, out, 0);
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("opsAndSizes")
    void facadeMatchesScalarReference(BackwardOp op, int n) {
        SplittableRandom rnd = new SplittableRandom(op.ordinal() * 77L + n);
        boolean output = op == BackwardOp.SIGMOID || op == BackwardOp.TANH;
        float[] v = output ? randomFloats(rnd, n, op == BackwardOp.TANH ? -1 : 0, 1) : randomFloats(rnd, n, -30, 30);
        if (!output) {
            for (int i = 0; i < Math.min(n, SPECIAL_FLOATS.length); i++) {
                v[i] = SPECIAL_FLOATS[i];
            }
        }
        float[] g = randomFloats(rnd, n, -2, 2);
        float[] out = new float[n];
        call(op, n, g, v, out);
        for (int i = 0; i < n; i++) {
            float expected = (float) ScalarBackward.apply(op, (float) param(op), g[i], v[i]);
            double u = KernelTestSupport.ulps(expected, out[i]);
            if (u > 4 && !(Math.abs(expected - out[i]) <= 1e-6 * Math.abs(g[i]))) {
                fail(op + " element " + i + " x=" + v[i] + " g=" + g[i] + ": expected " + expected + " but was " + out[i]);
            }
        }
        double[] vd = KernelTestSupport.toDouble(v);
        double[] gd = KernelTestSupport.toDouble(g);
        double[] outD = new double[n];
        call(op, n, gd, vd, outD);
        for (int i = 0; i < n; i++) {
            double expected = ScalarBackward.apply(op, param(op), gd[i], vd[i]);
            double u = KernelTestSupport.ulps(expected, outD[i]);
            if (u > 4 && !(Math.abs(expected - outD[i]) <= 1e-14 * Math.abs(gd[i]))) {
                fail(op + " double element " + i + " x=" + vd[i] + ": expected " + expected + " but was " + outD[i]);
            }
        }
    }

    /**
     * The GELU-tanh vector kernels directly (the facade takes them only with fast math), against the
     * scalar reference, on both sides of the tails; and two values from torch (float64 autograd).
     */
    @ParameterizedTest(name = "n={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 7, 15, 17, 100, 4099})
    void geluTanhVectorKernelsMatchScalarReference(int n) {
        org.junit.jupiter.api.Assumptions.assumeTrue(EwSimd.ENABLED, "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(n);
        float[] x = randomFloats(rnd, n, -30, 30);
        for (int i = 0; i < Math.min(n, SPECIAL_FLOATS.length); i++) {
            x[i] = SPECIAL_FLOATS[i];
        }
        float[] g = randomFloats(rnd, n, -2, 2);
        float[] out = new float[n];
        VectorBackwardFloat.run(BackwardOp.GELU_TANH, 0, n, g, 0, x, 0, out, 0);
        double[] xd = KernelTestSupport.toDouble(x);
        double[] gd = KernelTestSupport.toDouble(g);
        double[] outD = new double[n];
        VectorBackwardDouble.run(BackwardOp.GELU_TANH, 0, n, gd, 0, xd, 0, outD, 0);
        for (int i = 0; i < n; i++) {
            double expected = ScalarBackward.apply(BackwardOp.GELU_TANH, 0, gd[i], xd[i]);
            float expectedF = (float) expected;
            if (KernelTestSupport.ulps(expectedF, out[i]) > 4 && !(Math.abs(expectedF - out[i]) <= 1e-6 * Math.abs(g[i]))) {
                fail("float element " + i + " x=" + x[i] + ": expected " + expectedF + " but was " + out[i]);
            }
            if (KernelTestSupport.ulps(expected, outD[i]) > 4 && !(Math.abs(expected - outD[i]) <= 1e-14 * Math.abs(gd[i]))) {
                fail("double element " + i + " x=" + xd[i] + ": expected " + expected + " but was " + outD[i]);
            }
        }
        assertEquals(1.0829640838457826, ScalarBackward.apply(BackwardOp.GELU_TANH, 0, 1.0, 1.0), 1e-15);
        assertEquals(-0.011584166630969648, ScalarBackward.apply(BackwardOp.GELU_TANH, 0, 1.0, -3.0), 1e-16);
    }

    @Test
    void scalarReferenceIsTheDerivativeOfTheForwardOp() {
        UnaryOp[] forward = {UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU, UnaryOp.ELU, UnaryOp.LEAKY_RELU, UnaryOp.SOFTPLUS};
        for (BackwardOp op : BackwardOp.values()) {
            UnaryOp f = forward[op.ordinal()];
            double p = param(op);
            for (double x = -25.3; x < 25; x += 0.7) {
                double h = 1e-6;
                double numeric = (ScalarUnary.apply(f, p, 0, x + h) - ScalarUnary.apply(f, p, 0, x - h)) / (2 * h);
                double v = op == BackwardOp.SIGMOID || op == BackwardOp.TANH ? ScalarUnary.apply(f, p, 0, x) : x;
                assertEquals(numeric, ScalarBackward.apply(op, p, 1.0, v), 1e-7, op + " at x=" + x);
            }
        }
    }
}
