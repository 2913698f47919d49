package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.uniform;

import dev.descent.autograd.Engine;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Float32 batch norm through {@code kernel.BatchNormKernels} against the double path it replaced. */
class BatchNormFloatTest {

    static LongStream seeds() {
        return LongStream.range(0, 12);
    }

    /** Output, running mean and variance after the step, then the gradients of x, γ, β of sum(y · r). */
    private static double[][] run(Tensor x, Tensor gamma, Tensor beta, Tensor weights) {
        Tensor xl = x.detach().requiresGrad_(true);
        Tensor gl = gamma.detach().requiresGrad_(true);
        Tensor bl = beta.detach().requiresGrad_(true);
        int c = x.size(1);
        Tensor rm = Tensor.zeros(DType.FLOAT32, c);
        Tensor rv = Tensor.ones(DType.FLOAT32, c);
        Tensor y = NnFunctional.batchNorm(xl, rm, rv, gl, bl, true, 0.1, 1e-5);
        Tensor[] g = Engine.grad(new Tensor[] {y.mul(weights).sum()}, null, new Tensor[] {xl, gl, bl}, false, false, false);
        return new double[][] {y.toDoubleArray(), rm.toDoubleArray(), rv.toDoubleArray(), g[0].toDoubleArray(),
            g[1].toDoubleArray(), g[2].toDoubleArray()};
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
        double[][] fast = run(x, gamma, beta, weights);
        double[][] reference;
        Norms.floatKernels = false;
        try {
            reference = run(x, gamma, beta, weights);
        } finally {
            Norms.floatKernels = true;
        }
        String[] what = {"y", "running mean", "running var", "grad x", "grad gamma", "grad beta"};
        for (int i = 0; i < fast.length; i++) {
            assertClose(reference[i], fast[i], 2e-5, what[i] + " " + java.util.Arrays.toString(shape));
        }
    }
}
