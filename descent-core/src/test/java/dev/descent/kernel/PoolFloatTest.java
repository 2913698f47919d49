package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PoolFloat}: average pooling and its adjoint against a double-precision definition, the Vector
 * API path against its scalar twin, max pooling and its adjoint against a direct loop, and the same
 * bits with one and two threads. Planes up to 40×40 with windows up to the whole plane, so runs longer
 * than a vector and than {@link PoolFloat#SPAN} occur.
 */
class PoolFloatTest {

    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    /** A random plan: sliding windows (with padding, either divisor) or adaptive ones, global among them. */
    private static PoolPlan plan(SplittableRandom r, long seed) {
        int planes = 1 + r.nextInt(6);
        int h = 1 + r.nextInt(40);
        int w = 1 + r.nextInt(40);
        if (seed % 3 == 0) {
            int oh = seed % 6 == 0 ? 1 : 1 + r.nextInt(h + 2);
            int ow = seed % 6 == 0 ? 1 : 1 + r.nextInt(w + 2);
            return new PoolPlan(planes, PoolAxis.adaptive(h, oh), PoolAxis.adaptive(w, ow), true);
        }
        int kh = 1 + r.nextInt(h);
        int kw = 1 + r.nextInt(w);
        return new PoolPlan(planes, PoolAxis.sliding(h, kh, 1 + r.nextInt(3), r.nextInt(kh / 2 + 1)),
                PoolAxis.sliding(w, kw, 1 + r.nextInt(3), r.nextInt(kw / 2 + 1)), r.nextBoolean());
    }

    private static double[] avgDefinition(PoolPlan p, float[] x, int xOff) {
        PoolAxis r = p.rows();
        PoolAxis c = p.cols();
        double[] out = new double[p.outSize()];
        int q = 0;
        for (int pl = 0; pl < p.planes(); pl++) {
            for (int oi = 0; oi < r.out(); oi++) {
                for (int oj = 0; oj < c.out(); oj++) {
                    double s = 0;
                    for (int i = r.lo()[oi]; i < r.hi()[oi]; i++) {
                        for (int j = c.lo()[oj]; j < c.hi()[oj]; j++) {
                            s += x[xOff + pl * p.planeSize() + i * c.in() + j];
                        }
                    }
                    out[q++] = s / p.divisor(oi, oj);
                }
            }
        }
        return out;
    }

    private static double[] adjointDefinition(PoolPlan p, float[] g, int gOff) {
        PoolAxis r = p.rows();
        PoolAxis c = p.cols();
        double[] out = new double[p.inSize()];
        int q = gOff;
        for (int pl = 0; pl < p.planes(); pl++) {
            for (int oi = 0; oi < r.out(); oi++) {
                for (int oj = 0; oj < c.out(); oj++) {
                    double v = g[q++] / p.divisor(oi, oj);
                    for (int i = r.lo()[oi]; i < r.hi()[oi]; i++) {
                        for (int j = c.lo()[oj]; j < c.hi()[oj]; j++) {
                            out[pl * p.planeSize() + i * c.in() + j] += v;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Forward and adjoint outputs, written over NaN-filled arrays (so every element must be written). */
    private static float[][] runAvg(PoolPlan p, float[] x, float[] g) {
        float[] y = new float[p.outSize() + 7];
        java.util.Arrays.fill(y, Float.NaN);
        PoolFloat.avg(p, x, 3, y, 7);
        float[] dx = new float[p.inSize() + 2];
        java.util.Arrays.fill(dx, Float.NaN);
        PoolFloat.avgAdjoint(p, g, 1, dx, 2);
        return new float[][] {java.util.Arrays.copyOfRange(y, 7, y.length),
            java.util.Arrays.copyOfRange(dx, 2, dx.length)};
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void averagePoolingMatchesDefinitionAndScalarTwin(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PoolPlan p = plan(r, seed);
        float[] x = KernelTestSupport.randomFloats(r, p.inSize() + 3, 1.0, 3.0);
        float[] g = KernelTestSupport.randomFloats(r, p.outSize() + 1, -1.0, 1.0);
        float[][] vec = runAvg(p, x, g);
        float[][] scalar;
        Simd.forceScalar(true);
        try {
            scalar = runAvg(p, x, g);
        } finally {
            Simd.forceScalar(false);
        }
        double[] y = avgDefinition(p, x, 3);
        double[] dx = adjointDefinition(p, g, 1);
        String what = p.toString();
        // sums of at most SPAN floats in float: a few ulps of a mean of values in [1, 3]
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], vec[0][i], 3e-6 * Math.abs(y[i]) + 1e-7, "y " + i + " " + what);
            assertEquals(y[i], scalar[0][i], 3e-6 * Math.abs(y[i]) + 1e-7, "scalar y " + i + " " + what);
        }
        // the adjoint adds at most (k/s)² float terms per element
        for (int i = 0; i < dx.length; i++) {
            assertEquals(dx[i], vec[1][i], 1e-5 * (1 + Math.abs(dx[i])), "dx " + i + " " + what);
        }
        KernelTestSupport.assertClose(scalar[1], vec[1], 64, 1e-6, "dx twin " + what);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void maxPoolingPicksTheFirstMaximumAndScattersBack(long seed) {
        SplittableRandom r = new SplittableRandom(seed + 50);
        int planes = 1 + r.nextInt(5);
        int h = 2 + r.nextInt(12);
        int w = 2 + r.nextInt(12);
        int kh = 1 + r.nextInt(3);
        int kw = 1 + r.nextInt(3);
        int sh = 1 + r.nextInt(2);
        int sw = 1 + r.nextInt(2);
        int ph = r.nextInt(kh / 2 + 1);
        int pw = r.nextInt(kw / 2 + 1);
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (w + 2 * pw - kw) / sw + 1;
        float[] x = new float[planes * h * w + 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(5); // few values: ties are common
        }
        float[] y = new float[planes * oh * ow];
        int[] argmax = new int[y.length];
        PoolFloat.max(planes, h, w, kh, kw, sh, sw, ph, pw, 1, 1, oh, ow, x, 4, y, 0, argmax);
        int q = 0;
        for (int p = 0; p < planes; p++) {
            for (int oi = 0; oi < oh; oi++) {
                for (int oj = 0; oj < ow; oj++) {
                    int at = -1;
                    for (int i = Math.max(0, oi * sh - ph); i < Math.min(h, oi * sh - ph + kh); i++) {
                        for (int j = Math.max(0, oj * sw - pw); j < Math.min(w, oj * sw - pw + kw); j++) {
                            int pos = (p * h + i) * w + j;
                            if (at < 0 || x[4 + pos] > x[4 + at]) {
                                at = pos;
                            }
                        }
                    }
                    assertEquals(at, argmax[q], "argmax " + q);
                    assertEquals(x[4 + at], y[q++], "max");
                }
            }
        }
        float[] g = KernelTestSupport.randomFloats(r, y.length, -1.0, 1.0);
        float[] dx = new float[planes * h * w + 1];
        java.util.Arrays.fill(dx, Float.NaN);
        PoolFloat.maxAdjoint(planes, h * w, oh * ow, g, 0, argmax, dx, 1);
        float[] expected = new float[planes * h * w];
        for (int i = 0; i < g.length; i++) {
            expected[argmax[i]] += g[i];
        }
        KernelTestSupport.assertBitwise(expected, java.util.Arrays.copyOfRange(dx, 1, dx.length), "max adjoint");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameBitsWithOneAndTwoThreads(long seed) {
        SplittableRandom r = new SplittableRandom(seed + 99);
        PoolPlan p = plan(r, seed);
        PoolPlan many = new PoolPlan(p.planes() * 40, p.rows(), p.cols(), p.countIncludePad()); // enough to split
        float[] x = KernelTestSupport.randomFloats(r, many.inSize() + 3, -2.0, 2.0);
        float[] g = KernelTestSupport.randomFloats(r, many.outSize() + 1, -1.0, 1.0);
        float[][][] out = new float[2][][];
        KernelTestSupport.withThreads(1, () -> out[0] = runAvg(many, x, g));
        KernelTestSupport.withThreads(2, () -> out[1] = runAvg(many, x, g));
        KernelTestSupport.assertBitwise(out[0][0], out[1][0], "y");
        KernelTestSupport.assertBitwise(out[0][1], out[1][1], "dx");
        assertArrayEquals(out[0][0], out[1][0]);
    }
}
