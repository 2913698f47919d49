package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.ops.Cases.Arg;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward values of the elementwise ops against {@link Math}, element by element, for strided and
 * broadcast operands in both float types: this pins the loops' index arithmetic, not only the formulas.
 */
class ElementwiseValuesTest {

    record Ref(Function<Tensor, Tensor> op, DoubleUnaryOperator math, Domain domain) {}

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static final Map<String, Ref> UNARY = Map.ofEntries(
            Map.entry("exp", new Ref(Tensor::exp, Math::exp, Domain.NORMAL)),
            Map.entry("log", new Ref(Tensor::log, Math::log, Domain.POSITIVE)),
            Map.entry("log1p", new Ref(Tensor::log1p, Math::log1p, Domain.POSITIVE)),
            Map.entry("sqrt", new Ref(Tensor::sqrt, Math::sqrt, Domain.POSITIVE)),
            Map.entry("rsqrt", new Ref(Tensor::rsqrt, x -> 1 / Math.sqrt(x), Domain.POSITIVE)),
            Map.entry("abs", new Ref(Tensor::abs, Math::abs, Domain.NORMAL)),
            Map.entry("sin", new Ref(Tensor::sin, Math::sin, Domain.NORMAL)),
            Map.entry("tan", new Ref(Tensor::tan, Math::tan, Domain.SMALL)),
            Map.entry("tanh", new Ref(Tensor::tanh, Math::tanh, Domain.NORMAL)),
            Map.entry("sigmoid", new Ref(Tensor::sigmoid, ElementwiseValuesTest::sigmoid, Domain.NORMAL)),
            Map.entry("relu", new Ref(Tensor::relu, x -> Math.max(x, 0), Domain.NORMAL)),
            Map.entry("leakyRelu", new Ref(x -> x.leakyRelu(0.1), x -> x > 0 ? x : 0.1 * x, Domain.NORMAL)),
            Map.entry("elu", new Ref(x -> x.elu(1.3), x -> x > 0 ? x : 1.3 * Math.expm1(x), Domain.NORMAL)),
            Map.entry("softplus", new Ref(Tensor::softplus, x -> Math.log1p(Math.exp(x)), Domain.NORMAL)),
            Map.entry("silu", new Ref(Tensor::silu, x -> x * sigmoid(x), Domain.NORMAL)),
            Map.entry("clamp", new Ref(x -> x.clamp(-0.5, 0.7), x -> Math.min(Math.max(x, -0.5), 0.7), Domain.NORMAL)),
            Map.entry("pow3", new Ref(x -> x.pow(3), x -> x * x * x, Domain.NORMAL)),
            Map.entry("scalarPow", new Ref(x -> Tensor.pow(2.5, x), x -> Math.pow(2.5, x), Domain.NORMAL)));

