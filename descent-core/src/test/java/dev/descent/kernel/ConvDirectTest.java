package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct 3×3 kernel ({@code VectorConvDirect}) against im2col + GEMM in {@link ConvKernels}:
 * forward, input gradient and weight gradient, on shapes it accepts (padding 0 to 2, dilation 1 or
 * 2, odd sizes, one to 19 input channels), on batches whose weight gradient stacks several small
 * images per pass, and on the ResNet-20 stages; and the same bits with one and two threads. The
 * stride-2 forward, weight gradient and input gradient (phase planes) likewise, on the ResNet-20
 * down-sampling shapes and random ones.
 */
class ConvDirectTest {

    static LongStream seeds() {
        return LongStream.range(0, 32);
    }

    private static ConvShape shape(long seed) {
        if (seed < 4) { // the ResNet-20 stages (batch 2): 3->16 and 16->16 at 32x32, 32 at 16x16, 64 at 8x8
            int[][] s = {{3, 16, 32}, {16, 16, 32}, {32, 32, 16}, {64, 64, 8}};
            int[] t = s[(int) seed];
            return new ConvShape(2, t[0], t[2], t[2], t[1], 1, 3, 3, 1, 1, 1, 1, 1, 1, t[2], t[2]);
        }
        SplittableRandom r = new SplittableRandom(seed);
        // from seed 24: batches of 9 to 40 small images, so that the weight gradient stacks several
        // images per pass, and up to 40 output channels (vectors of channels in pairs and alone)
        boolean stacked = seed >= 24;
        while (true) {
            int c = 1 + r.nextInt(stacked ? 6 : 19);
            int cout = 8 * (1 + r.nextInt(stacked ? 5 : 3));
            int d = 1 + r.nextInt(2);
            int ph = r.nextInt(3);
            int pw = r.nextInt(3);
            int h = 1 + r.nextInt(stacked ? 9 : 21);
            int w = 1 + r.nextInt(stacked ? 9 : 21);
            int oh = h + 2 * ph - 2 * d;
            int ow = w + 2 * pw - 2 * d;
            if (oh >= 1 && ow >= 1 && ph <= 2 * d && pw <= 2 * d) {
                int n = stacked ? 9 + r.nextInt(32) : 1 + r.nextInt(4);
                return new ConvShape(n, c, h, w, cout, 1, 3, 3, 1, 1, ph, pw, d, d, oh, ow);
            }
        }
    }

    /** Forward output, input gradient, weight gradient (each with a guard element before it). */
    private static float[][] run(ConvShape g, float[] x, float[] w, float[] gy) {
        float[] out = new float[1 + g.n() * g.outSize()];
        ConvKernels.forward(g, x, 1, w, 1, out, 1);
        float[] gx = new float[1 + g.n() * g.imageSize()];
        ConvKernels.backwardInput(g, gy, 1, w, 1, gx, 1);
        float[] gw = new float[1 + g.cout() * g.rows()];
        ConvKernels.backwardWeight(g, x, 1, gy, 1, gw, 1);
        return new float[][] {out, gx, gw};
    }

    /** {@link #run} through im2col + GEMM. */
    private static float[][] reference(ConvShape g, float[][] in) {
        ConvKernels.directEnabled = false;
        try {
            return run(g, in[0], in[1], in[2]);
        } finally {
            ConvKernels.directEnabled = true;
        }
    }

