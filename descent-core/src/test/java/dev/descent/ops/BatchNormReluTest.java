package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.assertGrad;
import static dev.descent.ops.NnTestSupport.assertGrad2;
import static dev.descent.ops.NnTestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.autograd.Engine;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused {@link NnFunctional#batchNormRelu} against {@code batchNorm(...).relu()}, and the residual
 * tail {@link NnFunctional#batchNormAddRelu} against {@code batchNorm(...).add(residual).relu()}, the ops
 * they replace: output, running statistics and the gradients of x, γ, β (and the residual), in float32
 * (the fused kernel path) and float64, training and evaluation; plus finite differences to second order.
 */
class BatchNormReluTest {

    static LongStream seeds() {
        return LongStream.range(0, 12);
    }

    /**
     * Output, running mean and variance after the step, then the gradients of x, γ, β (and the residual
     * when given) of sum(y · r): of the fused op ({@code fused}), or of batch norm alone, followed by the
     * residual's add and a ReLU when {@code relu}.
     */
    static double[][] run(boolean fused, boolean relu, boolean training, Tensor x, Tensor res, Tensor gamma, Tensor beta,
                          Tensor r) {
        Tensor xl = x.detach().requiresGrad_(true);
        Tensor gl = gamma.detach().requiresGrad_(true);
        Tensor bl = beta.detach().requiresGrad_(true);
        Tensor rl = res == null ? null : res.detach().requiresGrad_(true);
        int c = x.size(1);
        Tensor rm = Tensor.full(x.dtype(), 0.25, c);
        Tensor rv = Tensor.full(x.dtype(), 1.5, c);
        Tensor y;
        if (fused) {
            y = res == null ? NnFunctional.batchNormRelu(xl, rm, rv, gl, bl, training, 0.1, 1e-5)
                    : NnFunctional.batchNormAddRelu(xl, rl, rm, rv, gl, bl, training, 0.1, 1e-5);
        } else {
            y = NnFunctional.batchNorm(xl, rm, rv, gl, bl, training, 0.1, 1e-5);
            y = res == null ? y : y.add(rl);
        }
        y = relu ? y.relu() : y;
        Tensor[] wrt = res == null ? new Tensor[] {xl, gl, bl} : new Tensor[] {xl, gl, bl, rl};
        Tensor[] g = Engine.grad(new Tensor[] {y.mul(r).sum()}, null, wrt, false, false, false);
        double[][] out = new double[3 + g.length][];
        out[0] = y.toDoubleArray();
        out[1] = rm.toDoubleArray();
        out[2] = rv.toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            out[3 + i] = g[i].toDoubleArray();
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fusedMatchesBatchNormThenRelu(long seed) {
        fusedMatchesSeparateOps(seed, false);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fusedTailMatchesBatchNormAddThenRelu(long seed) {
        fusedMatchesSeparateOps(seed, true);
    }

    private static void fusedMatchesSeparateOps(long seed, boolean tail) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(5);
        int c = 1 + r.nextInt(7);
        int[] shape = seed % 4 == 0 ? new int[] {n + 1, c} : new int[] {n, c, 1 + r.nextInt(9), 1 + r.nextInt(9)};
        DType dt = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        boolean training = seed % 3 != 2;
        Tensor x = uniform(r, shape).mul(3).add(0.5).to(dt);
        Tensor gamma = uniform(r, c).to(dt);
        Tensor beta = uniform(r, c).to(dt);
        Tensor weights = uniform(r, shape).to(dt);
        Tensor res = tail ? uniform(r, shape).to(dt) : null;
        double[][] fused = run(true, false, training, x, res, gamma, beta, weights);
        double[][] separate = run(false, true, training, x, res, gamma, beta, weights);
        double tol = dt == DType.FLOAT32 ? 2e-5 : 1e-12;
        String[] what = {"y", "running mean", "running var", "grad x", "grad gamma", "grad beta", "grad residual"};
        for (int i = 0; i < fused.length; i++) {
            assertClose(separate[i], fused[i], tol, what[i] + " " + dt + " training " + training + " " + Arrays.toString(shape));
        }
        long zeros = Arrays.stream(fused[0]).filter(v -> v == 0).count();
        assertEquals(true, zeros > 0 && zeros < fused[0].length, "the ReLU must cut some values and keep others");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void gradientsMatchFiniteDifferencesToSecondOrder(long seed) {
        SplittableRandom r = new SplittableRandom(seed + 100);
        int c = 1 + r.nextInt(3);
        int[] shape = {2 + r.nextInt(2), c, 1 + r.nextInt(3), 2};
        Tensor x = uniform(r, shape).mul(2).add(0.3);
        Tensor gamma = uniform(r, c).add(1.5);
        Tensor beta = uniform(r, c).mul(0.5);
        Tensor res = uniform(r, shape);
        Function<Tensor[], Tensor> f = t -> NnFunctional.batchNormRelu(t[0], null, null, t[1], t[2], true, 0.1, 1e-5);
        Tensor[] inputs = {x, gamma, beta};
        assertGrad("batchNormRelu", f, inputs);
        assertGrad2("batchNormRelu", f, inputs);
        Function<Tensor[], Tensor> tail = t -> NnFunctional.batchNormAddRelu(t[0], t[3], null, null, t[1], t[2], true,
                0.1, 1e-5);
        Tensor[] tailInputs = {x, gamma, beta, res};
        assertGrad("batchNormAddRelu", tail, tailInputs);
        assertGrad2("batchNormAddRelu", tail, tailInputs);
    }

    @Test
    void residualOfAnotherShapeIsRejected() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.batchNormAddRelu(x, Tensor.zeros(2, 3, 2, 2), null, null, null, null, true, 0.1, 1e-5));
        assertEquals("batchNormAddRelu: the residual [2, 3, 2, 2] must have the shape of the input [2, 3, 4, 4]",
                e.getMessage());
    }
}
