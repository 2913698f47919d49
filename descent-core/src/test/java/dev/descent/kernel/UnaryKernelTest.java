package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.SPECIAL_FLOATS;
import static dev.descent.kernel.KernelTestSupport.assertBitwise;
import static dev.descent.kernel.KernelTestSupport.assertClose;
import static dev.descent.kernel.KernelTestSupport.forEachIndex;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static dev.descent.kernel.KernelTestSupport.randomShape;
import static dev.descent.kernel.KernelTestSupport.randomView;
import static dev.descent.kernel.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unary ops: the vector kernels against the scalar kernels, the scalar kernels against known values,
 * and the strided facade against an element loop.
 *
 * <p>Tolerances of the vector kernels (float and double alike, in ulps of the scalar result, which is
 * the correctly rounded double result rounded to the dtype): exact for the arithmetic ops and those
 * that fall back to the scalar kernel; 1 ulp for the single transcendentals (SVML); 2 for
 * {@code RSQRT} and the pows; 4 for composites ({@code SIGMOID, SILU, SOFTPLUS, ELU, GELU, GELU_TANH}).
 * Results that underflow into the subnormals are compared absolutely (2 * MIN_NORMAL).
 */
class UnaryKernelTest {

    private static final Set<UnaryOp> SINGLE_TRANSCENDENTAL = EnumSet.of(UnaryOp.EXP, UnaryOp.EXPM1, UnaryOp.LOG,
            UnaryOp.LOG1P, UnaryOp.SIN, UnaryOp.COS, UnaryOp.TAN, UnaryOp.ATAN, UnaryOp.TANH);
    private static final Set<UnaryOp> COMPOSITE = EnumSet.of(UnaryOp.SIGMOID, UnaryOp.SILU, UnaryOp.SOFTPLUS, UnaryOp.ELU, UnaryOp.GELU,
            UnaryOp.GELU_TANH);
    private static final Set<UnaryOp> TWO_ULPS = EnumSet.of(UnaryOp.RSQRT, UnaryOp.POW_SCALAR, UnaryOp.SCALAR_POW);

    static double tolerance(UnaryOp op) {
        if (SINGLE_TRANSCENDENTAL.contains(op)) {
            return 1;
        }
        if (TWO_ULPS.contains(op)) {
            return 2;
        }
        return COMPOSITE.contains(op) ? 4 : 0;
    }

    /** Parameters that exercise each op (the second POW_SCALAR case takes the x*x shortcut). */
    static double[] params(UnaryOp op, int variant) {
        return switch (op) {
            case LEAKY_RELU -> new double[] {0.01, 0};
            case ELU -> new double[] {variant == 0 ? 1.0 : 0.7, 0};
            case POW_SCALAR -> new double[] {variant == 0 ? 2.5 : 2, 0};
            case SCALAR_POW -> new double[] {1.7, 0};
            case CLAMP -> variant == 0 ? new double[] {-0.5, 0.75} : new double[] {Double.NaN, 0.3};
            case ADD_SCALAR, MUL_SCALAR, DIV_SCALAR -> new double[] {0.1, 0};
            default -> new double[] {0, 0};
        };
    }

    /** Every op at sizes around the vector width; the ops with a second parameter set run twice. */
    static Stream<Arguments> opsAndSizes() {
        Set<UnaryOp> twoVariants = EnumSet.of(UnaryOp.ELU, UnaryOp.POW_SCALAR, UnaryOp.CLAMP);
        return Arrays.stream(UnaryOp.values()).flatMap(op -> IntStream.of(0, 1, 7, 16, 17, 33, 1000, 4099).boxed()
                .flatMap(n -> IntStream.range(0, twoVariants.contains(op) ? 2 : 1).mapToObj(v -> Arguments.of(op, n, v))));
    }