    private static float[][] inputs(ConvShape g, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7 + 1);
        return new float[][] {KernelTestSupport.randomFloats(r, 1 + g.n() * g.imageSize(), -1, 1),
            KernelTestSupport.randomFloats(r, 1 + g.cout() * g.rows(), -1, 1),
            KernelTestSupport.randomFloats(r, 1 + g.n() * g.outSize(), -1, 1)};
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void directMatchesIm2ColGemm(long seed) {
        ConvShape g = shape(seed);
        assertTrue(ConvKernels.direct(g), g.toString());
        if (seed >= 24) { // each weight-gradient block stacks more than one image per pass
            int perBlock = (g.n() + ConvKernels.WEIGHT_BLOCKS - 1) / ConvKernels.WEIGHT_BLOCKS;
            assertTrue(VectorConvDirect.imagesPerPass(g, perBlock) > 1, g.toString());
        }
        float[][] in = inputs(g, seed);
        float[][] fast = run(g, in[0], in[1], in[2]);
        float[][] reference = reference(g, in);
        // sums of c·9 (forward), cout·9 (grad x) or n·oh·ow (grad w) products of numbers in [-1, 1]
        double[] tol = {1e-6 * g.rows(), 1e-6 * g.cout() * 9, 1e-6 * g.n() * g.positions()};
        String[] what = {"output", "grad x", "grad w"};
        for (int i = 0; i < 3; i++) {
            KernelTestSupport.assertClose(reference[i], fast[i], 64, tol[i], g + " " + what[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameBitsWithOneAndTwoThreads(long seed) {
        ConvShape g = shape(seed);
        float[][] in = inputs(g, seed);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = run(g, in[0], in[1], in[2]);
            Parallel.setThreads(2);
            float[][] two = run(g, in[0], in[1], in[2]);
            for (int i = 0; i < 3; i++) {
                KernelTestSupport.assertBitwise(one[i], two[i], g + " result " + i);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Stride-2 shapes: the ResNet-20 down-sampling convs (seeds 0, 1), then random ones as above. */
    private static ConvShape stride2Shape(long seed) {
        if (seed < 2) {
            int[][] s = {{16, 32, 32}, {32, 64, 16}};
            int[] t = s[(int) seed];
            return new ConvShape(3, t[0], t[2], t[2], t[1], 1, 3, 3, 2, 2, 1, 1, 1, 1, t[2] / 2, t[2] / 2);
        }
        SplittableRandom r = new SplittableRandom(seed + 1000);
        boolean stacked = seed >= 24; // batches of 17 to 40 small images: several per weight-gradient pass
        while (true) {
            int c = 1 + r.nextInt(19);
            int cout = 8 * (1 + r.nextInt(3));
            int d = 1 + r.nextInt(2);
            int ph = r.nextInt(3);
            int pw = r.nextInt(3);
            int h = 1 + r.nextInt(stacked ? 9 : 21);
            int w = 1 + r.nextInt(stacked ? 9 : 21);
            int oh = (h + 2 * ph - 2 * d - 1) / 2 + 1;
            int ow = (w + 2 * pw - 2 * d - 1) / 2 + 1;
            if (h + 2 * ph - 2 * d >= 1 && w + 2 * pw - 2 * d >= 1 && ph <= 2 * d && pw <= 2 * d) {
                int n = stacked ? 17 + r.nextInt(24) : 1 + r.nextInt(5);
                return new ConvShape(n, c, h, w, cout, 1, 3, 3, 2, 2, ph, pw, d, d, oh, ow);
            }
        }
    }

    /**
     * Stride-2 shapes whose input channels come in whole tiles of 8, so that the input gradient runs
     * as the adjoint on the phase planes: the ResNet-20 down-sampling convs (seeds 0, 1), then random
     * sizes (odd ones included), padding 0 to 2, dilation 1 or 2, batch 1 to 5.
     */
    private static ConvShape stride2InputShape(long seed) {
        if (seed < 2) {
            return stride2Shape(seed);
        }
        SplittableRandom r = new SplittableRandom(seed + 2000);
        while (true) {
            int c = 8 * (1 + r.nextInt(3));
            int cout = 8 * (1 + r.nextInt(3));
            int d = 1 + r.nextInt(2);
            int ph = r.nextInt(3);
            int pw = r.nextInt(3);
            int h = 1 + r.nextInt(21);
            int w = 1 + r.nextInt(21);
            if (h + 2 * ph - 2 * d >= 1 && w + 2 * pw - 2 * d >= 1 && ph <= 2 * d && pw <= 2 * d) {
                int oh = (h + 2 * ph - 2 * d - 1) / 2 + 1;
                int ow = (w + 2 * pw - 2 * d - 1) / 2 + 1;
                return new ConvShape(1 + r.nextInt(5), c, h, w, cout, 1, 3, 3, 2, 2, ph, pw, d, d, oh, ow);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void stride2InputGradientMatchesIm2ColGemm(long seed) {
        ConvShape g = stride2InputShape(seed);
        assertTrue(ConvKernels.directForward(g) && g.c() % 8 == 0, g.toString());
        float[][] in = inputs(g, seed);
        float[] fast = run(g, in[0], in[1], in[2])[1];
        float[] reference = reference(g, in)[1];
        KernelTestSupport.assertClose(reference, fast, 64, 1e-6 * g.cout() * 9, g + " grad x");
        assertTrue(fast[0] == 0f, "the guard element before gx stays untouched");
        int before = Parallel.threads();
        try {
            Parallel.setThreads(before == 1 ? 2 : 1);
            KernelTestSupport.assertBitwise(fast, run(g, in[0], in[1], in[2])[1], g + " grad x, 1 and 2 threads");
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void stride2ForwardAndWeightGradientMatchIm2ColGemm(long seed) {
        ConvShape g = stride2Shape(seed);
        assertTrue(ConvKernels.directForward(g), g.toString());
        float[][] in = inputs(g, seed);
        float[][] fast = run(g, in[0], in[1], in[2]);
        float[][] reference = reference(g, in);
        KernelTestSupport.assertClose(reference[0], fast[0], 64, 1e-6 * g.rows(), g + " output");
        KernelTestSupport.assertClose(reference[2], fast[2], 64, 1e-6 * g.n() * g.positions(), g + " grad w");
        int before = Parallel.threads();
        try {
            Parallel.setThreads(before == 1 ? 2 : 1);
            float[][] other = run(g, in[0], in[1], in[2]);
            for (int i = 0; i < 3; i++) {
                KernelTestSupport.assertBitwise(fast[i], other[i], g + " result " + i + ", 1 and 2 threads");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
