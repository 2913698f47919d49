package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradMode;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward values of the reductions and softmax against hand-computed and closed-form results. */
class ReductionValuesTest {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private static Tensor vec(double... v) {
        return Tensor.of(v);
    }

    private static Tensor grad(Tensor x, java.util.function.Function<Tensor, Tensor> f) {
        Tensor leaf = x.detach().clone().requiresGrad_(true);
        f.apply(leaf).backward();
        return leaf.grad();
    }

    // ---------------------------------------------------------------- softmax family

    static Stream<Arguments> softmaxCases() {
        return Cases.over("softmaxRows");
    }

    /** Rows sum to 1, values lie in (0, 1], exp(logSoftmax) = softmax, along any dim and layout. */
    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("softmaxCases")
    void softmaxLanesSumToOneAlongAnyDim(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shapeOfRank(1, false);
        Cases.Arg arg = c.arg(shape, Domain.NORMAL);
        Tensor x = arg.apply(arg.leaf());
        Tensor raw = c.tensor(shape, Domain.NORMAL).mul(30.0);
        for (Tensor in : new Tensor[] {x.mul(30.0), raw, raw.to(DType.FLOAT32)}) {
            int dim = c.dim(shape.length);
            Tensor s = in.softmax(dim);
            double tol = in.dtype() == DType.FLOAT32 ? 1e-6 : 1e-12;
            for (double v : s.sum(dim, false).toDoubleArray()) {
                assertEquals(1.0, v, tol);
            }
            for (double v : s.toDoubleArray()) {
                assertTrue(v >= 0 && v <= 1, "softmax value " + v);
            }
            assertArrayEquals(s.toDoubleArray(), in.logSoftmax(dim).exp().toDoubleArray(), tol * 10);
            // the general strided path and the contiguous fast path agree
            assertArrayEquals(in.contiguous().softmax(dim).toDoubleArray(),
                    in.transpose(0, -1).contiguous().transpose(0, -1).softmax(dim).toDoubleArray(), tol);
        }
    }

