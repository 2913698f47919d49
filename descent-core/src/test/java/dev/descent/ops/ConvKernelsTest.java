package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.between;
import static dev.descent.ops.NnTestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.descent.autograd.Engine;
import dev.descent.kernel.Parallel;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 per-image conv kernels ({@code kernel.ConvKernels}) against the chunked im2col path
 * they replaced, which stays as their reference: same values within float rounding, and the same
 * bits whatever the thread count.
 */
class ConvKernelsTest {

    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    /** Random geometry, larger than the finite-difference cases: strides, padding, dilation, groups, edge sizes. */
    static ConvGradTest.Case randomCase(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 977 + 13);
        while (true) {
            int groups = between(r, 1, 3);
            int c = groups * between(r, 1, 5);
            int cout = groups * between(r, 1, 6);
            int k = between(r, 1, 3);
            ConvGradTest.Case cs = new ConvGradTest.Case(between(r, 1, 11), c, between(r, 1, 19), between(r, 1, 19), cout,
                    k, r.nextBoolean() ? k : between(r, 1, 3), between(r, 1, 2), between(r, 1, 3), between(r, 0, 2),
                    between(r, 0, 2), between(r, 1, 2), between(r, 1, 2), groups, r.nextBoolean());
            if (cs.oh() >= 1 && cs.ow() >= 1) {
                return cs;
            }
        }
    }

    /** Output, then the gradients of x, w (and b) of sum(y · r) for a fixed random r. */
    private static double[][] run(ConvGradTest.Case k, Tensor[] in, Tensor weights) {
        Tensor[] leaves = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            leaves[i] = in[i].detach().requiresGrad_(true);
        }
        Tensor y = k.conv(leaves[0], leaves[1], leaves.length > 2 ? leaves[2] : null);
        Tensor[] g = Engine.grad(new Tensor[] {y.mul(weights).sum()}, null, leaves, false, false, false);
        double[][] out = new double[1 + g.length][];
        out[0] = y.toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            out[i + 1] = g[i].toDoubleArray();
        }
        return out;
    }

    private static Tensor[] inputs(ConvGradTest.Case k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = uniform(r, k.n(), k.c(), k.h(), k.w()).to(DType.FLOAT32);
        Tensor w = uniform(r, k.cout(), k.c() / k.groups(), k.kh(), k.kw()).to(DType.FLOAT32);
        Tensor b = uniform(r, k.cout()).to(DType.FLOAT32);
        return k.bias() ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void perImageKernelsMatchTheChunkedPath(long seed) {
        ConvGradTest.Case k = randomCase(seed);
        Tensor[] in = inputs(k, seed);
        Tensor weights = uniform(new SplittableRandom(seed + 1), k.n(), k.cout(), k.oh(), k.ow()).to(DType.FLOAT32);
        double[][] fast = run(k, in, weights);
        double[][] reference;
        Conv.perImageKernels = false;
        try {
            reference = run(k, in, weights);
        } finally {
            Conv.perImageKernels = true;
        }
        // sums of up to c·kh·kw (forward, grad x) or n·oh·ow (grad w) products of numbers in [-1, 1]
        double tol = 2e-6 * Math.max(k.c() * k.kh() * k.kw(), k.n() * k.oh() * k.ow());
        String[] what = {"output", "grad x", "grad w", "grad b"};
        for (int i = 0; i < fast.length; i++) {
            assertClose(reference[i], fast[i], tol, k + " " + what[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameBitsWithOneAndTwoThreads(long seed) {
        ConvGradTest.Case k = randomCase(seed + 1000);
        Tensor[] in = inputs(k, seed);
        Tensor weights = uniform(new SplittableRandom(seed + 2), k.n(), k.cout(), k.oh(), k.ow()).to(DType.FLOAT32);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[][] one = run(k, in, weights);
            Parallel.setThreads(2);
            double[][] two = run(k, in, weights);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], k + " result " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
