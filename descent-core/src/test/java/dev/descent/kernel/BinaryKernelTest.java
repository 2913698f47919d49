package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.SIZES;
import static dev.descent.kernel.KernelTestSupport.SPECIAL_FLOATS;
import static dev.descent.kernel.KernelTestSupport.assertBitwise;
import static dev.descent.kernel.KernelTestSupport.assertClose;
import static dev.descent.kernel.KernelTestSupport.forEachIndex;
import static dev.descent.kernel.KernelTestSupport.randomDoubles;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static dev.descent.kernel.KernelTestSupport.randomShape;
import static dev.descent.kernel.KernelTestSupport.randomView;
import static dev.descent.kernel.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binary ops, in-place accumulation, comparisons and fma: vector kernels against the scalar ones
 * (exact, except {@code POW}: 1 ulp, the accuracy of the vector pow), and the strided facade against
 * an element-by-element loop over multi-indices that shares no code with {@link Layout}.
 */
class BinaryKernelTest {

    static Stream<Arguments> opsAndSizes() {
        return Arrays.stream(BinaryOp.values()).flatMap(op -> IntStream.of(KernelTestSupport.KERNEL_SIZES).mapToObj(n -> Arguments.of(op, n)));
    }

    static LongStream seeds() {
        return LongStream.range(0, 48);
    }

    private static double ulpTolerance(BinaryOp op) {
        return op == BinaryOp.POW ? 1 : 0;
    }

