package dev.descent.landscape.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TensorCompilerTest {

    static IntStream seeds() {
        return IntStream.range(0, 200);
    }

    /** The tensor form computes what the double form computes, for any tree (NaN included). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tensorValueMatchesDoubleValue(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Expr e = RandomExpressions.any(rnd, List.of("x", "y"), 1 + seed % 6);
        double x = rnd.nextDouble(-3, 3);
        double y = rnd.nextDouble(-3, 3);
        double expected = e.evaluate(Map.of("x", x, "y", y));
        Map<String, Tensor> env = new LinkedHashMap<>();
        env.put("x", Tensor.scalar(x));
        env.put("y", Tensor.scalar(y));
        double actual = e.toTensor(env).item();
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, () -> e.toString());
        } else {
            assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), () -> e.toString());
        }
    }

    @Test
    void evaluatesAWholeBatchAtOnce() {
        Expr e = Expr.parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2");
        double[] xs = {-3, -1, 0, 2.5, 3};
        double[] ys = {2, 0.5, 0, -1, 2};
        Tensor out = e.toTensor(Map.of("x", Tensor.of(xs), "y", Tensor.of(ys)));
        assertArrayEquals(new int[] {5}, out.shape());
        for (int i = 0; i < xs.length; i++) {
            assertEquals(e.evaluate(Map.of("x", xs[i], "y", ys[i])), out.get(i), 1e-12);
        }
    }

    @Test
    void constantExpressionsGiveAScalarOfTheVariablesType() {
        Tensor c = Expr.parse("2*pi").toTensor(Map.of());
        assertEquals(DType.FLOAT64, c.dtype());
        assertEquals(2 * Math.PI, c.item(), 0);
        Tensor f = Expr.parse("3 + 0*1").toTensor(Map.of("x", Tensor.scalar(DType.FLOAT32, 1)));
        assertEquals(DType.FLOAT32, f.dtype());
        assertFalse(f.requiresGrad());
    }

    @Test
    void float32VariablesStayFloat32() {
        Tensor x = Tensor.scalar(DType.FLOAT32, 1.5f).requiresGrad_(true);
        Tensor y = Expr.parse("1/x + 2^x - x/4").toTensor(Map.of("x", x));
        assertEquals(DType.FLOAT32, y.dtype());
        y.backward();
        double expected = -1 / (1.5 * 1.5) + Math.pow(2, 1.5) * Math.log(2) - 0.25;
        assertEquals(expected, x.grad().item(), 1e-5);
    }

    @Test
    void backwardThroughTheCompiledGraph() {
        Tensor x = Tensor.scalar(3.6).requiresGrad_(true);
        Tensor y = Expr.parse("x^2*sin(x)").toTensor(Map.of("x", x));
        y.backward();
        assertTrue(x.grad() != null);
        assertEquals(2 * 3.6 * Math.sin(3.6) + 3.6 * 3.6 * Math.cos(3.6), x.grad().item(), 1e-12);
    }

    @Test
    void missingVariableIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expr.parse("x*z").toTensor(Map.of("x", Tensor.scalar(1.0))));
        assertEquals("unknown variable 'z': no value given for it (values given for x)", e.getMessage());
    }
}
