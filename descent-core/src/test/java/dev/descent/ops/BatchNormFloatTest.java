package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.uniform;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float32 batch norm through {@code kernel.BatchNormKernels} against the double path it replaced: plain,
 * with the fused ReLU, and as the fused residual tail.
 */
class BatchNormFloatTest {

    static LongStream seeds() {
        return LongStream.range(0, 12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void floatKernelsMatchTheDoublePath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(6);
        int c = 1 + r.nextInt(7);
        int[] shape = seed % 3 == 0 ? new int[] {n + 1, c} : new int[] {n, c, 1 + r.nextInt(9), 1 + r.nextInt(9)};
        Tensor x = uniform(r, shape).mul(3).add(1).to(DType.FLOAT32);
        Tensor gamma = uniform(r, c).to(DType.FLOAT32);
        Tensor beta = uniform(r, c).to(DType.FLOAT32);
        Tensor weights = uniform(r, shape).to(DType.FLOAT32);
        Tensor res = uniform(r, shape).to(DType.FLOAT32);
        // plain, fused ReLU, fused residual tail: the kernel path against the double path of the same op
        boolean fused = seed % 3 != 1;
        Tensor residual = seed % 3 == 2 ? res : null;
        double[][] fast = BatchNormReluTest.run(fused, false, true, x, residual, gamma, beta, weights);
        double[][] reference;
        Norms.floatKernels = false;
        try {
            reference = BatchNormReluTest.run(fused, false, true, x, residual, gamma, beta, weights);
        } finally {
            Norms.floatKernels = true;
        }
        String[] what = {"y", "running mean", "running var", "grad x", "grad gamma", "grad beta", "grad residual"};
        for (int i = 0; i < fast.length; i++) {
            assertClose(reference[i], fast[i], 2e-5, what[i] + " " + java.util.Arrays.toString(shape));
        }
    }
}