    private static float[] inputs(BinaryOp op, SplittableRandom rnd, int n, boolean left) {
        float[] a = op == BinaryOp.POW && left ? randomFloats(rnd, n, -0.5, 4) : randomFloats(rnd, n, -4, 4);
        // specials first: NaN, infinities, signed zeros must flow through exactly like the scalar loop
        for (int i = 0; i < Math.min(n, SPECIAL_FLOATS.length); i++) {
            a[i] = SPECIAL_FLOATS[(i + (left ? 0 : 5)) % SPECIAL_FLOATS.length];
        }
        return a;
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("opsAndSizes")
    void vectorKernelsMatchScalarOnContiguousRuns(BinaryOp op, int n) {
        assumeTrue(EwSimd.ENABLED, "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(31L * n + op.ordinal());
        float[] a = inputs(op, rnd, n, true);
        float[] b = inputs(op, rnd, n, false);
        float s = n > 0 ? b[n / 2] : 1.5f;
        float[] expected = new float[n];
        float[] actual = new float[n];
        ScalarBinaryFloat.run(op, n, a, 0, 1, b, 0, 1, expected, 0, 1);
        VectorBinaryFloat.run(op, n, a, 0, b, 0, actual, 0);
        assertClose(expected, actual, ulpTolerance(op), 0, op + " vv");
        ScalarBinaryFloat.run(op, n, a, 0, 1, new float[] {s}, 0, 0, expected, 0, 1);
        VectorBinaryFloat.runScalarRight(op, n, a, 0, s, actual, 0);
        assertClose(expected, actual, ulpTolerance(op), 0, op + " vs");
        ScalarBinaryFloat.run(op, n, new float[] {s}, 0, 0, b, 0, 1, expected, 0, 1);
        VectorBinaryFloat.runScalarLeft(op, n, s, b, 0, actual, 0);
        assertClose(expected, actual, ulpTolerance(op), 0, op + " sv");

        double[] ad = KernelTestSupport.toDouble(a);
        double[] bd = randomDoubles(rnd, n, -4, 4);
        double[] ed = new double[n];
        double[] xd = new double[n];
        ScalarBinaryDouble.run(op, n, ad, 0, 1, bd, 0, 1, ed, 0, 1);
        VectorBinaryDouble.run(op, n, ad, 0, bd, 0, xd, 0);
        assertClose(ed, xd, ulpTolerance(op), 0, op + " double vv");
        ScalarBinaryDouble.run(op, n, ad, 0, 1, new double[] {s}, 0, 0, ed, 0, 1);
        VectorBinaryDouble.runScalarRight(op, n, ad, 0, s, xd, 0);
        assertClose(ed, xd, ulpTolerance(op), 0, op + " double vs");
        ScalarBinaryDouble.run(op, n, new double[] {s}, 0, 0, bd, 0, 1, ed, 0, 1);
        VectorBinaryDouble.runScalarLeft(op, n, s, bd, 0, xd, 0);
        assertClose(ed, xd, ulpTolerance(op), 0, op + " double sv");
    }

    @Test
    void scalarReferenceFollowsJavaArithmetic() {
        for (float x : SPECIAL_FLOATS) {
            for (float y : SPECIAL_FLOATS) {
                assertEquals(x + y, ScalarBinaryFloat.apply(BinaryOp.ADD, x, y));
                assertEquals(x - y, ScalarBinaryFloat.apply(BinaryOp.SUB, x, y));
                assertEquals(x * y, ScalarBinaryFloat.apply(BinaryOp.MUL, x, y));
                assertEquals(x / y, ScalarBinaryFloat.apply(BinaryOp.DIV, x, y));
                assertEquals(Math.max(x, y), ScalarBinaryFloat.apply(BinaryOp.MAX, x, y));
                assertEquals(Math.min(x, y), ScalarBinaryFloat.apply(BinaryOp.MIN, x, y));
                assertEquals((float) Math.pow(x, y), ScalarBinaryFloat.apply(BinaryOp.POW, x, y));
                assertEquals(Math.pow(x, y), ScalarBinaryDouble.apply(BinaryOp.POW, (double) x, y));
            }
        }
        // torch.maximum propagates NaN and orders -0 below +0
        assertEquals(Float.NaN, ScalarBinaryFloat.apply(BinaryOp.MAX, 1f, Float.NaN));
        assertEquals(0f, ScalarBinaryFloat.apply(BinaryOp.MAX, -0f, 0f));
        assertEquals(-0f, ScalarBinaryFloat.apply(BinaryOp.MIN, -0f, 0f));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stridedBinaryMatchesElementLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] shape = randomShape(rnd, (int) (seed % 6), true);
        for (BinaryOp op : BinaryOp.values()) {
            checkStridedBinary(op, shape, rnd);
        }
    }

    /** Shapes large enough to be split across threads mid-row, with the broadcast layouts training uses. */
    @Test
    void largeBroadcastLayoutsMatchElementLoop() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[] shape = {301, 257};
        int n = 301 * 257;
        float[] a = randomFloats(rnd, n, -3, 3);
        float[] bias = randomFloats(rnd, 257, -3, 3);
        float[] column = randomFloats(rnd, 301, -3, 3);
        int[] rowMajor = {257, 1};
        checkBinary(BinaryOp.ADD, shape, a, 0, rowMajor, bias, 0, new int[] {0, 1});
        checkBinary(BinaryOp.MUL, shape, a, 0, rowMajor, column, 0, new int[] {1, 0});
        checkBinary(BinaryOp.SUB, shape, column, 0, new int[] {1, 0}, a, 0, rowMajor);
        checkBinary(BinaryOp.DIV, shape, a, 0, new int[] {1, 301}, a, 0, rowMajor); // a transposed view
        checkBinary(BinaryOp.MAX, shape, a, 0, rowMajor, new float[] {0.25f}, 0, new int[] {0, 0});
    }

    private static void checkStridedBinary(BinaryOp op, int[] shape, SplittableRandom rnd) {
        KernelTestSupport.View va = randomView(shape, rnd, true);
        KernelTestSupport.View vb = randomView(shape, rnd, true);
        float[] a = randomFloats(rnd, va.length(), op == BinaryOp.POW ? 0.1 : -3, 3);
        float[] b = randomFloats(rnd, vb.length(), -3, 3);
        checkBinary(op, shape, a, va.offset(), va.strides(), b, vb.offset(), vb.strides());
    }

