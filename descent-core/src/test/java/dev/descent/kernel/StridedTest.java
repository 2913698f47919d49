package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.assertBitwise;
import static dev.descent.kernel.KernelTestSupport.forEachIndex;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static dev.descent.kernel.KernelTestSupport.randomShape;
import static dev.descent.kernel.KernelTestSupport.randomView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Strided copies, the blocked transpose, fills and conversions against an element loop (all exact). */
class StridedTest {

    static LongStream seeds() {
        return LongStream.range(0, 48);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void copyBetweenRandomViewsMatchesElementLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] shape = randomShape(rnd, (int) (seed % 6), true);
        KernelTestSupport.View vs = randomView(shape, rnd, true);
        KernelTestSupport.View vd = randomView(shape, rnd, false);
        float[] src = randomFloats(rnd, vs.length(), -1, 1);
        float[] dst = randomFloats(rnd, vd.length(), 5, 6);
        float[] expected = dst.clone();
        forEachIndex(shape, idx -> expected[vd.at(idx)] = src[vs.at(idx)]);
        Strided.copy(shape, src, vs.offset(), vs.strides(), dst, vd.offset(), vd.strides());
        assertBitwise(expected, dst, "copy " + Arrays.toString(shape) + " src " + vs + " dst " + vd);

        double[] srcD = KernelTestSupport.toDouble(src);
        double[] dstD = new double[vd.length()];
        double[] expectedD = new double[vd.length()];
        forEachIndex(shape, idx -> expectedD[vd.at(idx)] = srcD[vs.at(idx)]);
        Strided.copy(shape, srcD, vs.offset(), vs.strides(), dstD, vd.offset(), vd.strides());
        assertBitwise(expectedD, dstD, "double copy");

        // conversions both ways through the same views
        double[] converted = new double[vd.length()];
        Strided.convert(shape, src, vs.offset(), vs.strides(), converted, vd.offset(), vd.strides());
        assertBitwise(expectedD, converted, "float to double");
        float[] back = new float[vd.length()];
        float[] expectedBack = new float[vd.length()];
        forEachIndex(shape, idx -> expectedBack[vd.at(idx)] = (float) srcD[vs.at(idx)]);
        Strided.convert(shape, srcD, vs.offset(), vs.strides(), back, vd.offset(), vd.strides());
        assertBitwise(expectedBack, back, "double to float");
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1, 8, 8", "1, 33, 65", "3, 40, 31", "1, 1000, 300", "2, 257, 129", "1, 5, 100"})
    void transposedViewsUseTheBlockedPathAndMatch(int batch, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(rows * 31L + cols);
        int[] shape = {batch, rows, cols};
        // source laid out as [batch, cols, rows]: the view swaps its last two dimensions
        int[] srcStrides = {rows * cols, 1, rows};
        float[] src = randomFloats(rnd, batch * rows * cols, -1, 1);
        float[] dst = new float[batch * rows * cols];
        Strided.copyToContiguous(shape, src, 0, srcStrides, dst, 0);
        KernelTestSupport.View vs = new KernelTestSupport.View(shape, 0, srcStrides, src.length);
        float[] expected = new float[dst.length];
        int[] k = {0};
        forEachIndex(shape, idx -> expected[k[0]++] = src[vs.at(idx)]);
        assertBitwise(expected, dst, "transpose");
        if (rows >= 8 && cols >= 8) {
            assertTrue(Transpose.applies(Layout.collapse(shape, Layout.rowMajorStrides(shape), srcStrides, new int[3])));
        }
        // and back: contiguous source into a transposed destination
        float[] again = new float[src.length];
        Strided.copy(shape, dst, 0, Layout.rowMajorStrides(shape), again, 0, srcStrides);
        assertBitwise(src, again, "transpose back");

        double[] srcD = KernelTestSupport.toDouble(src);
        double[] dstD = new double[dst.length];
        Strided.copyToContiguous(shape, srcD, 0, srcStrides, dstD, 0);
        assertBitwise(KernelTestSupport.toDouble(expected), dstD, "double transpose");
    }

    @Test
    void fillsAndContiguousConversions() {
        int n = Elementwise.PARALLEL_THRESHOLD + 7;
        float[] a = new float[n + 2];
        Strided.fill(n, a, 1, 2.5f);
        assertEquals(0f, a[0]);
        assertEquals(0f, a[n + 1]);
        for (int i = 1; i <= n; i++) {
            assertEquals(2.5f, a[i]);
        }
        double[] d = new double[12];
        Strided.fill(new int[] {3, 2}, d, 1, new int[] {4, 2}, -1.0);
        assertEquals("[0.0, -1.0, 0.0, -1.0, 0.0, -1.0, 0.0, -1.0, 0.0, -1.0, 0.0, -1.0]", Arrays.toString(d));
        double[] wide = new double[n];
        Strided.convert(n, a, 1, wide, 0);
        assertEquals(2.5, wide[n - 1]);
        float[] narrow = new float[3];
        Strided.convert(3, new double[] {0.1, 1e300, -0.0}, 0, narrow, 0);
        assertEquals("[0.1, Infinity, -0.0]", Arrays.toString(narrow));
    }

    @Test
    void broadcastDestinationIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Strided.copy(new int[] {2, 2}, new float[4], 0, new int[] {2, 1}, new float[4], 0, new int[] {0, 1}));
    }
}
