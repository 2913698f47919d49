package dev.descent.ops;

import dev.descent.ops.Cases.Arg;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks (first and second order) of every elementwise op, over seeded random shapes
 * (scalars, size-1 dims, empty tensors, broadcasting across ranks) and non-contiguous inputs.
 * Inputs are drawn away from kinks and poles: the finite differences would be meaningless there.
 */
class ElementwiseGradTest {

    /** An elementwise function of one tensor and the values it is checked on. */
    record UnaryCase(Function<Tensor, Tensor> op, BiFunction<Cases, int[], Tensor> values) {}

    private static UnaryCase on(Domain d, Function<Tensor, Tensor> op) {
        return new UnaryCase(op, (c, s) -> c.tensor(s, d));
    }

    private static UnaryCase awayFrom(double[] kinks, Function<Tensor, Tensor> op) {
        return new UnaryCase(op, (c, s) -> c.tensorAwayFrom(s, kinks));
    }

    private static final double[] ZERO = {0.0};

    static final Map<String, UnaryCase> UNARY = Map.ofEntries(
            Map.entry("neg", on(Domain.NORMAL, Tensor::neg)),
            Map.entry("exp", on(Domain.NORMAL, Tensor::exp)),
            Map.entry("log", on(Domain.POSITIVE, Tensor::log)),
            Map.entry("log1p", new UnaryCase(Tensor::log1p, (c, s) -> c.tensor(s, Domain.POSITIVE).sub(0.7))),
            Map.entry("sqrt", on(Domain.POSITIVE, Tensor::sqrt)),
            Map.entry("rsqrt", on(Domain.POSITIVE, Tensor::rsqrt)),
            Map.entry("abs", awayFrom(ZERO, Tensor::abs)),
            Map.entry("sin", on(Domain.NORMAL, Tensor::sin)),
            Map.entry("cos", on(Domain.NORMAL, Tensor::cos)),
            Map.entry("tan", on(Domain.SMALL, Tensor::tan)),
            Map.entry("tanh", on(Domain.NORMAL, Tensor::tanh)),
            Map.entry("sigmoid", on(Domain.NORMAL, Tensor::sigmoid)),
            Map.entry("relu", awayFrom(ZERO, Tensor::relu)),
            Map.entry("leakyRelu", awayFrom(ZERO, x -> x.leakyRelu(0.1))),
            Map.entry("elu", awayFrom(ZERO, x -> x.elu(1.3))),
            Map.entry("gelu", on(Domain.NORMAL, Tensor::gelu)),
            Map.entry("geluTanh", on(Domain.NORMAL, Gelu::tanhApprox)),
            Map.entry("softplus", on(Domain.NORMAL, Tensor::softplus)),
            // above the threshold 20 softplus is the identity
            Map.entry("softplusLinear", new UnaryCase(Tensor::softplus, (c, s) -> c.tensor(s, Domain.POSITIVE).add(21))),
            Map.entry("silu", on(Domain.NORMAL, Tensor::silu)),
            Map.entry("normalCdf", on(Domain.NORMAL, Unary::normalCdf)),
            Map.entry("clamp", awayFrom(new double[] {-0.5, 0.7}, x -> x.clamp(-0.5, 0.7))),
            Map.entry("clampMin", awayFrom(new double[] {-0.3}, x -> x.clamp(-0.3, Double.NaN))),
            Map.entry("clampMax", awayFrom(new double[] {0.4}, x -> x.clamp(Double.NaN, 0.4))),
            Map.entry("addScalar", on(Domain.NORMAL, x -> x.add(1.5))),
            Map.entry("subScalar", on(Domain.NORMAL, x -> x.sub(0.5))),
            Map.entry("rsub", on(Domain.NORMAL, x -> x.rsub(2.0))),
            Map.entry("mulScalar", on(Domain.NORMAL, x -> x.mul(-2.5))),
            Map.entry("divScalar", on(Domain.NORMAL, x -> x.div(4.0))),
            Map.entry("pow2", on(Domain.NORMAL, x -> x.pow(2))),
            Map.entry("pow3", on(Domain.NORMAL, x -> x.pow(3))),
            Map.entry("pow1", on(Domain.NORMAL, x -> x.pow(1))),
            Map.entry("pow0", on(Domain.NORMAL, x -> x.pow(0))),
            Map.entry("powHalf", on(Domain.POSITIVE, x -> x.pow(0.5))),
            Map.entry("powNegative", on(Domain.POSITIVE, x -> x.pow(-1.5))),
            Map.entry("scalarPow", on(Domain.NORMAL, x -> Tensor.pow(2.5, x))),
            Map.entry("scalarPowBelowOne", on(Domain.NORMAL, x -> Tensor.pow(0.5, x))));

