package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.assertFloat32Agrees;
import static dev.descent.ops.NnTestSupport.assertGrad;
import static dev.descent.ops.NnTestSupport.assertGrad2;
import static dev.descent.ops.NnTestSupport.between;
import static dev.descent.ops.NnTestSupport.ints;
import static dev.descent.ops.NnTestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NnFunctionalGradTest {

    static LongStream seeds() {
        return LongStream.range(0, 16);
    }

    private static int[] randomShape(SplittableRandom r, int rank, int max) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = between(r, 1, max);
        }
        return s;
    }

    // ---------------------------------------------------------------- linear

    @ParameterizedTest
    @MethodSource("seeds")
    void linearIsXTimesWeightTransposedPlusBias(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = between(r, 1, 4);
        int out = between(r, 1, 4);
        int[] lead = randomShape(r, between(r, 0, 2), 3);
        int[] xs = Arrays.copyOf(lead, lead.length + 1);
        xs[lead.length] = in;
        Tensor x = uniform(r, xs);
        Tensor w = uniform(r, out, in);
        Tensor b = r.nextBoolean() ? uniform(r, out) : null;
        Tensor y = NnFunctional.linear(x, w, b);
        int[] ys = xs.clone();
        ys[lead.length] = out;
        assertArrayEquals(ys, y.shape());
        double[] xv = x.toDoubleArray();
        double[] wv = w.toDoubleArray();
        double[] expected = new double[y.numel()];
        for (int row = 0; row < expected.length / out; row++) {
            for (int j = 0; j < out; j++) {
                double s = b == null ? 0 : b.toDoubleArray()[j];
                for (int k = 0; k < in; k++) {
                    s += xv[row * in + k] * wv[j * in + k];
                }
                expected[row * out + j] = s;
            }
        }
        assertClose(expected, y.toDoubleArray(), 1e-12, "linear");
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        assertFloat32Agrees("linear", t -> NnFunctional.linear(t[0], t[1], t.length > 2 ? t[2] : null), inputs);
        assertGrad("linear", t -> NnFunctional.linear(t[0], t[1], t.length > 2 ? t[2] : null), inputs);
        assertGrad2("linear", t -> NnFunctional.linear(t[0], t[1], t.length > 2 ? t[2] : null).pow(2.0), inputs);
    }

    @Test
    void linearOfATransposedInput() {
        SplittableRandom r = new SplittableRandom(3);
        Tensor x = uniform(r, 3, 5).t(); // [5, 3], strided
        Tensor w = uniform(r, 2, 3);
        assertClose(x.contiguous().matmul(w.t()).toDoubleArray(), NnFunctional.linear(x, w, null).toDoubleArray(),
                1e-12, "strided");
    }

    @Test
    void linearFeatureMismatchSaysWhich() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.linear(Tensor.zeros(8, 5), Tensor.zeros(10, 4), null));
        assertEquals("linear: input [8, 5] has 5 features but weight [10, 4] expects 4 (weight is [out_features, "
                + "in_features])", e.getMessage());
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutIsIdentityInEvaluationOrWithPZero() {
        Tensor x = Tensor.ones(3, 4);
        assertSame(x, NnFunctional.dropout(x, 0.5, false, new Generator(1)));
        assertSame(x, NnFunctional.dropout(x, 0.0, true, new Generator(1)));
    }

    @Test
    void dropoutOfOneZeroesEverythingIncludingTheGradient() {
        Tensor x = Tensor.ones(DType.FLOAT64, 3, 4).requiresGrad_(true);
        Tensor y = NnFunctional.dropout(x, 1.0, true, new Generator(1));
        assertArrayEquals(new double[12], y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[12], x.grad().toDoubleArray());
    }

    @Test
    void dropoutScalesSurvivorsAndReusesTheMaskInBackward() {
        double p = 0.3;
        Tensor x = Tensor.ones(DType.FLOAT64, 100, 100).requiresGrad_(true);
        Tensor y = NnFunctional.dropout(x, p, true, new Generator(42));
        double[] v = y.toDoubleArray();
        int kept = 0;
        for (double e : v) {
            assertTrue(e == 0 || Math.abs(e - 1 / (1 - p)) < 1e-12, "value " + e);
            kept += e != 0 ? 1 : 0;
        }
        assertEquals(0.7, kept / 10000.0, 0.02);
        y.sum().backward();
        assertArrayEquals(v, x.grad().toDoubleArray());
        Tensor y32 = NnFunctional.dropout(Tensor.ones(100, 100), p, true, new Generator(42));
        assertClose(v, y32.toDoubleArray(), 1e-6, "same mask in float32");
        assertGrad("dropout", t -> NnFunctional.dropout(t[0], p, true, new Generator(7)),
                uniform(new SplittableRandom(1), 4, 5));
        assertThrows(IllegalArgumentException.class, () -> NnFunctional.dropout(x, 1.5, true, new Generator(1)));
    }

    // ---------------------------------------------------------------- embedding

    @ParameterizedTest
    @MethodSource("seeds")
    void embeddingGathersRowsAndScatterAddsGradients(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = between(r, 1, 5);
        int dim = between(r, 1, 4);
        int[] is = randomShape(r, between(r, 0, 2), 4);
        Tensor idx = ints(r, rows, is);
        Tensor w = uniform(r, rows, dim);
        Tensor y = NnFunctional.embedding(idx, w);
        int[] ys = Arrays.copyOf(is, is.length + 1);
        ys[is.length] = dim;
        assertArrayEquals(ys, y.shape());
        double[] iv = idx.toDoubleArray();
        double[] wv = w.toDoubleArray();
        double[] expected = new double[iv.length * dim];
        for (int i = 0; i < iv.length; i++) {
            System.arraycopy(wv, (int) iv[i] * dim, expected, i * dim, dim);
        }
        assertClose(expected, y.toDoubleArray(), 0, "embedding");
        assertGrad("embedding", t -> NnFunctional.embedding(idx, t[0]), w);
        assertGrad2("embedding", t -> NnFunctional.embedding(idx, t[0]).pow(3.0), w);
    }

    @Test
    void repeatedIndicesAccumulateAndBadIndicesAreNamed() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 3, 2).requiresGrad_(true);
        NnFunctional.embedding(Tensor.of(new double[] {2, 0, 2, 2}), w).sum().backward();
        assertArrayEquals(new double[] {1, 1, 0, 0, 3, 3}, w.grad().toDoubleArray());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> NnFunctional.embedding(Tensor.of(new double[] {1, 0, 3, 7, 1}, 5), Tensor.zeros(10, 4).narrow(0, 0, 3)));
        assertEquals("embedding: index 3 at position 2 of indices [5] is out of range for weight [3, 4] (valid: 0 to 2)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NnFunctional.embedding(Tensor.of(new double[] {0.5}), w));
    }

    // ---------------------------------------------------------------- normalization: direct loops

    /** Normalizes groups of elements given by {@code statOf(flat index)} and applies a per-channel affine map. */
    static double[] naiveNorm(double[] x, int stats, java.util.function.IntUnaryOperator statOf,
                              java.util.function.IntUnaryOperator channelOf, double[] gamma, double[] beta, double eps) {
        double[] sum = new double[stats];
        double[] cnt = new double[stats];
        for (int i = 0; i < x.length; i++) {
            sum[statOf.applyAsInt(i)] += x[i];
            cnt[statOf.applyAsInt(i)]++;
        }
        double[] sq = new double[stats];
        for (int i = 0; i < x.length; i++) {
            int s = statOf.applyAsInt(i);
            double d = x[i] - sum[s] / cnt[s];
            sq[s] += d * d;
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int s = statOf.applyAsInt(i);
            int c = channelOf.applyAsInt(i);
            double xh = (x[i] - sum[s] / cnt[s]) / Math.sqrt(sq[s] / cnt[s] + eps);
            out[i] = xh * (gamma == null ? 1 : gamma[c]) + (beta == null ? 0 : beta[c]);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void batchNormTrainingUsesBatchStatisticsAndUpdatesRunningOnes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rank = between(r, 2, 4);
        int[] shape = randomShape(r, rank, 3);
        shape[1] = between(r, 1, 4);
        if (shape[0] == 1 && (rank == 2 || shape[rank - 1] == 1)) {
            shape[0] = 2; // need more than one value per channel
        }
        int n = shape[0];
        int c = shape[1];
        int s = 1;
        for (int d = 2; d < rank; d++) {
            s *= shape[d];
        }
        int spatial = s;
        Tensor x = uniform(r, shape).mul(2.0).add(0.5);
        Tensor gamma = r.nextBoolean() ? uniform(r, c).add(1.5) : null;
        Tensor beta = r.nextBoolean() ? uniform(r, c) : null;
        double momentum = r.nextBoolean() ? 0.1 : 0.3;
        Tensor rm = uniform(r, c);
        Tensor rv = uniform(r, c).add(2.0);
        double[] rm0 = rm.toDoubleArray();
        double[] rv0 = rv.toDoubleArray();
        Tensor y = NnFunctional.batchNorm(x, rm, rv, gamma, beta, true, momentum, 1e-5);
        double[] xv = x.toDoubleArray();
        double[] expected = naiveNorm(xv, c, i -> (i / spatial) % c, i -> (i / spatial) % c,
                gamma == null ? null : gamma.toDoubleArray(), beta == null ? null : beta.toDoubleArray(), 1e-5);
        assertClose(expected, y.toDoubleArray(), 1e-10, "batchNorm training");
        // running stats: (1 − m)·old + m·batch, with the unbiased batch variance
        double m = n * spatial;
        for (int ch = 0; ch < c; ch++) {
            double mean = 0;
            for (int i = 0; i < xv.length; i++) {
                mean += (i / spatial) % c == ch ? xv[i] / m : 0;
            }
            double ss = 0;
            for (int i = 0; i < xv.length; i++) {
                ss += (i / spatial) % c == ch ? (xv[i] - mean) * (xv[i] - mean) : 0;
            }
            assertEquals((1 - momentum) * rm0[ch] + momentum * mean, rm.toDoubleArray()[ch], 1e-12, "running mean");
            assertEquals((1 - momentum) * rv0[ch] + momentum * ss / (m - 1), rv.toDoubleArray()[ch], 1e-12, "running var");
        }
        Tensor[] inputs = gamma == null || beta == null ? new Tensor[] {x} : new Tensor[] {x, gamma, beta};
        java.util.function.Function<Tensor[], Tensor> f = t -> NnFunctional.batchNorm(t[0], null, null,
                t.length > 1 ? t[1] : gamma, t.length > 1 ? t[2] : beta, true, 0.1, 1e-5);
        assertFloat32Agrees("batchNorm", t -> NnFunctional.batchNorm(t[0], null, null,
                t.length > 1 ? t[1] : null, t.length > 1 ? t[2] : null, true, 0.1, 1e-5), inputs);
        assertGrad("batchNorm", f, inputs);
        assertGrad2("batchNorm", f, inputs);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void batchNormEvaluationIsAnAffineMapOfRunningStatistics(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int c = between(r, 1, 4);
        Tensor x = uniform(r, 2, c, between(r, 1, 3), between(r, 1, 3));
        Tensor gamma = uniform(r, c);
        Tensor beta = uniform(r, c);
        Tensor rm = uniform(r, c);
        Tensor rv = uniform(r, c).add(1.5);
        double[] xv = x.toDoubleArray();
        int spatial = x.size(2) * x.size(3);
        double[] expected = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            int ch = (i / spatial) % c;
            expected[i] = (xv[i] - rm.toDoubleArray()[ch]) / Math.sqrt(rv.toDoubleArray()[ch] + 1e-5)
                    * gamma.toDoubleArray()[ch] + beta.toDoubleArray()[ch];
        }
        assertClose(expected, NnFunctional.batchNorm(x, rm, rv, gamma, beta, false).toDoubleArray(), 1e-12, "eval");
        assertArrayEquals(rm.toDoubleArray(), rm.toDoubleArray(), "evaluation leaves running stats alone");
        assertGrad("batchNorm eval", t -> NnFunctional.batchNorm(t[0], rm, rv, t[1], t[2], false), x, gamma, beta);
    }

    @Test
    void batchNormRejectsOneValuePerChannelAndMissingRunningStats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.batchNorm(Tensor.zeros(1, 4), null, null, null, null, true));
        assertEquals("batchNorm: expected more than 1 value per channel when training, got input [1, 4]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.batchNorm(Tensor.zeros(2, 4), null, null, null, null, false));
        assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.batchNorm(Tensor.zeros(2, 4), null, null, Tensor.ones(3), null, true));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void layerNormNormalizesEachSampleOverTheTrailingDims(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rank = between(r, 1, 3);
        int[] shape = randomShape(r, rank, 4);
        int k = between(r, 1, rank);
        int[] norm = Arrays.copyOfRange(shape, rank - k, rank);
        int inner = Arrays.stream(norm).reduce(1, (a, b) -> a * b);
        Tensor x = uniform(r, shape).mul(3.0);
        Tensor gamma = r.nextBoolean() ? uniform(r, norm) : null;
        Tensor beta = r.nextBoolean() ? uniform(r, norm) : null;
        double[] expected = naiveNorm(x.toDoubleArray(), x.numel() / inner, i -> i / inner, i -> i % inner,
                gamma == null ? null : gamma.toDoubleArray(), beta == null ? null : beta.toDoubleArray(), 1e-5);
        assertClose(expected, NnFunctional.layerNorm(x, norm, gamma, beta).toDoubleArray(), 1e-10, "layerNorm");
        Tensor g = gamma == null ? uniform(r, norm) : gamma;
        Tensor b = beta == null ? uniform(r, norm) : beta;
        java.util.function.Function<Tensor[], Tensor> f = t -> NnFunctional.layerNorm(t[0], norm, t[1], t[2]);
        assertFloat32Agrees("layerNorm", f, x, g, b);
        assertGrad("layerNorm", f, x, g, b);
        assertGrad2("layerNorm", f, x, g, b);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void groupNormNormalizesEachGroupOfChannels(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = between(r, 1, 2);
        int c = groups * between(r, 1, 2);
        int[] shape = Arrays.copyOf(new int[] {between(r, 1, 3), c}, 2 + between(r, 0, 2));
        for (int d = 2; d < shape.length; d++) {
            shape[d] = between(r, 1, 3);
        }
        int spatial = Arrays.stream(shape).skip(2).reduce(1, (a, b) -> a * b);
        int perGroup = c / groups * spatial;
        if (perGroup == 1) {
            return; // a single element per group normalizes to 0 with an ill-conditioned derivative
        }
        Tensor x = uniform(r, shape).mul(2.0);
        Tensor gamma = uniform(r, c).add(1.0);
        Tensor beta = uniform(r, c);
        double[] expected = naiveNorm(x.toDoubleArray(), shape[0] * groups, i -> i / perGroup, i -> (i / spatial) % c,
                gamma.toDoubleArray(), beta.toDoubleArray(), 1e-5);
        java.util.function.Function<Tensor[], Tensor> f = t -> NnFunctional.groupNorm(t[0], groups, t[1], t[2]);
        assertClose(expected, f.apply(new Tensor[] {x, gamma, beta}).toDoubleArray(), 1e-10, "groupNorm");
        assertFloat32Agrees("groupNorm", f, x, gamma, beta);
        assertGrad("groupNorm", f, x, gamma, beta);
        assertGrad2("groupNorm", f, x, gamma, beta);
    }

    @Test
    void groupNormWithOneGroupIsLayerNormOverChannelsAndPositions() {
        Tensor x = uniform(new SplittableRandom(5), 2, 3, 4);
        assertClose(NnFunctional.layerNorm(x, new int[] {3, 4}, null, null).toDoubleArray(),
                NnFunctional.groupNorm(x, 1, null, null).toDoubleArray(), 1e-12, "one group");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.groupNorm(Tensor.zeros(2, 6, 4), 4, null, null));
        assertEquals("groupNorm: channels 6 of input [2, 6, 4] are not divisible by groups 4", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NnFunctional.layerNorm(Tensor.zeros(3, 4), new int[] {5}, null, null));
    }
}