    private static float[] inputs(UnaryOp op, int n, SplittableRandom rnd) {
        double range = switch (op) {
            case EXP, EXPM1 -> 90;
            case SIN, COS, TAN -> 50;
            case SCALAR_POW -> 150;
            default -> 25;
        };
        float[] a = randomFloats(rnd, n, -range, range);
        for (int i = 0; i < n; i += 5) {
            a[i] = (float) (a[i] * 1e-3); // plenty of small values, where log1p/expm1/erf matter
        }
        for (int i = 0; i < Math.min(n, SPECIAL_FLOATS.length); i++) {
            a[i] = SPECIAL_FLOATS[i];
        }
        return a;
    }

    @ParameterizedTest(name = "{0} n={1} params#{2}")
    @MethodSource("opsAndSizes")
    void vectorKernelsMatchScalar(UnaryOp op, int n, int variant) {
        assumeTrue(EwSimd.ENABLED, "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(op.ordinal() * 1000L + n + variant);
        double[] p = params(op, variant);
        float[] a = inputs(op, n, rnd);
        float[] expected = new float[n];
        float[] actual = new float[n];
        ScalarUnary.run(op, p[0], p[1], n, a, 0, 1, expected, 0, 1);
        VectorUnaryFloat.run(op, p[0], p[1], n, a, 0, actual, 0);
        assertClose(expected, actual, tolerance(op), 2 * Float.MIN_NORMAL, op + " float");

        double[] ad = KernelTestSupport.toDouble(a);
        for (int i = SPECIAL_FLOATS.length; i < n; i++) {
            ad[i] += rnd.nextDouble() * 1e-9; // use the double mantissa
        }
        double[] ed = new double[n];
        double[] xd = new double[n];
        ScalarUnary.run(op, p[0], p[1], n, ad, 0, 1, ed, 0, 1);
        VectorUnaryDouble.run(op, p[0], p[1], n, ad, 0, xd, 0);
        assertClose(ed, xd, tolerance(op), 2 * Double.MIN_NORMAL, op + " double");
    }

    @Test
    void scalarReferenceMatchesKnownValues() {
        double eps = 1e-15;
        assertEquals(0.8413447460685429, ScalarUnary.apply(UnaryOp.GELU, 0, 0, 1.0), eps);
        assertEquals(-0.15865525393145707, ScalarUnary.apply(UnaryOp.GELU, 0, 0, -1.0), eps);
        assertEquals(-3 * 0.0013498980316300946, ScalarUnary.apply(UnaryOp.GELU, 0, 0, -3.0), 1e-17);
        // GELU's tanh form against torch.nn.functional.gelu(x, approximate="tanh") in float64
        assertEquals(0.8411919906082768, ScalarUnary.apply(UnaryOp.GELU_TANH, 0, 0, 1.0), eps);
        assertEquals(-0.15880800939172324, ScalarUnary.apply(UnaryOp.GELU_TANH, 0, 0, -1.0), eps);
        // (torch's own float64 value loses a few digits to 1 + tanh(u) = 0.002 here)
        assertEquals(-0.0036373920817729943, ScalarUnary.apply(UnaryOp.GELU_TANH, 0, 0, -3.0), 1e-16);
        assertEquals(0.34571400982514394, ScalarUnary.apply(UnaryOp.GELU_TANH, 0, 0, 0.5), eps);
        // far in the tail torch's 1 + tanh(u) cancels to 0; x sigmoid(2u) keeps the tiny true value
        double tail = ScalarUnary.apply(UnaryOp.GELU_TANH, 0, 0, -10.0);
        assertEquals(-10 / (1 + Math.exp(2 * Math.sqrt(2 / Math.PI) * (10 + 0.044715 * 1000))), tail, 1e-300);
        assertEquals(0.8427007929497149, ScalarUnary.apply(UnaryOp.ERF, 0, 0, 1.0), eps);
        assertEquals(Math.log(2), ScalarUnary.apply(UnaryOp.SOFTPLUS, 0, 0, 0.0), eps);
        assertEquals(20.5, ScalarUnary.apply(UnaryOp.SOFTPLUS, 0, 0, 20.5)); // torch's threshold 20
        assertEquals(Math.log1p(Math.exp(19.5)), ScalarUnary.apply(UnaryOp.SOFTPLUS, 0, 0, 19.5));
        assertEquals(0.5, ScalarUnary.apply(UnaryOp.SIGMOID, 0, 0, 0.0));
        assertEquals(1 / (1 + Math.exp(-2.0)) * 2, ScalarUnary.apply(UnaryOp.SILU, 0, 0, 2.0), eps);
        assertEquals(0.7 * Math.expm1(-2), ScalarUnary.apply(UnaryOp.ELU, 0.7, 0, -2.0), eps);
        assertEquals(-0.02, ScalarUnary.apply(UnaryOp.LEAKY_RELU, 0.01, 0, -2.0), eps);
        assertEquals(0.0, ScalarUnary.apply(UnaryOp.STEP, 0, 0, 0.0));
        assertEquals(0.0, ScalarUnary.apply(UnaryOp.STEP, 0, 0, Double.NaN));
        assertEquals(1.0, ScalarUnary.apply(UnaryOp.STEP, 0, 0, 1e-300));
        assertEquals(Double.NaN, ScalarUnary.apply(UnaryOp.RELU, 0, 0, Double.NaN));
        assertEquals(-0.0, ScalarUnary.apply(UnaryOp.SIGN, 0, 0, -0.0));
        assertEquals(0.3, ScalarUnary.apply(UnaryOp.CLAMP, Double.NaN, 0.3, 5.0));
        assertEquals(-7.0, ScalarUnary.apply(UnaryOp.CLAMP, Double.NaN, 0.3, -7.0));
        assertEquals(-0.5, ScalarUnary.apply(UnaryOp.CLAMP, -0.5, Double.NaN, -7.0));
        assertEquals(Double.NaN, ScalarUnary.apply(UnaryOp.CLAMP, -0.5, 0.5, Double.NaN));
        assertEquals(2.0, ScalarUnary.apply(UnaryOp.ROUND, 0, 0, 2.5)); // half to even, as torch.round
        assertEquals(Math.pow(3, 1.7), ScalarUnary.apply(UnaryOp.SCALAR_POW, 3, 0, 1.7));
        // float kernels round the parameter to float first, then compute in double and round once
        assertEquals(0.1f + 1f, ScalarUnary.apply(UnaryOp.ADD_SCALAR, 0.1, 0, 1f));
        assertEquals((float) Math.exp(1.5), ScalarUnary.apply(UnaryOp.EXP, 0, 0, 1.5f));
    }

    /** The ops that are one library function: the float reference is that function in double, rounded once. */
    @Test
    void scalarReferenceIsTheMathFunctionRoundedOnce() {
        java.util.Map<UnaryOp, java.util.function.DoubleUnaryOperator> math = new java.util.EnumMap<>(UnaryOp.class);
        math.put(UnaryOp.EXP, Math::exp);
        math.put(UnaryOp.EXPM1, Math::expm1);
        math.put(UnaryOp.LOG, Math::log);
        math.put(UnaryOp.LOG1P, Math::log1p);
        math.put(UnaryOp.SQRT, Math::sqrt);
        math.put(UnaryOp.SIN, Math::sin);
        math.put(UnaryOp.COS, Math::cos);
        math.put(UnaryOp.TAN, Math::tan);
        math.put(UnaryOp.ATAN, Math::atan);
        math.put(UnaryOp.TANH, Math::tanh);
        math.put(UnaryOp.ABS, Math::abs);
        math.put(UnaryOp.SIGN, Math::signum);
        math.put(UnaryOp.FLOOR, Math::floor);
        math.put(UnaryOp.CEIL, Math::ceil);
        math.put(UnaryOp.ROUND, Math::rint);
        math.put(UnaryOp.NEG, x -> -x);
        math.put(UnaryOp.ERF, SpecialMath::erf);
        SplittableRandom rnd = new SplittableRandom(8);
        float[] xs = randomFloats(rnd, 2000, -30, 30);
        System.arraycopy(SPECIAL_FLOATS, 0, xs, 0, SPECIAL_FLOATS.length);
        math.forEach((op, f) -> {
            for (float x : xs) {
                assertEquals((float) f.applyAsDouble(x), ScalarUnary.apply(op, 0, 0, x), op + " at " + x);
                assertEquals(f.applyAsDouble(x), ScalarUnary.apply(op, 0, 0, (double) x), op + " at " + x);
            }
        });
    }

    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stridedUnaryMatchesElementLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(5000 + seed);
        int[] shape = seed == 0 ? new int[] {260, 300} : randomShape(rnd, (int) (seed % 6), true);
        for (UnaryOp op : UnaryOp.values()) {
            double[] p = params(op, (int) (seed % 2));
            KernelTestSupport.View va = randomView(shape, rnd, true);
            float[] a = randomFloats(rnd, va.length(), -5, 5);
            int n = Layout.size(shape);
            float[] out = new float[n];
            Elementwise.unaryStrided(op, p[0], p[1], shape, a, va.offset(), va.strides(), out, 0);
            float[] expected = new float[n];
            int[] k = {0};
            forEachIndex(shape, idx -> expected[k[0]++] = ScalarUnary.apply(op, p[0], p[1], a[va.at(idx)]));
            assertClose(expected, out, tolerance(op), 2 * Float.MIN_NORMAL, op + " " + Arrays.toString(shape) + " " + va);

            double[] ad = KernelTestSupport.toDouble(a);
            double[] outD = new double[n];
            Elementwise.unaryStrided(op, p[0], p[1], shape, ad, va.offset(), va.strides(), outD, 0);
            double[] expectedD = new double[n];
            int[] j = {0};
            forEachIndex(shape, idx -> expectedD[j[0]++] = ScalarUnary.apply(op, p[0], p[1], ad[va.at(idx)]));
            assertClose(expectedD, outD, tolerance(op), 2 * Double.MIN_NORMAL, op + " double " + Arrays.toString(shape));
        }
    }

