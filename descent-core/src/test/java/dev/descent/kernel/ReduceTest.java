package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.SIZES;
import static dev.descent.kernel.KernelTestSupport.assertBitwise;
import static dev.descent.kernel.KernelTestSupport.forEachIndex;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static dev.descent.kernel.KernelTestSupport.randomShape;
import static dev.descent.kernel.KernelTestSupport.randomView;
import static dev.descent.kernel.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reductions against a brute-force reference that walks multi-indices and accumulates in double.
 * Max, min and the arg reductions must match exactly; float sums within
 * {@code 80 * 2^-24 * sum |a|} (the blocked SIMD sum's bound, independent of length), double sums
 * within {@code 80 * 2^-53 * sum |a|} plus the reference's own sequential error.
 */
class ReduceTest {

    private static final ReduceOp[] OPS = ReduceOp.values();

    static IntStream sizes() {
        return IntStream.of(SIZES);
    }

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    private static double floatSumTolerance(double sumAbs) {
        return 80 * 0x1p-24 * sumAbs + Float.MIN_NORMAL;
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void contiguousWholeRunReductions(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] a = randomFloats(rnd, n + 3, -1, 1);
        double ref = 0;
        double refSq = 0;
        double abs = 0;
        for (int i = 3; i < n + 3; i++) {
            ref += a[i];
            refSq += (double) a[i] * a[i];
            abs += Math.abs(a[i]);
        }
        assertEquals(ref, Reduce.sum(n, a, 3), floatSumTolerance(abs) + Math.ulp((float) ref));
        assertEquals(refSq, Reduce.sumOfSquares(n, a, 3), floatSumTolerance(refSq) + Math.ulp((float) refSq));
        if (n > 0) {
            assertEquals((float) ScalarReduce.run(ReduceOp.MAX, n, a, 3, 1), Reduce.max(n, a, 3));
            assertEquals((float) ScalarReduce.run(ReduceOp.MIN, n, a, 3, 1), Reduce.min(n, a, 3));
        } else {
            assertThrows(IllegalArgumentException.class, () -> Reduce.max(0, a, 0));
        }
        double[] d = KernelTestSupport.toDouble(a);
        assertEquals(ref, Reduce.sum(n, d, 3), 80 * 0x1p-53 * abs * Math.max(1, n / 1000.0));
    }

    @Test
    void sumOfConstantsStaysAccurateForLongRuns() {
        // 0.1f summed 2^22 times: naive float accumulation is off by percents
        int n = 1 << 22;
        float[] a = new float[n];
        Arrays.fill(a, 0.1f);
        double exact = (double) 0.1f * n;
        assertEquals(exact, Reduce.sum(n, a, 0), exact * 1e-6);
    }

    /** The dims to reduce: sometimes null (all), sometimes empty (none), else a random subset. */
    private static int[] randomDims(SplittableRandom rnd, int rank) {
        int pick = rnd.nextInt(8);
        if (pick == 0) {
            return null;
        }
        if (pick == 1) {
            return new int[0];
        }
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if (rnd.nextBoolean()) {
                dims.add(d);
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stridedReductionsMatchBruteForce(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rank = (int) (seed % 6);
        int[] shape = randomShape(rnd, rank, true);
        KernelTestSupport.View v = randomView(shape, rnd, true);
        float[] a = randomFloats(rnd, v.length(), -2, 2);
        checkAllOps(shape, a, v, randomDims(rnd, rank));
    }

    /** Layouts that pick each strategy of {@link ReducePlan}, large enough to run on several threads. */
    @Test
    void eachStrategyOnLargeInputs() {
        SplittableRandom rnd = new SplittableRandom(17);
        float[] a = randomFloats(rnd, 260 * 300, -2, 2);
        int[] rowMajor = {300, 1};
        KernelTestSupport.View matrix = new KernelTestSupport.View(new int[] {260, 300}, 0, rowMajor, a.length);
        assertEquals(ReducePlan.Kind.INNER, ReducePlan.of(matrix.shape(), a.length, 0, rowMajor, new int[] {1}).kind);
        checkAllOps(matrix.shape(), a, matrix, new int[] {1});
        assertEquals(ReducePlan.Kind.OUTER, ReducePlan.of(matrix.shape(), a.length, 0, rowMajor, new int[] {0}).kind);
        checkAllOps(matrix.shape(), a, matrix, new int[] {0});
        checkAllOps(matrix.shape(), a, matrix, null);
        KernelTestSupport.View transposed = new KernelTestSupport.View(new int[] {300, 260}, 0, new int[] {1, 300}, a.length);
        checkAllOps(transposed.shape(), a, transposed, new int[] {1});
        KernelTestSupport.View cube = new KernelTestSupport.View(new int[] {26, 30, 100}, 0, new int[] {3000, 100, 1}, a.length);
        checkAllOps(cube.shape(), a, cube, new int[] {0, 2});
        checkAllOps(cube.shape(), a, cube, new int[] {0, 1});
        // every other column of a wider layout: neither the kept nor the reduced run is contiguous
        KernelTestSupport.View strided = new KernelTestSupport.View(new int[] {130, 300}, 0, new int[] {2, 260}, a.length);
        assertEquals(ReducePlan.Kind.GENERAL, ReducePlan.of(strided.shape(), a.length, 0, strided.strides(), new int[] {1}).kind);
        checkAllOps(strided.shape(), a, strided, new int[] {1});
        checkAllOps(strided.shape(), a, strided, new int[] {0});
        KernelTestSupport.View tall = new KernelTestSupport.View(new int[] {26_000, 3}, 0, new int[] {3, 1}, a.length);
        checkAllOps(tall.shape(), a, tall, new int[] {0});
    }

    private static void checkAllOps(int[] shape, float[] a, KernelTestSupport.View v, int[] dims) {
        boolean[] red = new boolean[shape.length];
        if (dims == null) {
            Arrays.fill(red, true);
        } else {
            for (int d : dims) {
                red[d] = true;
            }
        }
        int[] keptShape = IntStream.range(0, shape.length).filter(d -> !red[d]).map(d -> shape[d]).toArray();
        int[] redShape = IntStream.range(0, shape.length).filter(d -> red[d]).map(d -> shape[d]).toArray();
        int outputs = Layout.size(keptShape);
        int reduced = Layout.size(redShape);
        String what = Arrays.toString(shape) + " dims " + Arrays.toString(dims) + " " + v;
        for (ReduceOp op : OPS) {
            float[] out = new float[outputs];
            double[] outD = new double[outputs];
            double[] ad = KernelTestSupport.toDouble(a);
            if (reduced == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN) && outputs > 0) {
                assertThrows(IllegalArgumentException.class, () -> call(op, shape, a, v, dims, out));
                continue;
            }
            call(op, shape, a, v, dims, out);
            call(op, shape, ad, v, dims, outD);
            int[] k = {0};
            forEachIndex(keptShape, kept -> {
                double acc = op.identity();
                double abs = 0;
                int[] full = new int[shape.length];
                int[] idx = new int[redShape.length];
                for (int r = 0; r < reduced; r++) {
                    for (int d = 0, kk = 0, rr = 0; d < shape.length; d++) {
                        full[d] = red[d] ? idx[rr++] : kept[kk++];
                    }
                    double x = a[v.at(full)];
                    acc = op.combine(acc, op == ReduceOp.SUM_OF_SQUARES ? x * x : x);
                    abs += op == ReduceOp.SUM_OF_SQUARES ? x * x : Math.abs(x);
                    for (int d = redShape.length - 1; d >= 0; d--) {
                        if (++idx[d] < redShape[d]) {
                            break;
                        }
                        idx[d] = 0;
                    }
                }
                int i = k[0]++;
                if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
                    assertEquals((float) acc, out[i], op + " " + what);
                    assertEquals(acc, outD[i], op + " double " + what);
                } else if (op == ReduceOp.PROD) {
                    assertEquals((float) acc, out[i], Math.ulp((float) acc), op + " " + what);
                    assertEquals(acc, outD[i], 4 * Math.ulp(acc), op + " double " + what);
                } else {
                    assertEquals(acc, out[i], floatSumTolerance(abs) + Math.ulp((float) acc), op + " output " + i + " " + what);
                    assertEquals(acc, outD[i], (200 + reduced) * 0x1p-53 * abs + Double.MIN_NORMAL, op + " double " + what);
                }
            });
        }
        checkArg(shape, a, v, dims, keptShape, redShape, red, true);
        checkArg(shape, a, v, dims, keptShape, redShape, red, false);
    }

    private static void call(ReduceOp op, int[] shape, float[] a, KernelTestSupport.View v, int[] dims, float[] out) {
        switch (op) {
            case SUM -> Reduce.sum(shape, a, v.offset(), v.strides(), dims, out, 0);
            case SUM_OF_SQUARES -> Reduce.sumOfSquares(shape, a, v.offset(), v.strides(), dims, out, 0);
            case PROD -> Reduce.prod(shape, a, v.offset(), v.strides(), dims, out, 0);
            case MAX -> Reduce.max(shape, a, v.offset(), v.strides(), dims, out, 0);
            case MIN -> Reduce.min(shape, a, v.offset(), v.strides(), dims, out, 0);
        }
    }

    private static void call(ReduceOp op, int[] shape, double[] a, KernelTestSupport.View v, int[] dims, double[] out) {
        switch (op) {
            case SUM -> Reduce.sum(shape, a, v.offset(), v.strides(), dims, out, 0);
            case SUM_OF_SQUARES -> Reduce.sumOfSquares(shape, a, v.offset(), v.strides(), dims, out, 0);
            case PROD -> Reduce.prod(shape, a, v.offset(), v.strides(), dims, out, 0);
            case MAX -> Reduce.max(shape, a, v.offset(), v.strides(), dims, out, 0);
            case MIN -> Reduce.min(shape, a, v.offset(), v.strides(), dims, out, 0);
        }
    }

    private static void checkArg(int[] shape, float[] a, KernelTestSupport.View v, int[] dims, int[] keptShape, int[] redShape,
                                 boolean[] red, boolean max) {
        int outputs = Layout.size(keptShape);
        int reduced = Layout.size(redShape);
        int[] out = new int[outputs];
        int[] outD = new int[outputs];
        if (reduced == 0) {
            if (outputs > 0) {
                assertThrows(IllegalArgumentException.class, () -> Reduce.argmax(shape, a, v.offset(), v.strides(), dims, out, 0));
            }
            return;
        }
        if (max) {
            Reduce.argmax(shape, a, v.offset(), v.strides(), dims, out, 0);
            Reduce.argmax(shape, KernelTestSupport.toDouble(a), v.offset(), v.strides(), dims, outD, 0);
        } else {
            Reduce.argmin(shape, a, v.offset(), v.strides(), dims, out, 0);
            Reduce.argmin(shape, KernelTestSupport.toDouble(a), v.offset(), v.strides(), dims, outD, 0);
        }
        int[] expected = new int[outputs];
        int[] k = {0};
        forEachIndex(keptShape, kept -> {
            int best = -1;
            double bv = 0;
            int[] full = new int[shape.length];
            int[] idx = new int[redShape.length];
            for (int r = 0; r < reduced; r++) {
                for (int d = 0, kk = 0, rr = 0; d < shape.length; d++) {
                    full[d] = red[d] ? idx[rr++] : kept[kk++];
                }
                double x = a[v.at(full)];
                if (best < 0 || ScalarReduce.better(max, x, bv)) {
                    best = r;
                    bv = x;
                }
                for (int d = redShape.length - 1; d >= 0; d--) {
                    if (++idx[d] < redShape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            expected[k[0]++] = best;
        });
        String what = (max ? "argmax " : "argmin ") + Arrays.toString(shape) + " dims " + Arrays.toString(dims);
        assertArrayEquals(expected, out, what);
        assertArrayEquals(expected, outD, what + " double");
    }

    @Test
    void argReductionsTakeFirstTieAndNaN() {
        float[] a = {1, 3, 3, 2, Float.NaN, 3, Float.NaN, 0};
        int[] out = new int[1];
        Reduce.argmax(new int[] {4}, a, 0, new int[] {1}, null, out, 0);
        assertEquals(1, out[0]);
        Reduce.argmax(new int[] {8}, a, 0, new int[] {1}, null, out, 0);
        assertEquals(4, out[0]);
        Reduce.argmin(new int[] {8}, a, 0, new int[] {1}, null, out, 0);
        assertEquals(4, out[0]);
        Reduce.argmin(new int[] {4}, a, 0, new int[] {1}, null, out, 0);
        assertEquals(0, out[0]);
        float[] big = new float[200_001];
        big[150_000] = 5;
        big[199_999] = 5;
        Reduce.argmax(new int[] {big.length}, big, 0, new int[] {1}, null, out, 0);
        assertEquals(150_000, out[0]);
    }

    @Test
    void emptyReductions() {
        float[] out = {9, 9};
        Reduce.sum(new int[] {2, 0}, new float[0], 0, new int[] {0, 1}, new int[] {1}, out, 0);
        assertArrayEquals(new float[] {0, 0}, out);
        Reduce.prod(new int[] {2, 0}, new float[0], 0, new int[] {0, 1}, new int[] {1}, out, 0);
        assertArrayEquals(new float[] {1, 1}, out);
        assertThrows(IllegalArgumentException.class, () -> Reduce.sum(new int[] {2}, new float[2], 0, new int[] {1}, new int[] {1}, out, 0));
        assertThrows(IllegalArgumentException.class, () -> Reduce.sum(new int[] {2, 2}, new float[4], 0, new int[] {2, 1}, new int[] {0, 0}, out, 0));
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 1 << 18;
        float[] a = randomFloats(rnd, n, -1, 1);
        int[][] shapes = {{n}, {512, 512}, {512, 512}, {4, 65536}};
        int[][] dims = {null, {0}, {1}, {0}};
        for (int c = 0; c < shapes.length; c++) {
            int[] shape = shapes[c];
            int[] d = dims[c];
            int outputs = d == null ? 1 : n / shape[d[0]];
            float[] one = new float[outputs];
            float[] two = new float[outputs];
            int[] strides = Layout.rowMajorStrides(shape);
            withThreads(1, () -> Reduce.sum(shape, a, 0, strides, d, one, 0));
            withThreads(2, () -> Reduce.sum(shape, a, 0, strides, d, two, 0));
            assertBitwise(one, two, "sum " + Arrays.toString(shape) + " dims " + Arrays.toString(d));
        }
        float[] s1 = new float[1];
        withThreads(1, () -> s1[0] = Reduce.sum(n, a, 0));
        withThreads(2, () -> assertEquals(s1[0], Reduce.sum(n, a, 0)));
        assertTrue(Float.isFinite(s1[0]));
    }
}
