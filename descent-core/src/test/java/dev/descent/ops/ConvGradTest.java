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

import dev.descent.autograd.Engine;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvGradTest {

    /** A random convolution problem whose output is at least 1×1. */
    record Case(int n, int c, int h, int w, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                int groups, boolean bias) {
        static Case random(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            while (true) {
                int groups = between(r, 1, 2);
                int c = groups * between(r, 1, 2);
                int cout = groups * between(r, 1, 2);
                Case k = new Case(between(r, 1, 3), c, between(r, 1, 7), between(r, 1, 7), cout,
                        between(r, 1, 3), between(r, 1, 3), between(r, 1, 2), between(r, 1, 2),
                        between(r, 0, 2), between(r, 0, 2), between(r, 1, 2), between(r, 1, 2), groups, r.nextBoolean());
                if (k.oh() >= 1 && k.ow() >= 1) {
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

        Tensor conv(Tensor x, Tensor wt, Tensor b) {
            return Conv.conv2d(x, wt, b, sh, sw, ph, pw, dh, dw, groups);
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 16);
    }

    /** The definition, one output element at a time. */
    static double[] naiveConv2d(double[] x, double[] w, double[] b, Case k) {
        int cinG = k.c() / k.groups();
        int coutG = k.cout() / k.groups();
        double[] out = new double[k.n() * k.cout() * k.oh() * k.ow()];
        int q = 0;
        for (int n = 0; n < k.n(); n++) {
            for (int o = 0; o < k.cout(); o++) {
                int g = o / coutG;
                for (int i = 0; i < k.oh(); i++) {
                    for (int j = 0; j < k.ow(); j++) {
                        double s = b == null ? 0 : b[o];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ki = 0; ki < k.kh(); ki++) {
                                for (int kj = 0; kj < k.kw(); kj++) {
                                    int ih = i * k.sh() - k.ph() + ki * k.dh();
                                    int iw = j * k.sw() - k.pw() + kj * k.dw();
                                    if (ih >= 0 && ih < k.h() && iw >= 0 && iw < k.w()) {
                                        int c = g * cinG + ci;
                                        s += w[((o * cinG + ci) * k.kh() + ki) * k.kw() + kj]
                                                * x[((n * k.c() + c) * k.h() + ih) * k.w() + iw];
                                    }
                                }
                            }
                        }
                        out[q++] = s;
                    }
                }
            }
        }
        return out;
    }

    private static Tensor[] inputs(Case k, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        Tensor x = uniform(r, k.n(), k.c(), k.h(), k.w());
        Tensor w = uniform(r, k.cout(), k.c() / k.groups(), k.kh(), k.kw());
        Tensor b = uniform(r, k.cout());
        return k.bias() ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void forwardMatchesDirectLoopAndFloat32(long seed) {
        Case k = Case.random(seed);
        Tensor[] in = inputs(k, seed);
        Tensor b = k.bias() ? in[2] : null;
        Tensor y = k.conv(in[0], in[1], b);
        assertArrayEquals(new int[] {k.n(), k.cout(), k.oh(), k.ow()}, y.shape(), k.toString());
        double[] expected = naiveConv2d(in[0].toDoubleArray(), in[1].toDoubleArray(), b == null ? null : b.toDoubleArray(), k);
        assertClose(expected, y.toDoubleArray(), 1e-12, k.toString());
        assertFloat32Agrees(k.toString(), t -> k.conv(t[0], t[1], t.length > 2 ? t[2] : null), in);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void gradientsOfInputWeightAndBias(long seed) {
        Case k = Case.random(seed);
        assertGrad(k.toString(), t -> k.conv(t[0], t[1], t.length > 2 ? t[2] : null), inputs(k, seed));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void secondOrderThroughIm2ColAndCol2Im(long seed) {
        Case k = Case.random(seed);
        // conv is bilinear in (x, w): square it so that the Hessian has a non-trivial x-x block too
        assertGrad2(k.toString(), t -> k.conv(t[0], t[1], t.length > 2 ? t[2] : null).pow(2.0), inputs(k, seed));
    }

    @Test
    void partialChunksOfTheBatchGiveTheSameResult() {
        Case k = new Case(5, 4, 6, 5, 4, 3, 2, 1, 2, 1, 1, 1, 1, 2, true);
        Tensor[] in = inputs(k, 3);
        for (Tensor t : in) {
            t.requiresGrad_(true);
        }
        Tensor y1 = k.conv(in[0], in[1], in[2]);
        Tensor[] g1 = Engine.grad(new Tensor[] {y1.pow(2.0).sum()}, null, in, false, false, false);
        int saved = Conv.colsBudget;
        try {
            Conv.colsBudget = 2 * k.c() * k.kh() * k.kw() * k.oh() * k.ow(); // two images per chunk: 2 + 2 + 1
            Tensor y2 = k.conv(in[0], in[1], in[2]);
            Tensor[] g2 = Engine.grad(new Tensor[] {y2.pow(2.0).sum()}, null, in, false, false, false);
            assertClose(y1.toDoubleArray(), y2.toDoubleArray(), 1e-12, "output");
            for (int i = 0; i < 3; i++) {
                assertClose(g1[i].toDoubleArray(), g2[i].toDoubleArray(), 1e-12, "gradient " + i);
            }
        } finally {
            Conv.colsBudget = saved;
        }
    }

    @Test
    void kernelAsLargeAsTheInputGivesOnePixel() {
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = uniform(r, 2, 3, 4, 5);
        Tensor w = uniform(r, 2, 3, 4, 5);
        Tensor y = Conv.conv2d(x, w, null);
        assertArrayEquals(new int[] {2, 2, 1, 1}, y.shape());
        assertGrad("full kernel", t -> Conv.conv2d(t[0], t[1], null), x, w);
    }

    @Test
    void emptyBatchGivesEmptyOutputAndGradients() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 0, 2, 5, 5).requiresGrad_(true);
        Tensor w = Tensor.ones(DType.FLOAT64, 3, 2, 3, 3).requiresGrad_(true);
        Tensor y = Conv.conv2d(x, w, null, 1, 1);
        assertArrayEquals(new int[] {0, 3, 5, 5}, y.shape());
        y.sum().backward();
        assertArrayEquals(new int[] {0, 2, 5, 5}, x.grad().shape());
        assertEquals(0.0, w.grad().abs().sum().item());
    }

    @Test
    void stridedConvolutionOfNonContiguousInput() {
        SplittableRandom r = new SplittableRandom(8);
        Tensor x = uniform(r, 2, 5, 3, 4).transpose(1, 3); // [2, 4, 3, 5], strided
        Tensor w = uniform(r, 3, 4, 2, 2);
        double[] expected = Conv.conv2d(x.contiguous(), w, null, 2, 2).toDoubleArray();
        assertClose(expected, Conv.conv2d(x, w, null, 2, 2).toDoubleArray(), 1e-12, "strided input");
    }

    @Test
    void unbatchedInputIsOneImage() {
        SplittableRandom r = new SplittableRandom(9);
        Tensor x = uniform(r, 2, 4, 4);
        Tensor w = uniform(r, 3, 2, 3, 3);
        Tensor y = Conv.conv2d(x, w, null, 1, 1);
        assertArrayEquals(new int[] {3, 4, 4}, y.shape());
        assertClose(Conv.conv2d(x.unsqueeze(0), w, null, 1, 1).toDoubleArray(), y.toDoubleArray(), 0, "unbatched");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void conv1dIsTheHeightOneCase(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = between(r, 1, 2);
        int c = groups * between(r, 1, 2);
        int cout = groups * between(r, 1, 2);
        int len = between(r, 3, 7);
        int k = between(r, 1, 3);
        int s = between(r, 1, 2);
        int p = between(r, 0, 2);
        int d = between(r, 1, 2);
        if (len + 2 * p < d * (k - 1) + 1) {
            return;
        }
        Tensor x = uniform(r, 2, c, len);
        Tensor w = uniform(r, cout, c / groups, k);
        Tensor b = uniform(r, cout);
        Case twoD = new Case(2, c, 1, len, cout, 1, k, 1, s, 0, p, 1, d, groups, true);
        double[] expected = naiveConv2d(x.toDoubleArray(), w.toDoubleArray(), b.toDoubleArray(), twoD);
        Tensor y = Conv.conv1d(x, w, b, s, p, d, groups);
        assertArrayEquals(new int[] {2, cout, twoD.ow()}, y.shape());
        assertClose(expected, y.toDoubleArray(), 1e-12, "conv1d");
        assertGrad("conv1d", t -> Conv.conv1d(t[0], t[1], t[2], s, p, d, groups), x, w, b);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void convTransposeIsTheAdjointOfConv(long seed) {
        Case k = Case.random(seed);
        SplittableRandom r = new SplittableRandom(seed + 100);
        Tensor x = uniform(r, k.n(), k.c(), k.h(), k.w());
        Tensor w = uniform(r, k.cout(), k.c() / k.groups(), k.kh(), k.kw());
        Tensor y = uniform(r, k.n(), k.cout(), k.oh(), k.ow());
        // output padding recovers the rows the strided conv dropped; it must stay below stride or dilation
        int oph = Math.floorMod(k.h() + 2 * k.ph() - k.dh() * (k.kh() - 1) - 1, k.sh());
        int opw = Math.floorMod(k.w() + 2 * k.pw() - k.dw() * (k.kw() - 1) - 1, k.sw());
        Tensor xt = Conv.convTranspose2d(y, w, null, k.sh(), k.sw(), k.ph(), k.pw(), oph, opw, k.dh(), k.dw(), k.groups());
        assertArrayEquals(x.shape(), xt.shape(), k.toString());
        double lhs = k.conv(x, w, null).mul(y).sum().item();
        double rhs = x.mul(xt).sum().item();
        assertEquals(lhs, rhs, 1e-10 * Math.max(1, Math.abs(lhs)), k.toString());
        Tensor bt = uniform(r, k.c());
        assertGrad("convTranspose2d " + k, t -> Conv.convTranspose2d(t[0], t[1], t[2], k.sh(), k.sw(), k.ph(), k.pw(),
                oph, opw, k.dh(), k.dw(), k.groups()), y, w, bt);
        assertGrad2("convTranspose2d " + k, t -> Conv.convTranspose2d(t[0], t[1], null, k.sh(), k.sw(), k.ph(), k.pw(),
                oph, opw, k.dh(), k.dw(), k.groups()).pow(2.0), y, w);
    }

    @Test
    void channelMismatchNamesShapesAndGroups() {
        Tensor x = Tensor.zeros(8, 1, 32, 32);
        Tensor w = Tensor.zeros(16, 3, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, w, null));
        assertEquals("conv2d: expected input [N, C, H, W] with C = 3 (weight [16, 3, 3, 3], groups 1), got [8, 1, 32, 32]",
                e.getMessage());
    }

    @Test
    void invalidArgumentsAreRejectedWithTheirValues() {
        Tensor x = Tensor.zeros(1, 2, 2, 2);
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(x, Tensor.zeros(1, 2, 3, 3), null));
        assertEquals("conv2d: kernel 3x3 with dilation 1x1 spans 3x3, more than the padded input 2x2 "
                + "(input [1, 2, 2, 2], padding 0x0)", tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.zeros(3, 1, 1, 1), null, 1, 1, 0, 0, 1, 1, 2),
                "3 output channels cannot split into 2 groups");
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.zeros(2, 2, 1, 1), Tensor.zeros(3)));
        assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.zeros(2, 2, 1, 1), null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Conv.convTranspose2d(x, Tensor.zeros(2, 1, 2, 2), null,
                1, 1, 0, 0, 1, 1, 1, 1, 1), "output padding must be below stride or dilation");
    }

    @Test
    void mixedPrecisionPromotesToFloat64() {
        Tensor x = Tensor.ones(DType.FLOAT32, 1, 1, 3, 3);
        Tensor w = Tensor.ones(DType.FLOAT64, 1, 1, 2, 2);
        Tensor y = Conv.conv2d(x, w, null);
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {4, 4, 4, 4}, y.toDoubleArray());
    }
}
