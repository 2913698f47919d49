package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused {@code act(x·Wᵀ + b)}: finite differences of first and second order (float64), the
 * one-pass backward against the differentiable one, and equality with the unfused
 * {@code linear} followed by the activation, in values and gradients.
 */
class LinearActTest {

    /** Each fusable activation with the unfused op it must equal. */
    private record Case(String name, FusedActivation act, UnaryOperator<Tensor> unfused) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("none", FusedActivation.NONE, t -> t),
            new Case("relu", FusedActivation.relu(), Tensor::relu),
            new Case("leakyRelu(0.01)", FusedActivation.leakyRelu(0.01), t -> t.leakyRelu(0.01)),
            new Case("leakyRelu(-0.2)", FusedActivation.leakyRelu(-0.2), t -> t.leakyRelu(-0.2)),
            new Case("gelu", FusedActivation.gelu(), Tensor::gelu),
            new Case("geluTanh", FusedActivation.geluTanh(), Gelu::tanhApprox),
            new Case("silu", FusedActivation.silu(), Tensor::silu),
            new Case("tanh", FusedActivation.tanh(), Tensor::tanh),
            new Case("sigmoid", FusedActivation.sigmoid(), Tensor::sigmoid));

    /** Every activation on three seeded random shapes: leading dims of rank 0 to 2, with and without bias. */
    static Stream<Arguments> casesAndShapes() {
        return CASES.stream().flatMap(c -> IntStream.range(0, 3).mapToObj(k -> Arguments.of(c, k)));
    }

    /** {@code {x, w, b}} for variant k (b null for k = 1): x of rank k % 3 + 1. */
    private static Tensor[] inputs(Case c, int k, DType dt) {
        SplittableRandom rnd = new SplittableRandom(c.name().hashCode() * 31L + k);
        int in = 1 + rnd.nextInt(5);
        int out = 1 + rnd.nextInt(5);
        int[] xShape = switch (k) {
            case 0 -> new int[] {in};
            case 1 -> new int[] {1 + rnd.nextInt(4), in};
            default -> new int[] {2, 1 + rnd.nextInt(3), in};
        };
        Generator gen = new Generator(rnd.nextLong());
        Tensor x = Tensor.randn(gen, dt, xShape);
        Tensor w = Tensor.randn(gen, dt, out, in);
        Tensor b = k == 1 ? null : Tensor.randn(gen, dt, out);
        return new Tensor[] {x, w, b};
    }

    private static Tensor fused(Case c, Tensor[] t) {
        return NnFunctional.linear(t[0], t[1], t.length > 2 ? t[2] : null, c.act());
    }

    private static Tensor unfused(Case c, Tensor[] t) {
        return c.unfused().apply(NnFunctional.linear(t[0], t[1], t.length > 2 ? t[2] : null));
    }

    private static Tensor[] nonNull(Tensor[] t) {
        return t[2] == null ? new Tensor[] {t[0], t[1]} : t;
    }

    @ParameterizedTest(name = "{0} shape#{1}")
    @MethodSource("casesAndShapes")
    void firstAndSecondOrderGradientsMatchFiniteDifferences(Case c, int k) {
        Tensor[] in = nonNull(inputs(c, k, DType.FLOAT64));
        Checks.gradients("linear+" + c, t -> fused(c, t), true, in);
    }

    @ParameterizedTest(name = "{0} shape#{1}")
    @MethodSource("casesAndShapes")
    void fusedEqualsLinearThenActivation(Case c, int k) {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dt == DType.FLOAT64 ? 1e-12 : 1e-5;
            Tensor[] in = nonNull(inputs(c, k, dt));
            Tensor[] a = leaves(in);
            Tensor[] b = leaves(in);
            Tensor ya = fused(c, a);
            Tensor yb = unfused(c, b);
            assertArrayEquals(yb.shape(), ya.shape(), c + " shape");
            assertArrayEquals(yb.toDoubleArray(), ya.toDoubleArray(), tol, c + " " + dt + " values");
            Tensor g = Tensor.randn(new Generator(5), dt, ya.shapeRef());
            ya.backward(g);
            yb.backward(g);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i].grad().toDoubleArray(), a[i].grad().toDoubleArray(), tol * 10,
                        c + " " + dt + " gradient of input " + i);
            }
        }
    }

    private static Tensor[] leaves(Tensor[] in) {
        Tensor[] out = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i].detach().clone().requiresGrad_(true);
        }
        return out;
    }

    @Test
    void withoutGradTheActivationRunsInPlaceOnTheGemmOutput() {
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT32, 4, 3);
        Tensor w = Tensor.randn(new Generator(2), DType.FLOAT32, 5, 3);
        Tensor b = Tensor.randn(new Generator(3), DType.FLOAT32, 5);
        try (var s = GradMode.noGrad()) {
            Tensor y = NnFunctional.linear(x, w, b, FusedActivation.gelu());
            assertEquals(20, y.storage().floats().length, "one [4, 5] buffer: no pre-activation copy");
            assertArrayEquals(NnFunctional.linear(x, w, b).gelu().toDoubleArray(), y.toDoubleArray(), 1e-6);
        }
    }

    @Test
    void theNodeIsNamedAfterLayerAndActivation() {
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT64, 2, 3).requiresGrad_(true);
        Tensor w = Tensor.randn(new Generator(2), DType.FLOAT64, 4, 3);
        assertEquals("LinearLeakyReluBackward",
                NnFunctional.linear(x, w, null, FusedActivation.leakyRelu(0.1)).gradFn().name());
        assertEquals("LinearBackward", NnFunctional.linear(x, w, null).gradFn().name());
    }

    @Test
    void modifyingTheSavedOutputInPlaceIsCaughtAtBackward() {
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT64, 2, 3).requiresGrad_(true);
        Tensor w = Tensor.randn(new Generator(2), DType.FLOAT64, 4, 3).requiresGrad_(true);
        Tensor y = NnFunctional.linear(x, w, null, FusedActivation.tanh()); // backward reads y itself
        Tensor z = y.mul(1.0);
        try (var s = GradMode.noGrad()) {
            y.mul_(2.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("LinearTanhBackward") && e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void onlyElementwiseActivationsWithAFusedBackwardAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FusedActivation(UnaryOp.EXP, 0));
        assertTrue(e.getMessage().contains("EXP"), e.getMessage());
        assertEquals(null, FusedActivation.byName("elu"));
        assertEquals(FusedActivation.NONE, FusedActivation.byName("identity"));
        assertEquals(FusedActivation.geluTanh(), FusedActivation.byName("gelu_tanh"));
    }
}
