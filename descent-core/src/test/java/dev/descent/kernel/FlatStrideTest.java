package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The small-tensor fast paths ({@link Layout#flatStride}, used by {@code Elementwise.binary} and
 * {@code Reduce*.reduce}) must take exactly the views the general path would collapse to one run, with
 * the same stride, and give the same bits as the general path.
 */
class FlatStrideTest {

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    /** A random view: rank 0-4, sizes 1-3, each stride contiguous, broadcast (0), or scrambled. */
    private static int[][] randomView(SplittableRandom rnd) {
        int rank = rnd.nextInt(5);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + rnd.nextInt(3);
        }
        int[] strides = new int[rank];
        int kind = rnd.nextInt(4);
        int k = kind == 0 ? 1 : kind == 1 ? 0 : 1 + rnd.nextInt(3);
        int run = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = k * run;
            run *= shape[d];
        }
        if (kind == 3 && rank > 0) {
            strides[rnd.nextInt(rank)] = rnd.nextInt(7); // often breaks the single run
        }
        return new int[][] {shape, strides};
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void flatStrideIsExactlyWhenCollapseFindsOneRun(int seed) {
        int[][] v = randomView(new SplittableRandom(seed));
        int[] shape = v[0];
        int[] strides = v[1];
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), strides);
        int flat = Layout.flatStride(shape, strides);
        if (c.rank() == 1) {
            assertEquals(c.innerStride(1), flat, () -> java.util.Arrays.toString(shape) + " " + java.util.Arrays.toString(strides));
        } else {
            assertEquals(Layout.NOT_FLAT, flat, () -> java.util.Arrays.toString(shape) + " " + java.util.Arrays.toString(strides));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fastPathsGiveTheBitsOfTheGeneralPath(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] va = randomView(rnd);
        int[] shape = va[0];
        int[] bs = randomView(new SplittableRandom(seed + 1000))[1];
        if (bs.length != shape.length) {
            bs = new int[shape.length]; // a broadcast scalar
        }
        int n = Layout.size(shape);
        float[] a = KernelTestSupport.randomFloats(rnd, 1024, -3, 3);
        float[] b = KernelTestSupport.randomFloats(rnd, 1024, -3, 3);
        float[] fast = new float[n];
        Elementwise.binary(BinaryOp.MUL, shape, a, 2, va[1], b, 1, bs, fast, 0);
        // the general path, element by element
        float[] ref = new float[n];
        int[] idx = new int[shape.length];
        for (int f = 0; f < n; f++) {
            int ao = 2;
            int bo = 1;
            for (int d = 0; d < shape.length; d++) {
                ao += idx[d] * va[1][d];
                bo += idx[d] * bs[d];
            }
            ref[f] = a[ao] * b[bo];
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
                idx[d] = 0;
            }
        }
        assertArrayEquals(ref, fast);
        double[] sum = new double[1];
        double[] ad = KernelTestSupport.toDouble(a);
        int[] all = IntStream.range(0, shape.length).toArray();
        if (n > 0) {
            ReduceDouble.reduce(ReduceOp.SUM, shape, ad, 2, va[1], all, sum, 0);
            double expected = 0;
            idx = new int[shape.length];
            for (int f = 0; f < n; f++) {
                int ao = 2;
                for (int d = 0; d < shape.length; d++) {
                    ao += idx[d] * va[1][d];
                }
                expected += ad[ao];
                for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
                    idx[d] = 0;
                }
            }
            assertEquals(expected, sum[0], 1e-12);
        }
    }

    @Test
    void aSingleElementIsAContiguousRun() {
        assertEquals(1, Layout.flatStride(new int[] {1, 1}, new int[] {7, 0}));
        assertEquals(1, Layout.flatStride(new int[0], new int[0]));
        assertEquals(0, Layout.flatStride(new int[] {3, 1, 4}, new int[] {0, 5, 0}));
        assertEquals(Layout.NOT_FLAT, Layout.flatStride(new int[] {3, 4}, new int[] {1, 3})); // a transpose
    }
}