    @Test
    void softmaxOfKnownRow() {
        Tensor s = vec(1, 2, 3).softmax(0);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, s.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1.0}, Tensor.scalar(7.0).softmax(0).reshape(1).toDoubleArray());
    }

    @Test
    void softmaxIsStableForHugeInputsAndMasksMinusInfinity() {
        assertArrayEquals(new double[] {0.5, 0.5}, vec(1e308, 1e308).softmax(0).toDoubleArray());
        assertArrayEquals(new double[] {0.0, 1.0}, vec(-1e308, 1e308).softmax(0).toDoubleArray());
        assertArrayEquals(new double[] {0.5, 0.0, 0.5}, vec(3, NEG_INF, 3).softmax(0).toDoubleArray());
        Tensor f = Tensor.of(new float[] {1000f, 1000f, Float.NEGATIVE_INFINITY});
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, f.softmax(0).toFloatArray());
        assertArrayEquals(new double[] {-Math.log(2), NEG_INF, -Math.log(2)},
                vec(3, NEG_INF, 3).logSoftmax(0).toDoubleArray(), 1e-15);
        // a lane of -inf has no distribution: NaN, as in PyTorch
        assertTrue(Double.isNaN(vec(NEG_INF, NEG_INF).softmax(0).toDoubleArray()[0]));
    }

    @Test
    void logsumexpClosedForms() {
        assertEquals(1000 + Math.log(2), vec(1000, 1000).logsumexp(0, false).item(), 1e-12);
        assertEquals(-1000 + Math.log(3), vec(-1000, -1000, -1000).logsumexp(0, false).item(), 1e-12);
        assertEquals(Math.log(Math.exp(1) + Math.exp(2)), vec(1, 2).logsumexp(0, false).item(), 1e-15);
        assertEquals(NEG_INF, vec(NEG_INF, NEG_INF).logsumexp(0, false).item());
        assertEquals(Double.POSITIVE_INFINITY, vec(1, Double.POSITIVE_INFINITY).logsumexp(0, false).item());
        assertEquals(5.0, vec(5, NEG_INF).logsumexp(0, false).item());
        assertEquals(NEG_INF, Tensor.zeros(DType.FLOAT64, 0).logsumexp(0, false).item(), "empty sum of exp is 0");
        Tensor rows = Tensor.of(new double[][] {{0, 0}, {NEG_INF, NEG_INF}, {1000, 1000}});
        assertArrayEquals(new double[] {Math.log(2), NEG_INF, 1000 + Math.log(2)},
                rows.logsumexp(1, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {3, 1}, rows.logsumexp(1, true).shape());
        assertArrayEquals(new int[] {}, Tensor.scalar(2.0).logsumexp(0, false).shape());
    }

    @Test
    void logsumexpGradientIsTheSoftmaxAndIgnoresMinusInfinity() {
        Tensor g = grad(vec(1, 2, NEG_INF), x -> x.logsumexp(0, false));
        assertArrayEquals(vec(1, 2, NEG_INF).softmax(0).toDoubleArray(), g.toDoubleArray(), 1e-15);
    }

    // ---------------------------------------------------------------- prod

    @Test
    void prodValuesAndGradientWithZeros() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(720, m.prod().item());
        assertArrayEquals(new double[] {6, 120}, m.prod(1, false).toDoubleArray());
        assertArrayEquals(new double[] {4, 10, 18}, m.prod(0, false).toDoubleArray());
        assertEquals(1.0, Tensor.zeros(DType.FLOAT64, 0).prod().item(), "the empty product is 1");
        assertArrayEquals(new double[] {6, 3, 2}, grad(vec(1, 2, 3), Tensor::prod).toDoubleArray());
        assertArrayEquals(new double[] {6, 0, 0}, grad(vec(0, 2, 3), Tensor::prod).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0}, grad(vec(0, 2, 0), Tensor::prod).toDoubleArray());
        // the same under createGraph (tensor-operation backward)
        Tensor x = vec(0, 2, 3).requiresGrad_(true);
        Tensor[] g = Engine.grad(new Tensor[] {x.prod()}, null, new Tensor[] {x}, false, true, false);
        assertArrayEquals(new double[] {6, 0, 0}, g[0].toDoubleArray());
    }

    // ---------------------------------------------------------------- max / min / argmax / argmin

    @Test
    void maxAndMinValues() {
        Tensor m = Tensor.of(new double[][] {{1, 7, 3}, {9, 2, 9}});
        assertEquals(9, m.max().item());
        assertEquals(1, m.min().item());
        assertArrayEquals(new double[] {7, 9}, m.max(1, false).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, m.min(0, false).toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, m.max(-1, true).shape());
        assertArrayEquals(new double[] {9, 7, 9}, Reductions.max(m, new int[] {0}, false).toDoubleArray());
        assertEquals(4.0, Tensor.scalar(4.0).max().item());
    }

    @Test
    void fullMaxSharesGradientAmongTiesButDimMaxPicksTheFirst() {
        assertArrayEquals(new double[] {0, 0.5, 0.5}, grad(vec(1, 3, 3), Tensor::max).toDoubleArray());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, grad(vec(2, 2, 2), Tensor::min).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 0}, grad(vec(1, 3, 3), x -> x.max(0, false)).toDoubleArray());
        Tensor m = Tensor.of(new double[][] {{5, 5}, {1, 0}});
        assertArrayEquals(new double[] {1, 0, 1, 0}, grad(m, x -> x.max(1, false).sum()).toDoubleArray());
        // over several dims the ties share (as amax)
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0},
                grad(m, x -> Reductions.max(x, new int[] {0, 1}, false)).toDoubleArray());
    }

    @Test
    void argmaxAndArgminReturnFirstOccurrenceAsFloatingPoint() {
        Tensor m = Tensor.of(new double[][] {{1, 7, 7}, {9, 2, 9}});
        assertArrayEquals(new double[] {1, 0}, m.argmax(1, false).toDoubleArray());
        assertArrayEquals(new double[] {0, 1}, m.argmin(1, false).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 1}, m.argmax(0, false).toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, m.argmax(1, true).shape());
        assertEquals(DType.FLOAT32, Tensor.of(new float[] {1, 2}).argmax(0, false).dtype());
        assertEquals(0.0, Tensor.scalar(3.0).argmax(0, false).item());
        assertEquals(3.0, m.argmax().item(), "flat index of the first 9");
        assertEquals(0.0, m.argmin().item());
        // NaN is the extreme value for both, as in PyTorch
        assertEquals(1.0, vec(1, Double.NaN, 5).argmax(0, false).item());
        assertEquals(1.0, vec(1, Double.NaN, -5).argmin(0, false).item());
        assertTrue(Double.isNaN(vec(1, Double.NaN, 5).max().item()));
        Tensor x = vec(1, 2).requiresGrad_(true);
        assertTrue(!x.argmax(0, false).requiresGrad(), "indices carry no gradient");
    }

    @Test
    void extremaOfNothingNameTheOpAndShape() {
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, empty::max);
        assertTrue(e.getMessage().startsWith("max(): cannot reduce") && e.getMessage().contains("[0, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> empty.argmin(0, false));
        assertTrue(e.getMessage().contains("argmin") && e.getMessage().contains("dimension 0 of size 0"), e.getMessage());
        assertArrayEquals(new int[] {0}, empty.max(1, false).shape(), "reducing a non-empty dim of an empty tensor is fine");
    }

    // ---------------------------------------------------------------- var / std

    @Test
    void varianceAndStandardDeviationWithCorrection() {
        Tensor x = vec(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(4.0, x.var(null, 0, false).item(), 1e-15);
        assertEquals(32.0 / 7, x.var().item(), 1e-14);
        assertEquals(2.0, x.std(null, 0, false).item(), 1e-15);
        assertEquals(Math.sqrt(32.0 / 7), x.std().item(), 1e-14);
        assertEquals(32.0 / 6, x.var(null, 2, false).item(), 1e-14);
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {10, 10, 10}});
        assertArrayEquals(new double[] {1, 0}, m.var(new int[] {1}, 1, false).toDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {2, 1}, m.std(new int[] {-1}, 1, true).shape());
        // a large offset must not swamp the deviations (two-pass algorithm)
        assertEquals(1.0, vec(1e9 + 1, 1e9 + 2, 1e9 + 3).var().item(), 1e-6);
        // N - correction <= 0: the divisor is 0, as in PyTorch
        assertTrue(Double.isNaN(vec(3).var().item()));
        assertThrows(IllegalArgumentException.class, () -> x.var(null, -1, false));
    }

    @Test
    void stdGradientAtZeroVarianceIsZero() {
        Tensor g = grad(vec(3, 3, 3), Tensor::std);
        assertArrayEquals(new double[] {0, 0, 0}, g.toDoubleArray());
        Tensor x = vec(3, 3, 3).requiresGrad_(true);
        Tensor[] gg = Engine.grad(new Tensor[] {x.std()}, null, new Tensor[] {x}, true, true, false);
        assertArrayEquals(new double[] {0, 0, 0}, gg[0].toDoubleArray());
        Tensor[] h = Engine.grad(new Tensor[] {gg[0].sum()}, null, new Tensor[] {x}, false, false, true);
        for (double v : h[0] == null ? new double[0] : h[0].toDoubleArray()) {
            assertTrue(Double.isFinite(v), "second derivative of std at zero variance must be finite, got " + v);
        }
    }

    @Test
    void sumAndMeanOverDimsOfScalarsAndEmptyTensors() {
        assertEquals(3.0, Tensor.scalar(3.0).sum(0, false).item());
        assertEquals(3.0, Tensor.scalar(3.0).mean(-1, true).item());
        assertEquals(0.0, Tensor.zeros(DType.FLOAT64, 2, 0).sum().item());
        assertArrayEquals(new double[] {0, 0}, Tensor.zeros(DType.FLOAT64, 2, 0).sum(1, false).toDoubleArray());
        assertTrue(Double.isNaN(Tensor.zeros(DType.FLOAT64, 0).mean().item()));
    }

    @Test
    void reductionsUnderNoGradRecordNothing() {
        Tensor x = vec(1, 2, 3).requiresGrad_(true);
        try (var s = GradMode.noGrad()) {
            assertTrue(!x.softmax(0).requiresGrad());
            assertTrue(!x.prod().requiresGrad());
            assertTrue(!x.var().requiresGrad());
            assertTrue(!x.max(0, false).requiresGrad());
        }
    }
}
