package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.descent.nn.NnTesting.assertGradients;
import static dev.descent.nn.NnTesting.assertGradientsMulti;
import static dev.descent.nn.NnTesting.gen;
import static dev.descent.nn.NnTesting.ints;
import static dev.descent.nn.NnTesting.uniform;

import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference gradient checks (float64) through every layer type, with respect to the input
 * and every parameter, on small random shapes and settings drawn from a seeded generator.
 */
class LayerGradTest {
    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    private static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void linearOnBatchedSequences(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = between(r, 1, 4);
        int out = between(r, 1, 4);
        Linear l = new Linear(in, out, r.nextBoolean(), F64, gen(seed));
        assertGradients("Linear", l, uniform(r, 2, between(r, 1, 3), in));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void conv2dWithStridePaddingDilationGroups(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = between(r, 1, 2);
        int in = groups * between(r, 1, 2);
        int out = groups * between(r, 1, 2);
        int k = between(r, 1, 3);
        int stride = between(r, 1, 2);
        int pad = between(r, 0, k / 2);
        int dil = between(r, 1, 2);
        Conv2d c = new Conv2d(in, out, k, stride, pad, dil, groups, r.nextBoolean(), F64, gen(seed));
        int size = dil * (k - 1) + between(r, 1, 3);
        assertGradients(c.toString(), c, uniform(r, 2, in, size, size + 1));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void conv1d(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = between(r, 1, 2);
        Conv1d c = new Conv1d(2 * groups, groups * between(r, 1, 2), between(r, 1, 3), between(r, 1, 2),
                between(r, 0, 1), between(r, 1, 2), groups, r.nextBoolean(), F64, gen(seed));
        assertGradients(c.toString(), c, uniform(r, 2, 2 * groups, 7));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pooling(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = uniform(r, 2, 2, 5, 6);
        assertGradients("MaxPool2d", new MaxPool2d(2, between(r, 1, 2), between(r, 0, 1)), x);
        assertGradients("AvgPool2d", new AvgPool2d(3, between(r, 1, 2), 1, r.nextBoolean()), x);
        assertGradients("AdaptiveAvgPool2d", new AdaptiveAvgPool2d(between(r, 1, 3), between(r, 1, 4)), x);
        assertGradients("Flatten", new Flatten(), x);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void batchNormInTrainingAndEvaluation(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int c = between(r, 1, 3);
        BatchNorm1d bn1 = new BatchNorm1d(c, F64);
        randomizeAffine(bn1, r);
        assertGradients("BatchNorm1d [N, C]", bn1, uniform(r, 4, c));
        assertGradients("BatchNorm1d [N, C, L]", bn1, uniform(r, 3, c, 2));
        BatchNorm2d bn2 = new BatchNorm2d(c, F64);
        randomizeAffine(bn2, r);
        assertGradients("BatchNorm2d train", bn2, uniform(r, 2, c, 2, 3));
        bn2.eval();
        assertGradients("BatchNorm2d eval", bn2, uniform(r, 2, c, 2, 3));
    }

    private static void randomizeAffine(Module m, SplittableRandom r) {
        for (Tensor p : m.parameters()) {
            try (var s = dev.descent.autograd.GradMode.noGrad()) {
                p.copy_(uniform(r, p.shape()));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void layerNormAndGroupNorm(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LayerNorm ln = new LayerNorm(new int[] {3, 2}, 1e-5, true, r.nextBoolean(), F64);
        randomizeAffine(ln, r);
        assertGradients("LayerNorm", ln, uniform(r, 2, 3, 2));
        GroupNorm gn = new GroupNorm(2, 4, 1e-5, true, F64);
        randomizeAffine(gn, r);
        assertGradients("GroupNorm", gn, uniform(r, 2, 4, 3));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void embeddingWithAndWithoutPadding(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor idx = ints(r, 5, 2, 3);
        Embedding e = new Embedding(5, 3, null, F64, gen(seed));
        assertGradientsMulti("Embedding", e, new Tensor[0], xs -> e.forward(idx));
        // With a padding index the forward is the same, and the padding row's gradient is zero (by design).
        Embedding p = new Embedding(5, 3, 1, F64, gen(seed));
        e.loadStateDict(p.stateDict(), true);
        idx.set(1, 0, 0);
        Tensor w = Tensor.rand(gen(9), F64, 2, 3, 3);
        p.forward(idx).mul(w).sum().backward();
        e.forward(idx).mul(w).sum().backward();
        assertEquals(0.0, p.weight().grad().select(0, 1).abs().sum().item());
        assertEquals(e.forward(idx).sum().item(), p.forward(idx).sum().item(), 0.0);
        for (int row : new int[] {0, 2, 3, 4}) {
            assertArrayEquals(e.weight().grad().select(0, row).toDoubleArray(),
                    p.weight().grad().select(0, row).toDoubleArray(), 0.0);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void recurrentLayersThroughTimeAndLayers(long seed) {
        for (boolean bidirectional : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(seed);
            int in = between(r, 1, 3);
            int h = between(r, 1, 3);
            int t = between(r, 1, 4);
            int b = between(r, 1, 2);
            boolean bf = r.nextBoolean();
            boolean bias = r.nextBoolean();
            Tensor x = bf ? uniform(r, b, t, in) : uniform(r, t, b, in);
            int states = bidirectional ? 4 : 2; // two layers, one state per direction
            Tensor h0 = uniform(r, states, b, h);
            Tensor c0 = uniform(r, states, b, h);
            for (String act : new String[] {"tanh", "relu"}) {
                Rnn rnn = new Rnn(in, h, 2, act, bias, bf, 0.0, bidirectional, F64, gen(seed));
                assertGradientsMulti(rnn.toString(), rnn, new Tensor[] {x, h0}, xs -> {
                    RnnOutput o = rnn.forward(xs[0], xs[1]);
                    return o.output().sum().add(o.hN().mul(2).sum());
                });
            }
            Lstm lstm = new Lstm(in, h, 2, bias, bf, 0.0, bidirectional, F64, gen(seed));
            assertGradientsMulti(lstm.toString(), lstm, new Tensor[] {x, h0, c0}, xs -> {
                LstmOutput o = lstm.forward(xs[0], new LstmState(xs[1], xs[2]));
                return Tensor.cat(java.util.List.of(o.output().flatten(), o.hN().flatten(), o.cN().mul(3).flatten()), 0);
            });
            Gru gru = new Gru(in, h, 2, bias, bf, 0.0, bidirectional, F64, gen(seed));
            assertGradientsMulti(gru.toString(), gru, new Tensor[] {x, h0}, xs -> {
                RnnOutput o = gru.forward(xs[0], xs[1]);
                return Tensor.cat(java.util.List.of(o.output().flatten(), o.hN().flatten()), 0);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void multiheadAttentionSelfAndCrossWithMasks(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int heads = between(r, 1, 2);
        int e = 2 * heads;
        boolean bf = r.nextBoolean();
        MultiheadAttention mha = new MultiheadAttention(e, heads, 0.0, r.nextBoolean(), bf, F64, gen(seed));
        randomizeAffine(mha, r); // zero biases would hide their gradients' errors
        int b = 2;
        int l = between(r, 1, 3);
        int s = between(r, 2, 3);
        Tensor x = bf ? uniform(r, b, l, e) : uniform(r, l, b, e);
        AttentionMask causal = AttentionMask.causal(l);
        assertGradientsMulti("self-attention", mha, new Tensor[] {x}, xs -> {
            AttentionOutput o = mha.forward(xs[0], xs[0], xs[0], causal, null, true);
            return Tensor.cat(java.util.List.of(o.output().flatten(), o.weights().flatten()), 0);
        });
        Tensor kv = bf ? uniform(r, b, s, e) : uniform(r, s, b, e);
        Tensor pad = Tensor.zeros(F64, b, s);
        pad.set(1, 0, s - 1); // the last key of the first sequence is padding
        AttentionMask padding = AttentionMask.ofBoolean(pad);
        AttentionMask additive = AttentionMask.ofAdditive(uniform(r, l, s));
        assertGradientsMulti("cross-attention", mha, new Tensor[] {x, kv, kv.mul(-1)},
                xs -> mha.forward(xs[0], xs[1], xs[2], additive, padding, false).output());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void transformerEncoderLayerPreAndPostNorm(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0.0, r.nextBoolean() ? "relu" : "gelu",
                    1e-5, true, normFirst, F64, gen(seed));
            randomizeAffine(layer, r);
            assertGradients(layer.toString(), layer, uniform(r, 2, 3, 4));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void residualWithProjectionAndPlainTwin(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Generator g = gen(seed);
        for (boolean skip : new boolean[] {true, false}) {
            Residual res = Residual.conv(new Sequential(new Conv2d(2, 3, 3, 2, 1, 1, 1, false, F64, g),
                    new BatchNorm2d(3, F64), Activation.tanh()), 2, 3, 2, skip, F64, g);
            assertGradients(res.toString(), res, uniform(r, 2, 2, 4, 4));
        }
        Residual lin = Residual.linear(new Linear(3, 2, true, F64, g), 3, 2, true, F64, g);
        assertGradients("Residual.linear", lin, uniform(r, 4, 3));
    }

    @org.junit.jupiter.api.Test
    void secondOrderThroughAttentionNormsAndConvBlocks() {
        SplittableRandom r = new SplittableRandom(21);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0.0, "gelu", 1e-5, true, true, F64, gen(3));
        randomizeAffine(layer, r);
        NnTesting.assertSecondOrder(layer.toString(), layer, uniform(r, 2, 3, 4));
        Sequential block = new Sequential(new Conv2d(2, 3, 3, 1, 1, 1, 1, true, F64, gen(4)), new BatchNorm2d(3, F64),
                Activation.tanh(), new MaxPool2d(2), new Flatten(), new Linear(12, 2, true, F64, gen(5)));
        NnTesting.assertSecondOrder("conv block", block, uniform(r, 2, 2, 4, 4));
        Gru gru = new Gru(2, 3, 2, true, true, 0.0, F64, gen(6));
        NnTesting.assertSecondOrder("Gru", gru, uniform(r, 2, 3, 2));
    }
}
