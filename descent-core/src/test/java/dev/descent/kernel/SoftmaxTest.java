package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.assertClose;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Softmax family row kernels (through {@link Reduce}) against the double-precision scalar reference.
 * Float tolerances: softmax {@code 4 + 2|x - max|} ulps (float32 rounds {@code x - max} before
 * exponentiating, so the relative error grows with the distance to the max, as in torch); log-softmax and log-sum-exp {@code 4 ulps} of the larger of
 * {@code |x - max|} and {@code log(sum)} (the result itself can cancel to near 0); backward passes
 * {@code 1e-6} of the row's gradient scale. Doubles: the same with double ulps and 1e-14.
 */
class SoftmaxTest {

    static Stream<Arguments> shapes() {
        return Stream.of(new int[] {0, 5}, new int[] {3, 0}, new int[] {1, 1}, new int[] {4, 7}, new int[] {5, 16}, new int[] {3, 17},
                new int[] {64, 10}, new int[] {2, 5000}, new int[] {700, 100}).map(s -> Arguments.of(s[0], s[1]));
    }

    private static float[] logits(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = randomFloats(rnd, rows * cols, -8, 8);
        for (int r = 0; r < rows && cols > 2; r += 3) {
            x[r * cols] += 1000; // stability: exp(1000) would overflow without the max shift
            x[r * cols + 1] = Float.NEGATIVE_INFINITY; // a masked logit
        }
        return x;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void forwardMatchesReference(int rows, int cols) {
        float[] x = logits(rows, cols, rows * 131L + cols);
        int n = rows * cols;
        float[] sm = new float[n];
        float[] lsm = new float[n];
        float[] lse = new float[rows];
        Reduce.softmax(rows, cols, x, 0, sm, 0);
        Reduce.logSoftmax(rows, cols, x, 0, lsm, 0);
        Reduce.logSumExp(rows, cols, x, 0, lse, 0);
        float[] smRef = new float[n];
        float[] lsmRef = new float[n];
        for (int r = 0; r < rows; r++) {
            ScalarSoftmax.softmax(cols, x, r * cols, smRef, r * cols);
            ScalarSoftmax.logSoftmax(cols, x, r * cols, lsmRef, r * cols);
            double lseRef = ScalarSoftmax.logSumExp(cols, x, r * cols);
            assertEquals(lseRef, lse[r], 4 * Math.ulp((float) lseRef), "logsumexp row " + r);
            double m = ScalarSoftmax.max(cols, x, r * cols);
            double scale = Math.max(Math.abs(lseRef - m), 1);
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                double tol = 4 * Math.ulp((float) Math.max(Math.abs(x[i] - m), scale));
                if (!(Math.abs(lsmRef[i] - lsm[i]) <= tol) && !(lsmRef[i] == lsm[i])) {
                    fail("logSoftmax " + rows + "x" + cols + " element " + i + ": expected " + lsmRef[i] + " but was " + lsm[i]);
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            double m = ScalarSoftmax.max(cols, x, r * cols);
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                // float32 rounds x - max before exponentiating: |x - max| * 2^-24 relative error, as in torch
                double tol = 4 + 2 * Math.abs(x[i] - m);
                double u = KernelTestSupport.ulps(smRef[i], sm[i]);
                if (u > tol && !(Math.abs(smRef[i] - sm[i]) <= 2 * Float.MIN_NORMAL)) {
                    fail("softmax " + rows + "x" + cols + " element " + i + ": expected " + smRef[i] + " but was " + sm[i] + " (" + u + " ulps)");
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += sm[r * cols + j];
            }
            if (cols > 0) {
                assertEquals(1.0, s, 1e-5, "softmax row " + r + " sums to 1");
            }
        }

        double[] xd = KernelTestSupport.toDouble(x);
        double[] smD = new double[n];
        double[] smDRef = new double[n];
        Reduce.softmax(rows, cols, xd, 0, smD, 0);
        for (int r = 0; r < rows; r++) {
            ScalarSoftmax.softmax(cols, xd, r * cols, smDRef, r * cols);
        }
        // both sum the row in double, in different orders: the reference's sequential error grows with cols
        assertClose(smDRef, smD, 8 + cols / 50.0, 2 * Double.MIN_NORMAL, "double softmax");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void backwardMatchesReference(int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(rows * 7L + cols);
        float[] x = randomFloats(rnd, rows * cols, -4, 4);
        float[] g = randomFloats(rnd, rows * cols, -1, 1);
        int n = rows * cols;
        float[] y = new float[n];
        float[] ly = new float[n];
        Reduce.softmax(rows, cols, x, 0, y, 0);
        Reduce.logSoftmax(rows, cols, x, 0, ly, 0);
        float[] dx = new float[n];
        float[] ldx = new float[n];
        Reduce.softmaxBackward(rows, cols, y, 0, g, 0, dx, 0);
        Reduce.logSoftmaxBackward(rows, cols, ly, 0, g, 0, ldx, 0);
        float[] dxRef = new float[n];
        float[] ldxRef = new float[n];
        for (int r = 0; r < rows; r++) {
            ScalarSoftmax.softmaxBackward(cols, y, r * cols, g, r * cols, dxRef, r * cols);
            ScalarSoftmax.logSoftmaxBackward(cols, ly, r * cols, g, r * cols, ldxRef, r * cols);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(dxRef[i], dx[i], 1e-6, "softmax backward element " + i);
            assertEquals(ldxRef[i], ldx[i], 1e-6 * Math.max(1, cols / 100.0), "log-softmax backward element " + i);
        }
        // the gradient of softmax rows sums to zero
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += dx[r * cols + j];
            }
            assertEquals(0, s, 1e-5);
        }
        double[] yd = KernelTestSupport.toDouble(ly);
        double[] gd = KernelTestSupport.toDouble(g);
        double[] outD = new double[n];
        double[] refD = new double[n];
        Reduce.logSoftmaxBackward(rows, cols, yd, 0, gd, 0, outD, 0);
        for (int r = 0; r < rows; r++) {
            ScalarSoftmax.logSoftmaxBackward(cols, yd, r * cols, gd, r * cols, refD, r * cols);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(refD[i], outD[i], 1e-14 * Math.max(1, cols / 100.0));
        }
    }

    @Test
    void conventionsForInfiniteAndNaNRows() {
        float[] x = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 1, Float.POSITIVE_INFINITY, 2, Float.NaN};
        float[] lse = new float[3];
        Reduce.logSumExp(3, 2, x, 0, lse, 0);
        assertEquals(Float.NEGATIVE_INFINITY, lse[0]);
        assertEquals(Float.POSITIVE_INFINITY, lse[1]);
        assertTrue(Float.isNaN(lse[2]));
        float[] sm = new float[6];
        Reduce.softmax(3, 2, x, 0, sm, 0);
        assertTrue(Float.isNaN(sm[0]) && Float.isNaN(sm[1]), "all -inf row: NaN, as torch");
        assertTrue(Float.isNaN(sm[4]) && Float.isNaN(sm[5]), "NaN row");
    }

    @Test
    void softmaxInPlaceAndThreadIndependent() {
        int rows = 2000;
        int cols = 50;
        float[] x = logits(rows, cols, 1);
        float[] one = x.clone();
        float[] two = x.clone();
        KernelTestSupport.withThreads(1, () -> Reduce.softmax(rows, cols, one, 0, one, 0));
        KernelTestSupport.withThreads(2, () -> Reduce.softmax(rows, cols, two, 0, two, 0));
        // exp may switch from per-lane Math.exp to SVML when the JIT compiles the kernel: 2 ulps, not bits
        KernelTestSupport.assertClose(one, two, 2, 2 * Float.MIN_NORMAL, "softmax 1 vs 2 threads");
        assertTrue(IntStream.range(0, cols).mapToDouble(j -> one[j]).sum() > 0.99);
    }
}