    static Stream<Arguments> unaryCases() {
        return Cases.over(UNARY.keySet().stream().sorted().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("unaryCases")
    void unaryGradients(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        UnaryCase u = UNARY.get(name);
        int[] shape = c.shape(true);
        Arg x = c.arg(shape, true, s -> u.values().apply(c, s));
        Checks.gradients(name, in -> u.op().apply(x.apply(in[0])), true, x.leaf());
    }

    /** A broadcasting binary op and the domains of its two operands. */
    record BinaryCase(BiFunction<Tensor, Tensor, Tensor> op, BiFunction<Cases, int[], Tensor> a,
                      BiFunction<Cases, int[], Tensor> b) {}

    private static BinaryCase binary(Domain a, Domain b, BiFunction<Tensor, Tensor, Tensor> op) {
        return new BinaryCase(op, (c, s) -> c.tensor(s, a), (c, s) -> c.tensor(s, b));
    }

    /** Values on two interleaved grids, so that a and b are never closer than 0.05 (no ties for max/min). */
    private static BinaryCase interleaved(BiFunction<Tensor, Tensor, Tensor> op) {
        return new BinaryCase(op, (c, s) -> grid(c, s, 0.0), (c, s) -> grid(c, s, 0.05));
    }

    private static Tensor grid(Cases c, int[] shape, double shift) {
        Tensor t = c.tensor(shape, Domain.NORMAL);
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(v[i] * 10) / 10.0 + shift;
        }
        return Tensor.wrap(v, shape.clone());
    }

    static final Map<String, BinaryCase> BINARY = Map.of(
            "add", binary(Domain.NORMAL, Domain.NORMAL, Tensor::add),
            "sub", binary(Domain.NORMAL, Domain.NORMAL, Tensor::sub),
            "mul", binary(Domain.NORMAL, Domain.NORMAL, Tensor::mul),
            "div", binary(Domain.NORMAL, Domain.NONZERO, Tensor::div),
            "pow", binary(Domain.POSITIVE, Domain.NORMAL, Tensor::pow),
            "maximum", interleaved(Tensor::maximum),
            "minimum", interleaved(Tensor::minimum));

    static Stream<Arguments> binaryCases() {
        return Cases.over(BINARY.keySet().stream().sorted().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("binaryCases")
    void binaryGradientsBroadcast(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        BinaryCase op = BINARY.get(name);
        int[][] shapes = c.broadcastPair(true);
        Arg a = c.arg(shapes[0], true, s -> op.a().apply(c, s));
        Arg b = c.arg(shapes[1], Cases.Layout.CONTIGUOUS, s -> op.b().apply(c, s));
        Checks.gradients(name, in -> op.op().apply(a.apply(in[0]), b.apply(in[1])), true, a.leaf(), b.leaf());
    }

    static Stream<Arguments> whereCases() {
        return Cases.over("where");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("whereCases")
    void whereRoutesGradientsByCondition(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[][] shapes = c.broadcastPair(true);
        int[] condShape = c.rnd.nextBoolean() ? shapes[0] : shapes[1];
        Tensor cond = c.mask(condShape);
        Arg a = c.arg(shapes[0], Domain.NORMAL);
        Tensor b = c.tensor(shapes[1], Domain.NORMAL);
        Checks.gradients(name, in -> Tensor.where(cond, a.apply(in[0]), in[1]), true, a.leaf(), b);
    }

    static Stream<Arguments> mixedPrecisionCases() {
        return Cases.over("mixed");
    }

    /** A float32 operand promotes the result to float64; its gradient comes back as float32. */
    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("mixedPrecisionCases")
    void gradientThroughPromotionKeepsEachInputsType(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[][] shapes = c.broadcastPair(true);
        Tensor a = c.tensor(shapes[0], Domain.NORMAL).requiresGrad_(true);
        Tensor b = c.tensor(shapes[1], Domain.NORMAL).to(dev.descent.tensor.DType.FLOAT32).requiresGrad_(true);
        a.mul(b).add(b).sum().backward();
        org.junit.jupiter.api.Assertions.assertEquals(dev.descent.tensor.DType.FLOAT32, b.grad().dtype());
        org.junit.jupiter.api.Assertions.assertArrayEquals(b.shape(), b.grad().shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.shape(), a.grad().shape());
    }
}
