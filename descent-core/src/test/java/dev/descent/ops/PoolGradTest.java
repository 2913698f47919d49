package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.assertFloat32Agrees;
import static dev.descent.ops.NnTestSupport.assertGrad;
import static dev.descent.ops.NnTestSupport.assertGrad2;
import static dev.descent.ops.NnTestSupport.between;
import static dev.descent.ops.NnTestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoolGradTest {

    /** A random pooling problem: padding at most half the kernel, output at least 1×1. */
    record Case(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                boolean countIncludePad) {
        static Case random(long seed, boolean dilated) {
            SplittableRandom r = new SplittableRandom(seed);
            while (true) {
                int kh = between(r, 1, 3);
                int kw = between(r, 1, 3);
                Case k = new Case(between(r, 1, 3), between(r, 1, 4), between(r, 1, 7), between(r, 1, 7), kh, kw,
                        between(r, 1, 2), between(r, 1, 2), between(r, 0, kh / 2), between(r, 0, kw / 2),
                        dilated ? between(r, 1, 2) : 1, dilated ? between(r, 1, 2) : 1, r.nextBoolean());
                if (k.oh() >= 1 && k.ow() >= 1 && k.everyWindowTouchesTheImage()) {
                    return k;
                }
            }
        }

        int oh() {
            return Math.floorDiv(h + 2 * ph - dh * (kh - 1) - 1, sh) + 1;
        }

        int ow() {
            return Math.floorDiv(w + 2 * pw - dw * (kw - 1) - 1, sw) + 1;
        }

        boolean everyWindowTouchesTheImage() {
            for (int i = 0; i < oh(); i++) {
                boolean any = false;
                for (int k = 0; k < kh; k++) {
                    int ih = i * sh - ph + k * dh;
                    any |= ih >= 0 && ih < h;
                }
                if (!any) {
                    return false;
                }
            }
            for (int j = 0; j < ow(); j++) {
                boolean any = false;
                for (int k = 0; k < kw; k++) {
                    int iw = j * sw - pw + k * dw;
                    any |= iw >= 0 && iw < w;
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }

        Tensor max(Tensor x) {
            return Pool.maxPool2d(x, kh, kw, sh, sw, ph, pw, dh, dw);
        }

        Tensor avg(Tensor x) {
            return Pool.avgPool2d(x, kh, kw, sh, sw, ph, pw, countIncludePad);
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 16);
    }

    static double[] naiveMax(double[] x, Case k) {
        double[] out = new double[k.n() * k.c() * k.oh() * k.ow()];
        int q = 0;
        for (int p = 0; p < k.n() * k.c(); p++) {
            for (int i = 0; i < k.oh(); i++) {
                for (int j = 0; j < k.ow(); j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < k.kh(); a++) {
                        for (int b = 0; b < k.kw(); b++) {
                            int ih = i * k.sh() - k.ph() + a * k.dh();
                            int iw = j * k.sw() - k.pw() + b * k.dw();
                            if (ih >= 0 && ih < k.h() && iw >= 0 && iw < k.w()) {
                                m = Math.max(m, x[(p * k.h() + ih) * k.w() + iw]);
                            }
                        }
                    }
                    out[q++] = m;
                }
            }
        }
        return out;
    }

    static double[] naiveAvg(double[] x, Case k) {
        double[] out = new double[k.n() * k.c() * k.oh() * k.ow()];
        int q = 0;
        for (int p = 0; p < k.n() * k.c(); p++) {
            for (int i = 0; i < k.oh(); i++) {
                for (int j = 0; j < k.ow(); j++) {
                    double s = 0;
                    int inside = 0;
                    for (int a = 0; a < k.kh(); a++) {
                        for (int b = 0; b < k.kw(); b++) {
                            int ih = i * k.sh() - k.ph() + a;
                            int iw = j * k.sw() - k.pw() + b;
                            if (ih >= 0 && ih < k.h() && iw >= 0 && iw < k.w()) {
                                s += x[(p * k.h() + ih) * k.w() + iw];
                                inside++;
                            }
                        }
                    }
                    out[q++] = s / (k.countIncludePad() ? k.kh() * k.kw() : inside);
                }
            }
        }
        return out;
    }

    static double[] naiveAdaptive(double[] x, int planes, int h, int w, int oh, int ow) {
        double[] out = new double[planes * oh * ow];
        int q = 0;
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int h0 = (int) Math.floor((double) i * h / oh);
                int h1 = (int) Math.ceil((double) (i + 1) * h / oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = (int) Math.floor((double) j * w / ow);
                    int w1 = (int) Math.ceil((double) (j + 1) * w / ow);
                    double s = 0;
                    for (int a = h0; a < h1; a++) {
                        for (int b = w0; b < w1; b++) {
                            s += x[(p * h + a) * w + b];
                        }
                    }
                    out[q++] = s / ((h1 - h0) * (w1 - w0));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void maxPoolMatchesDirectLoopAndRoutesGradientToTheMaximum(long seed) {
        Case k = Case.random(seed, true);
        Tensor x = uniform(new SplittableRandom(seed), k.n(), k.c(), k.h(), k.w());
        Tensor y = k.max(x);
        assertArrayEquals(new int[] {k.n(), k.c(), k.oh(), k.ow()}, y.shape(), k.toString());
        assertClose(naiveMax(x.toDoubleArray(), k), y.toDoubleArray(), 0, k.toString());
        assertFloat32Agrees(k.toString(), t -> k.max(t[0]), x);
        assertGrad(k.toString(), t -> k.max(t[0]), x);
        // max pooling is piecewise linear: its Hessian is zero, and the scatter/gather backward says so
        assertGrad2(k.toString(), t -> k.max(t[0]), x);
        assertGrad2(k.toString(), t -> k.max(t[0]).pow(2.0), x);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void avgPoolMatchesDirectLoopWithAndWithoutPadInTheDivisor(long seed) {
        Case k = Case.random(seed, false);
        Tensor x = uniform(new SplittableRandom(seed), k.n(), k.c(), k.h(), k.w());
        Tensor y = k.avg(x);
        assertArrayEquals(new int[] {k.n(), k.c(), k.oh(), k.ow()}, y.shape(), k.toString());
        assertClose(naiveAvg(x.toDoubleArray(), k), y.toDoubleArray(), 1e-12, k.toString());
        assertFloat32Agrees(k.toString(), t -> k.avg(t[0]), x);
        assertGrad(k.toString(), t -> k.avg(t[0]), x);
        assertGrad2(k.toString(), t -> k.avg(t[0]).pow(2.0), x);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void adaptiveAvgPoolUsesPyTorchWindows(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = between(r, 1, 2);
        int c = between(r, 1, 3);
        int h = between(r, 1, 7);
        int w = between(r, 1, 7);
        int oh = between(r, 1, 8); // may exceed the input: windows then overlap
        int ow = between(r, 1, 8);
        Tensor x = uniform(r, n, c, h, w);
        Tensor y = Pool.adaptiveAvgPool2d(x, oh, ow);
        assertArrayEquals(new int[] {n, c, oh, ow}, y.shape());
        assertClose(naiveAdaptive(x.toDoubleArray(), n * c, h, w, oh, ow), y.toDoubleArray(), 1e-12, "adaptive");
        assertFloat32Agrees("adaptive", t -> Pool.adaptiveAvgPool2d(t[0], oh, ow), x);
        assertGrad("adaptive", t -> Pool.adaptiveAvgPool2d(t[0], oh, ow), x);
        assertGrad2("adaptive", t -> Pool.adaptiveAvgPool2d(t[0], oh, ow).pow(2.0), x);
    }

    /** The float32 kernels' gradients (no graph recorded) against float64's, for the three poolings. */
    @ParameterizedTest
    @MethodSource("seeds")
    void float32GradientsAgreeWithFloat64(long seed) {
        Case k = Case.random(seed + 300, true);
        Case plain = Case.random(seed + 300, false);
        Tensor x = uniform(new SplittableRandom(seed), k.n(), k.c(), k.h(), k.w());
        Tensor xp = uniform(new SplittableRandom(seed), plain.n(), plain.c(), plain.h(), plain.w());
        Tensor r = uniform(new SplittableRandom(seed + 1), k.n(), k.c(), k.oh(), k.ow());
        Tensor rp = uniform(new SplittableRandom(seed + 1), plain.n(), plain.c(), plain.oh(), plain.ow());
        Tensor ra = uniform(new SplittableRandom(seed + 2), plain.n(), plain.c(), 3, 2);
        assertFloat32GradAgrees("max " + k, t -> k.max(t).mul(r.to(t.dtype())), x);
        assertFloat32GradAgrees("avg " + plain, t -> plain.avg(t).mul(rp.to(t.dtype())), xp);
        assertFloat32GradAgrees("adaptive", t -> Pool.adaptiveAvgPool2d(t, 3, 2).mul(ra.to(t.dtype())), xp);
    }

    private static void assertFloat32GradAgrees(String what, java.util.function.Function<Tensor, Tensor> f, Tensor x) {
        Tensor x64 = x.detach().requiresGrad_(true);
        Tensor x32 = x.to(DType.FLOAT32).detach().requiresGrad_(true);
        f.apply(x64).sum().backward();
        f.apply(x32).sum().backward();
        assertEquals(DType.FLOAT32, x32.grad().dtype(), what);
        assertClose(x64.grad().toDoubleArray(), x32.grad().toDoubleArray(), 1e-6, what + ": float32 gradient");
    }

    @Test
    void globalAveragePoolingIsTheMeanOfEachPlane() {
        Tensor x = uniform(new SplittableRandom(1), 2, 3, 5, 4);
        assertClose(x.mean(new int[] {2, 3}, true).toDoubleArray(), Pool.adaptiveAvgPool2d(x, 1, 1).toDoubleArray(),
                1e-12, "global");
    }

    @Test
    void tiesSendTheGradientToTheFirstMaximum() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 0, 3, 3, 2, 1, 0}, 1, 1, 3, 3).requiresGrad_(true);
        Pool.maxPool2d(x, 2, 1, 0).sum().backward();
        // windows: {1,3,0,3} -> index 1; {3,3,3,3} -> index 1; {0,3,2,1} -> index 4; {3,3,1,0} -> index 4
        assertArrayEquals(new double[] {0, 2, 0, 0, 2, 0, 0, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void nanIsTheMaximum() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 5, 2}, 1, 1, 2, 2);
        assertTrue(Double.isNaN(Pool.maxPool2d(x, 2).item()));
    }

    @Test
    void kernelAsLargeAsTheInputPoolsEverything() {
        Tensor x = uniform(new SplittableRandom(2), 2, 2, 3, 4);
        assertArrayEquals(new int[] {2, 2, 1, 1}, Pool.avgPool2d(x, 3, 4, 1, 1, 0, 0, true).shape());
        assertClose(x.mean(new int[] {2, 3}, true).toDoubleArray(),
                Pool.avgPool2d(x, 3, 4, 1, 1, 0, 0, true).toDoubleArray(), 1e-12, "full window");
        assertGrad("full max window", t -> Pool.maxPool2d(t[0], 3, 4, 1, 1, 0, 0, 1, 1), x);
    }

    @Test
    void paddingOverHalfTheKernelIsRejectedAsInPyTorch() {
        Tensor x = Tensor.zeros(1, 1, 5, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pool.maxPool2d(x, 3, 1, 2));
        assertEquals("maxPool2d: padding 2x2 must be at most half the kernel 3x3 (padding <= 1x1), as in PyTorch",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pool.avgPool2d(x, 2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Pool.maxPool2d(x, 6, 1, 0), "output would be empty");
        assertThrows(IllegalArgumentException.class, () -> Pool.avgPool2d(Tensor.zeros(5, 5), 2, 1, 0), "rank 2");
    }

    @Test
    void unbatchedInputAndFloat32() {
        Tensor x = uniform(new SplittableRandom(3), 2, 4, 4).to(DType.FLOAT32);
        Tensor y = Pool.maxPool2d(x, 2);
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertEquals(DType.FLOAT32, y.dtype());
        assertClose(Pool.maxPool2d(x.unsqueeze(0), 2).toDoubleArray(), y.toDoubleArray(), 0, "unbatched");
    }
}