    @Test
    void contiguousFacadeWorksInPlaceAndAtOffsets() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = Elementwise.PARALLEL_THRESHOLD + 101;
        float[] a = randomFloats(rnd, n + 10, -4, 4);
        float[] expected = new float[n];
        ScalarUnary.run(UnaryOp.TANH, 0, 0, n, a, 5, 1, expected, 0, 1);
        Elementwise.unary(UnaryOp.TANH, 0, 0, n, a, 5, a, 5);
        assertClose(expected, Arrays.copyOfRange(a, 5, 5 + n), tolerance(UnaryOp.TANH), 0, "tanh in place");
    }

    /**
     * Bitwise for the arithmetic ops; transcendentals within their vector tolerance, because the JIT
     * (not the threads) may switch them from per-lane {@code Math.*} to SVML mid-run (see {@link UnaryOp}).
     */
    @Test
    void resultsDoNotDependOnThreadCount() {
        int n = 3 * Elementwise.GRAIN + 17;
        float[] a = randomFloats(new SplittableRandom(11), n, -6, 6);
        UnaryOp[] ops = {UnaryOp.RELU, UnaryOp.CLAMP, UnaryOp.MUL_SCALAR, UnaryOp.SQRT, UnaryOp.EXP, UnaryOp.GELU, UnaryOp.SIGMOID, UnaryOp.TANH};
        for (UnaryOp op : ops) {
            float[] one = new float[n];
            float[] two = new float[n];
            withThreads(1, () -> Elementwise.unary(op, -1.5, 2, n, a, 0, one, 0));
            withThreads(2, () -> Elementwise.unary(op, -1.5, 2, n, a, 0, two, 0));
            if (tolerance(op) == 0) {
                assertBitwise(one, two, op + " 1 vs 2 threads");
            } else {
                assertClose(one, two, tolerance(op), 2 * Float.MIN_NORMAL, op + " 1 vs 2 threads");
            }
        }
    }
}
