package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BatchNormKernels}: the Vector API path against its scalar twin, the statistics against a
 * double-precision definition, and the same bits with one and two threads.
 */
class BatchNormKernelsTest {

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    /**
     * All outputs of one forward and backward, flattened: mean, var, y, dBeta, dGamma, dx; then the tail's
     * output z = max(y + r, 0), its masked gradient gm and sums, and the ReLU-masked sums and dx.
     */
    private record Run(double[] mean, double[] var, float[] y, double[] dBeta, double[] dGamma, float[] dx, float[] z,
                       float[] gm, double[] tailBeta, double[] tailGamma, double[] reluBeta, double[] reluGamma,
                       float[] reluDx) {}

    /** The stats, then the maps with per-channel coefficients taken from {@code seed} (so both twins share them). */
    private static Run run(int n, int c, int s, float[] x, float[] g, boolean relu, long seed) {
        double[] mean = new double[c];
        double[] var = new double[c];
        BatchNormKernels.stats(n, c, s, x, 3, mean, var);
        SplittableRandom r = new SplittableRandom(seed);
        float[] mu = KernelTestSupport.randomFloats(r, c, 1.0, 3.0);
        float[] scale = KernelTestSupport.randomFloats(r, c, -2.0, 2.0);
        float[] shift = KernelTestSupport.randomFloats(r, c, -1.0, 1.0);
        int len = n * c * s;
        float[] y = new float[len + 5];
        BatchNormKernels.normalize(n, c, s, x, 3, mu, scale, shift, relu, y, 5);
        double[] dBeta = new double[c];
        double[] dGamma = new double[c];
        BatchNormKernels.backwardSums(n, c, s, g, 1, x, 3, mu, null, null, dBeta, dGamma);
        float[] dx = new float[len + 2];
        BatchNormKernels.backwardInput(n, c, s, g, 1, x, 3, mu, scale, shift, scale, null, null, dx, 2);
        float[] res = KernelTestSupport.randomFloats(r, len, -1.0, 1.0);
        float[] z = new float[len];
        BatchNormKernels.normalizeAddRelu(n, c, s, x, 3, mu, scale, shift, res, 0, z, 0);
        float[] gm = new float[len + 4];
        double[] tailBeta = new double[c];
        double[] tailGamma = new double[c];
        BatchNormKernels.backwardSumsMasked(n, c, s, g, 1, z, 0, x, 3, mu, gm, 4, tailBeta, tailGamma);
        double[] reluBeta = new double[c];
        double[] reluGamma = new double[c];
        BatchNormKernels.backwardSums(n, c, s, g, 1, x, 3, mu, scale, shift, reluBeta, reluGamma);
        float[] reluDx = new float[len];
        BatchNormKernels.backwardInput(n, c, s, g, 1, x, 3, mu, scale, shift, scale, scale, shift, reluDx, 0);
        return new Run(mean, var, y, dBeta, dGamma, dx, z, Arrays.copyOfRange(gm, 4, gm.length), tailBeta, tailGamma,
                reluBeta, reluGamma, reluDx);
    }