    private static void checkBinary(BinaryOp op, int[] shape, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides) {
        KernelTestSupport.View va = new KernelTestSupport.View(shape, aOff, aStrides, a.length);
        KernelTestSupport.View vb = new KernelTestSupport.View(shape, bOff, bStrides, b.length);
        int n = Layout.size(shape);
        float[] out = new float[n + 2];
        Arrays.fill(out, -777f);
        Elementwise.binary(op, shape, a, aOff, aStrides, b, bOff, bStrides, out, 1);
        float[] expected = new float[n + 2];
        Arrays.fill(expected, -777f);
        int[] k = {1};
        forEachIndex(shape, idx -> expected[k[0]++] = ScalarBinaryFloat.apply(op, a[va.at(idx)], b[vb.at(idx)]));
        assertClose(expected, out, ulpTolerance(op), 0, op + " " + Arrays.toString(shape) + " a " + va + " b " + vb);

        double[] ad = KernelTestSupport.toDouble(a);
        double[] bd = KernelTestSupport.toDouble(b);
        double[] outD = new double[n + 2];
        Elementwise.binary(op, shape, ad, aOff, aStrides, bd, bOff, bStrides, outD, 1);
        double[] expectedD = new double[n + 2];
        int[] j = {1};
        forEachIndex(shape, idx -> expectedD[j[0]++] = ScalarBinaryDouble.apply(op, ad[va.at(idx)], bd[vb.at(idx)]));
        assertClose(expectedD, outD, ulpTolerance(op), 0, op + " double " + Arrays.toString(shape));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void inPlaceMatchesElementLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(1000 + seed);
        int[] shape = seed == 0 ? new int[] {123, 1025} : randomShape(rnd, (int) (seed % 6), true);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.SUB, BinaryOp.MAX}) {
            KernelTestSupport.View vo = randomView(shape, rnd, false);
            KernelTestSupport.View vb = randomView(shape, rnd, true);
            float[] out = randomFloats(rnd, vo.length(), -3, 3);
            float[] b = randomFloats(rnd, vb.length(), -3, 3);
            float[] expected = out.clone();
            forEachIndex(shape, idx -> expected[vo.at(idx)] = ScalarBinaryFloat.apply(op, out[vo.at(idx)], b[vb.at(idx)]));
            Elementwise.binaryInPlace(op, shape, out, vo.offset(), vo.strides(), b, vb.offset(), vb.strides());
            assertBitwise(expected, out, op + " in place " + Arrays.toString(shape) + " out " + vo + " b " + vb);

            double[] outD = KernelTestSupport.toDouble(out);
            double[] bd = KernelTestSupport.toDouble(b);
            double[] expectedD = outD.clone();
            forEachIndex(shape, idx -> expectedD[vo.at(idx)] = ScalarBinaryDouble.apply(op, outD[vo.at(idx)], bd[vb.at(idx)]));
            Elementwise.binaryInPlace(op, shape, outD, vo.offset(), vo.strides(), bd, vb.offset(), vb.strides());
            assertBitwise(expectedD, outD, op + " double in place");
        }
    }

    @Test
    void inPlaceRejectsBroadcastOutput() {
        float[] out = new float[4];
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.binaryInPlace(BinaryOp.ADD, new int[] {2, 2}, out, 0, new int[] {0, 1}, new float[4], 0, new int[] {2, 1}));
    }

    @Test
    void outOfBoundsViewsFailBeforeWriting() {
        float[] out = new float[6];
        assertThrows(IndexOutOfBoundsException.class,
                () -> Elementwise.binary(BinaryOp.ADD, new int[] {2, 3}, new float[5], 0, new int[] {3, 1}, new float[6], 0, new int[] {3, 1}, out, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.binary(BinaryOp.ADD, new int[] {2, 3}, new float[6], 0, new int[] {1}, new float[6], 0, new int[] {3, 1}, out, 0));
        assertEquals(0f, out[0]);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void compareMatchesElementLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(2000 + seed);
        int[] shape = seed == 0 ? new int[] {70_001} : randomShape(rnd, (int) (seed % 6), true);
        for (CompareOp op : CompareOp.values()) {
            KernelTestSupport.View va = randomView(shape, rnd, true);
            KernelTestSupport.View vb = randomView(shape, rnd, seed % 2 == 0);
            float[] a = randomFloats(rnd, va.length(), -2, 2);
            float[] b = randomFloats(rnd, vb.length(), -2, 2);
            for (int i = 0; i < b.length; i += 3) {
                b[i] = i < a.length ? a[i] : b[i]; // plenty of ties
            }
            if (a.length > 1) {
                a[1] = Float.NaN;
            }
            int n = Layout.size(shape);
            float[] out = new float[n];
            Elementwise.compare(op, shape, a, va.offset(), va.strides(), b, vb.offset(), vb.strides(), out, 0);
            float[] expected = new float[n];
            int[] k = {0};
            forEachIndex(shape, idx -> expected[k[0]++] = op.test(a[va.at(idx)], b[vb.at(idx)]) ? 1 : 0);
            assertBitwise(expected, out, op + " " + Arrays.toString(shape));

            double[] ad = KernelTestSupport.toDouble(a);
            double[] bd = KernelTestSupport.toDouble(b);
            double[] outD = new double[n];
            Elementwise.compare(op, shape, ad, va.offset(), va.strides(), bd, vb.offset(), vb.strides(), outD, 0);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], outD[i], op + " double element " + i);
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void fmaAndWhereMatchElementLoop(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] a = randomFloats(rnd, n, -2, 2);
        float[] b = randomFloats(rnd, n, -2, 2);
        float[] c = randomFloats(rnd, n, -2, 2);
        float[] out = new float[n];
        Elementwise.fma(n, a, 0, b, 0, c, 0, out, 0);
        boolean[] cond = new boolean[n];
        byte[] condBytes = new byte[n];
        float[] sel = new float[n];
        float[] selBytes = new float[n];
        for (int i = 0; i < n; i++) {
            assertEquals(Math.fma(a[i], b[i], c[i]), out[i]);
            cond[i] = rnd.nextBoolean();
            condBytes[i] = (byte) (cond[i] ? 1 + rnd.nextInt(100) : 0);
        }
        Elementwise.where(n, cond, 0, a, 0, b, 0, sel, 0);
        Elementwise.where(n, condBytes, 0, a, 0, b, 0, selBytes, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(cond[i] ? a[i] : b[i], sel[i]);
            assertEquals(cond[i] ? a[i] : b[i], selBytes[i]);
        }
        double[] ad = KernelTestSupport.toDouble(a);
        double[] bd = KernelTestSupport.toDouble(b);
        double[] outD = new double[n];
        double[] selD = new double[n];
        Elementwise.fma(n, ad, 0, ad, 0, ad, 0, outD, 0);
        Elementwise.where(n, cond, 0, ad, 0, bd, 0, selD, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.fma(ad[i], ad[i], ad[i]), outD[i]);
            assertEquals(cond[i] ? ad[i] : bd[i], selD[i]);
        }
    }

    static IntStream sizes() {
        return IntStream.of(SIZES);
    }

    /**
     * Bitwise for the arithmetic ops. {@code POW} within 1 ulp: the Vector API evaluates it with
     * {@code Math.pow} per lane until C2 compiles the kernel and with SVML after, and either run may
     * straddle that moment (see {@link UnaryOp}); the threads themselves change nothing.
     */
    @Test
    void resultsDoNotDependOnThreadCount() {
        int n = 3 * Elementwise.GRAIN + 17;
        SplittableRandom rnd = new SplittableRandom(99);
        float[] a = randomFloats(rnd, n, 0.1, 3);
        float[] b = randomFloats(rnd, n, -3, 3);
        int[] shape = {n / 7, 7};
        for (BinaryOp op : BinaryOp.values()) {
            float[] one = new float[n];
            float[] two = new float[n];
            withThreads(1, () -> Elementwise.binary(op, shape, a, 0, new int[] {7, 1}, b, 0, new int[] {0, 1}, one, 0));
            withThreads(2, () -> Elementwise.binary(op, shape, a, 0, new int[] {7, 1}, b, 0, new int[] {0, 1}, two, 0));
            assertClose(one, two, ulpTolerance(op), 0, op + " 1 vs 2 threads");
            withThreads(1, () -> Elementwise.binary(op, n, a, 0, b, 0, one, 0));
            withThreads(2, () -> Elementwise.binary(op, n, a, 0, b, 0, two, 0));
            assertClose(one, two, ulpTolerance(op), 0, op + " contiguous 1 vs 2 threads");
        }
    }
}