    static Stream<Arguments> unaryCases() {
        return Cases.over(UNARY.keySet().stream().sorted().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("unaryCases")
    void unaryMatchesMath(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        Ref ref = UNARY.get(name);
        int[] shape = c.shape(true);
        Arg arg = c.arg(shape, ref.domain());
        Tensor x = arg.apply(arg.leaf());
        double[] in = x.toDoubleArray();
        double[] expected = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            expected[i] = ref.math().applyAsDouble(in[i]);
        }
        Tensor out = ref.op().apply(x);
        assertArrayEquals(shape, out.shape());
        assertArrayEquals(expected, out.toDoubleArray(), 1e-14 * 10, name + " float64");
        float[] f = ref.op().apply(x.to(DType.FLOAT32)).toFloatArray();
        for (int i = 0; i < in.length; i++) {
            double e = ref.math().applyAsDouble((float) in[i]);
            assertEquals(e, f[i], 2e-6 * Math.max(1, Math.abs(e)), name + " float32 at " + i);
        }
    }

    @Test
    void geluAndNormalCdfKnownValues() {
        Tensor x = Tensor.of(new double[] {-1, 0, 1, 3});
        // x·Φ(x) with Φ(1) = 0.8413447460685429, Φ(3) = 0.9986501019683699
        assertArrayEquals(new double[] {-0.15865525393145707, 0, 0.8413447460685429, 3 * 0.9986501019683699},
                x.gelu().toDoubleArray(), 1e-15);
        // torch 1.13: F.gelu(x, approximate='tanh') at -3, -1, 0, 0.5, 2, 10
        Tensor t = Tensor.of(new double[] {-3, -1, 0, 0.5, 2, 10});
        assertArrayEquals(new double[] {-0.0036373920817729943, -0.15880800939172324, 0, 0.34571400982514394,
                1.954597694087775, 10}, t.gelu("tanh").toDoubleArray(), 1e-15);
        assertArrayEquals(x.gelu().toDoubleArray(), x.gelu("none").toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> x.gelu("erf"));
        assertEquals(Math.log(2), Tensor.scalar(0.0).softplus().item(), 1e-16);
        assertEquals(30.0, Tensor.scalar(30.0).softplus().item(), "linear above the threshold 20");
    }

    @Test
    void powGradientsAtAZeroBaseAndZeroExponentFollowPyTorch() {
        Tensor a = Tensor.of(new double[] {0, 0, 2}).requiresGrad_(true);
        Tensor b = Tensor.of(new double[] {2, 0, 0}).requiresGrad_(true);
        Tensor y = a.pow(b);
        assertArrayEquals(new double[] {0, 1, 1}, y.toDoubleArray());
        y.sum().backward();
        // d/da a^b = b·a^(b-1), 0 where b = 0; d/db a^b = a^b·ln a, 0 where a = 0 and b >= 0
        assertArrayEquals(new double[] {0, 0, 0}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0, 0, Math.log(2)}, b.grad().toDoubleArray(), 1e-15);
    }

    record BinRef(java.util.function.BinaryOperator<Tensor> op, DoubleBinaryOperator math) {}

    static final Map<String, BinRef> BINARY = Map.of(
            "add", new BinRef(Tensor::add, Double::sum),
            "sub", new BinRef(Tensor::sub, (a, b) -> a - b),
            "mul", new BinRef(Tensor::mul, (a, b) -> a * b),
            "div", new BinRef(Tensor::div, (a, b) -> a / b),
            "maximum", new BinRef(Tensor::maximum, Math::max),
            "minimum", new BinRef(Tensor::minimum, Math::min));

    static Stream<Arguments> binaryCases() {
        return Cases.over(BINARY.keySet().stream().sorted().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("binaryCases")
    void binaryBroadcastsLikeNumpy(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        BinRef ref = BINARY.get(name);
        int[][] shapes = c.broadcastPair(true);
        Arg aa = c.arg(shapes[0], Domain.NORMAL);
        Tensor a = aa.apply(aa.leaf());
        Tensor b = c.tensor(shapes[1], Domain.NONZERO);
        int[] out = Shape.broadcast(name, shapes[0], shapes[1]);
        double[] av = a.toDoubleArray();
        double[] bv = b.toDoubleArray();
        double[] expected = new double[Shape.numel(out)];
        int[] idx = new int[out.length];
        for (int i = 0; i < expected.length; i++) {
            int r = i;
            for (int d = out.length - 1; d >= 0; d--) {
                idx[d] = r % out[d];
                r /= out[d];
            }
            expected[i] = ref.math().applyAsDouble(av[flat(idx, shapes[0])], bv[flat(idx, shapes[1])]);
        }
        Tensor result = ref.op().apply(a, b);
        assertArrayEquals(out, result.shape());
        assertArrayEquals(expected, result.toDoubleArray(), 0.0);
    }

    /** Row-major position in a tensor of {@code shape} broadcast to the index {@code idx} (aligned right). */
    private static int flat(int[] idx, int[] shape) {
        int shift = idx.length - shape.length;
        int p = 0;
        for (int d = 0; d < shape.length; d++) {
            p = p * shape[d] + (shape[d] == 1 ? 0 : idx[d + shift]);
        }
        return p;
    }
}