    /** The sums of g·mask and g·mask·(x − mu) per channel, in double: the definition the kernels approximate. */
    private static double[][] maskedSums(int n, int c, int s, float[] g, float[] x, float[] mu, float[] mask, int maskOff,
                                         float[] gm) {
        double[][] out = new double[2][c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < s; p++) {
                    int j = (i * c + ch) * s + p;
                    double gj = mask[maskOff + j] > 0 ? g[1 + j] : 0.0;
                    out[0][ch] += gj;
                    out[1][ch] += gj * (x[3 + j] - mu[ch]);
                    assertEquals((float) gj, gm == null ? (float) gj : gm[j], "masked gradient " + j);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void vectorMatchesScalarAndDefinition(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(5);
        int c = 1 + r.nextInt(9);
        int s = seed < 4 ? new int[] {1, 15, 16, 1025}[(int) seed] : 1 + r.nextInt(700);
        float[] x = KernelTestSupport.randomFloats(r, n * c * s + 3, 1.0, 3.0); // offset mean: tests the centring
        float[] g = KernelTestSupport.randomFloats(r, n * c * s + 1, -1.0, 1.0);
        boolean relu = r.nextBoolean();
        Run vec = run(n, c, s, x, g, relu, seed);
        Run scalar;
        Simd.forceScalar(true);
        try {
            scalar = run(n, c, s, x, g, relu, seed);
        } finally {
            Simd.forceScalar(false);
        }
        // float pieces of at most SPAN elements: error ~ SPAN ulps of the piece sum of magnitudes
        double sumTol = 1e-7 * BatchNormKernels.SPAN * n * s * 3.0;
        for (int ch = 0; ch < c; ch++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < s; p++) {
                    m += x[3 + (i * c + ch) * s + p];
                }
            }
            m /= n * s;
            double v = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < s; p++) {
                    double d = x[3 + (i * c + ch) * s + p] - m;
                    v += d * d;
                }
            }
            v /= n * s;
            assertEquals(m, vec.mean()[ch], 1e-5 * 3, "mean " + ch);
            assertEquals(v, vec.var()[ch], 1e-5, "var " + ch);
            assertEquals(scalar.mean()[ch], vec.mean()[ch], sumTol / (n * s), "mean twin " + ch);
            assertEquals(scalar.var()[ch], vec.var()[ch], sumTol * 3 / (n * s), "var twin " + ch);
            assertEquals(scalar.dBeta()[ch], vec.dBeta()[ch], sumTol, "dBeta twin " + ch);
            assertEquals(scalar.dGamma()[ch], vec.dGamma()[ch], sumTol, "dGamma twin " + ch);
        }
        KernelTestSupport.assertClose(scalar.y(), vec.y(), 4, 1e-6, "y");
        KernelTestSupport.assertClose(scalar.dx(), vec.dx(), 4, 1e-6, "dx");
        KernelTestSupport.assertBitwise(scalar.z(), vec.z(), "tail z");
        KernelTestSupport.assertBitwise(scalar.reluDx(), vec.reluDx(), "relu dx");
        // the tail's mask from its output, the ReLU's recomputed from x: both against a double definition
        SplittableRandom rr = new SplittableRandom(seed);
        float[] mu = KernelTestSupport.randomFloats(rr, c, 1.0, 3.0);
        float[] scale = KernelTestSupport.randomFloats(rr, c, -2.0, 2.0);
        float[] shift = KernelTestSupport.randomFloats(rr, c, -1.0, 1.0);
        float[] y = new float[n * c * s];
        BatchNormKernels.normalize(n, c, s, x, 3, mu, scale, shift, true, y, 0);
        double[][] tail = maskedSums(n, c, s, g, x, mu, vec.z(), 0, vec.gm());
        double[][] cut = maskedSums(n, c, s, g, x, mu, y, 0, null);
        for (int ch = 0; ch < c; ch++) {
            assertEquals(tail[0][ch], vec.tailBeta()[ch], sumTol, "tail dBeta " + ch);
            assertEquals(tail[1][ch], vec.tailGamma()[ch], sumTol * 3, "tail dGamma " + ch);
            assertEquals(scalar.tailBeta()[ch], vec.tailBeta()[ch], sumTol, "tail dBeta twin " + ch);
            assertEquals(cut[0][ch], vec.reluBeta()[ch], sumTol, "relu dBeta " + ch);
            assertEquals(cut[1][ch], vec.reluGamma()[ch], sumTol * 3, "relu dGamma " + ch);
            assertEquals(scalar.reluGamma()[ch], vec.reluGamma()[ch], sumTol * 3, "relu dGamma twin " + ch);
        }
        for (int j = 0; j < y.length; j++) {
            int ch = j / s % c;
            float expected = y[j] > 0 ? vec.dx()[j + 2] // kept: the unmasked gradient's dx; cut: g taken as 0
                    : Math.fma(0f, scale[ch], Math.fma(x[3 + j] - mu[ch], shift[ch], scale[ch]));
            assertEquals(expected, vec.reluDx()[j], 1e-5f * (1 + Math.abs(expected)), "relu dx " + j);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameBitsWithOneAndTwoThreads(long seed) {
        SplittableRandom r = new SplittableRandom(seed + 99);
        int n = 1 + r.nextInt(8);
        int c = 1 + r.nextInt(40);
        int s = 1 + r.nextInt(1100);
        float[] x = KernelTestSupport.randomFloats(r, n * c * s + 3, -2.0, 2.0);
        float[] g = KernelTestSupport.randomFloats(r, n * c * s + 1, -1.0, 1.0);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Run one = run(n, c, s, x, g, true, seed);
            Parallel.setThreads(2);
            Run two = run(n, c, s, x, g, true, seed);
            KernelTestSupport.assertBitwise(one.mean(), two.mean(), "mean");
            KernelTestSupport.assertBitwise(one.var(), two.var(), "var");
            KernelTestSupport.assertBitwise(one.y(), two.y(), "y");
            KernelTestSupport.assertBitwise(one.dBeta(), two.dBeta(), "dBeta");
            KernelTestSupport.assertBitwise(one.dGamma(), two.dGamma(), "dGamma");
            KernelTestSupport.assertBitwise(one.dx(), two.dx(), "dx");
            KernelTestSupport.assertBitwise(one.gm(), two.gm(), "gm");
            KernelTestSupport.assertBitwise(one.tailGamma(), two.tailGamma(), "tail dGamma");
            KernelTestSupport.assertBitwise(one.reluGamma(), two.reluGamma(), "relu dGamma");
            KernelTestSupport.assertBitwise(one.reluDx(), two.reluDx(), "relu dx");
        } finally {
            Parallel.setThreads(before);
        }
    }
}
