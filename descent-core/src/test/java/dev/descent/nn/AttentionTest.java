package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static dev.descent.nn.NnTesting.assertClose;
import static dev.descent.nn.NnTesting.gen;
import static dev.descent.nn.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ops.NnFunctional;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MultiheadAttention against a per-head computation written out here, masks, dropout, and the encoder layer's composition. */
class AttentionTest {
    private static MultiheadAttention mha(int e, int heads, boolean batchFirst, long seed) {
        MultiheadAttention m = new MultiheadAttention(e, heads, 0.0, true, batchFirst, F64, gen(seed));
        SplittableRandom r = new SplittableRandom(seed);
        try (var s = dev.descent.autograd.GradMode.noGrad()) {
            m.namedParameters().get("in_proj_bias").copy_(uniform(r, 3 * e)); // non-zero biases, to be seen
            m.namedParameters().get("out_proj.bias").copy_(uniform(r, e));
        }
        return m;
    }

    /** Batch-first attention, one head at a time, from the packed weights. Returns {output, per-head weights}. */
    private static Tensor[] manual(MultiheadAttention m, Tensor q, Tensor k, Tensor v, Tensor additiveMask) {
        int e = m.embedDim();
        int heads = m.numHeads();
        int d = e / heads;
        Tensor w = m.namedParameters().get("in_proj_weight");
        Tensor b = m.namedParameters().get("in_proj_bias");
        Tensor qp = NnFunctional.linear(q, w.narrow(0, 0, e), b.narrow(0, 0, e));
        Tensor kp = NnFunctional.linear(k, w.narrow(0, e, e), b.narrow(0, e, e));
        Tensor vp = NnFunctional.linear(v, w.narrow(0, 2 * e, e), b.narrow(0, 2 * e, e));
        List<Tensor> outs = new ArrayList<>();
        List<Tensor> weights = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            Tensor qh = qp.narrow(2, h * d, d);
            Tensor kh = kp.narrow(2, h * d, d);
            Tensor vh = vp.narrow(2, h * d, d);
            Tensor scores = qh.matmul(kh.transpose(1, 2)).div(Math.sqrt(d));
            if (additiveMask != null) {
                scores = scores.add(additiveMask);
            }
            Tensor a = scores.softmax(-1);
            weights.add(a);
            outs.add(a.matmul(vh));
        }
        Tensor concat = Tensor.cat(outs, 2);
        Tensor out = NnFunctional.linear(concat, m.namedParameters().get("out_proj.weight"),
                m.namedParameters().get("out_proj.bias"));
        return new Tensor[] {out, Tensor.stack(weights, 1)};
    }

    @Test
    void selfAndCrossAttentionMatchPerHeadComputation() {
        SplittableRandom r = new SplittableRandom(1);
        MultiheadAttention m = mha(6, 3, true, 1);
        Tensor x = uniform(r, 2, 4, 6);
        AttentionOutput self = m.forward(x, x, x, null, null, true, false);
        Tensor[] ref = manual(m, x, x, x, null);
        assertClose(ref[0], self.output(), 1e-12, "self-attention output");
        assertClose(ref[1], self.weights(), 1e-12, "per-head weights");
        assertClose(ref[1].mean(1, false), m.forward(x, x, x, null, null, true).weights(), 1e-12, "averaged weights");
        // distinct tensors take the three-GEMM path: same result
        assertClose(self.output(), m.forward(x, x.clone(), x.clone(), null, null, false).output(), 1e-12, "cross path");
        Tensor kv = uniform(r, 2, 5, 6);
        Tensor v = uniform(r, 2, 5, 6);
        assertClose(manual(m, x, kv, v, null)[0], m.forward(x, kv, v, null, null, false).output(), 1e-12, "cross-attention");
        assertClose(ref[0], m.forward(x), 1e-12, "forward(Tensor)");
    }

    @Test
    void sequenceFirstLayoutAndUnbatchedInput() {
        SplittableRandom r = new SplittableRandom(2);
        MultiheadAttention bf = mha(4, 2, true, 3);
        MultiheadAttention sf = mha(4, 2, false, 3);
        Tensor x = uniform(r, 2, 3, 4);
        assertClose(bf.forward(x).transpose(0, 1), sf.forward(x.transpose(0, 1)), 1e-12, "[L, B, E] layout");
        AttentionOutput one = bf.forward(x.select(0, 1), x.select(0, 1), x.select(0, 1), null, null, true);
        assertClose(bf.forward(x).select(0, 1), one.output(), 1e-12, "unbatched");
        assertArrayEquals(new int[] {3, 3}, one.weights().shape());
    }

    @Test
    void maskedKeysGetZeroWeight() {
        SplittableRandom r = new SplittableRandom(4);
        MultiheadAttention m = mha(4, 2, true, 5);
        Tensor x = uniform(r, 2, 4, 4);
        // causal: query i sees keys 0..i only
        Tensor causal = m.forward(x, x, x, AttentionMask.causal(4), null, true, false).weights();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double w = causal.get(1, 1, i, j);
                assertTrue(j > i ? w == 0 : w > 0, "causal weight [" + i + ", " + j + "] = " + w);
            }
        }
        assertClose(Tensor.ones(F64, 2, 2, 4), causal.sum(-1, false), 1e-12, "rows sum to one");
        // key padding: the last two keys of sequence 0 and the first key of sequence 1
        Tensor pad = Tensor.zeros(F64, 2, 4);
        pad.set(1, 0, 2);
        pad.set(1, 0, 3);
        pad.set(1, 1, 0);
        Tensor w = m.forward(x, x, x, null, AttentionMask.ofBoolean(pad), true).weights();
        for (int i = 0; i < 4; i++) {
            assertEquals(0.0, w.get(0, i, 2));
            assertEquals(0.0, w.get(0, i, 3));
            assertEquals(0.0, w.get(1, i, 0));
        }
        // the output equals attention over the unpadded keys only
        Tensor short0 = x.select(0, 0).narrow(0, 0, 2).unsqueeze(0);
        Tensor expected = manual(m, x.select(0, 0).unsqueeze(0), short0, short0, null)[0];
        Tensor got = m.forward(x, x, x, null, AttentionMask.ofBoolean(pad), false).output().select(0, 0).unsqueeze(0);
        assertClose(expected, got, 1e-12, "padding = shorter sequence");
        // an additive −∞ is the same as a boolean 1; a finite additive mask shifts the scores
        Tensor blocked = AttentionMask.causal(4).additive(F64);
        assertClose(causal, m.forward(x, x, x, AttentionMask.ofAdditive(blocked), null, true, false).weights(), 0,
                "additive −∞ = boolean");
        Tensor bias = uniform(r, 4, 4);
        assertClose(manual(m, x, x, x, bias)[1], m.forward(x, x, x, AttentionMask.ofAdditive(bias), null, true, false)
                .weights(), 1e-12, "additive float mask");
        // a per-(batch, head) mask [B·heads, L, S]
        Tensor perHead = Tensor.zeros(F64, 4, 4, 4);
        perHead.set(1, 3, 0, 1); // batch 1, head 1: query 0 may not see key 1
        Tensor wh = m.forward(x, x, x, AttentionMask.ofBoolean(perHead), null, true, false).weights();
        assertEquals(0.0, wh.get(1, 1, 0, 1));
        assertTrue(wh.get(1, 0, 0, 1) > 0);
    }

    @Test
    void dropoutOnWeightsOnlyInTraining() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0.5, true, true, F64, gen(0));
        Tensor x = uniform(new SplittableRandom(0), 2, 6, 4);
        Tensor w = m.forward(x, x, x, null, null, true, false).weights();
        boolean someZero = false;
        for (double v : w.toDoubleArray()) {
            someZero |= v == 0;
        }
        assertTrue(someZero, "dropped weights in training");
        m.eval();
        assertClose(Tensor.ones(F64, 2, 2, 6), m.forward(x, x, x, null, null, true, false).weights().sum(-1, false), 1e-12,
                "no dropout in evaluation");
    }

    @Test
    void initialisationAndNamesFollowPyTorch() {
        int e = 64;
        MultiheadAttention m = new MultiheadAttention(e, 4, 0.0, true, true, F64, gen(0));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(m.namedParameters().keySet()));
        Tensor w = m.namedParameters().get("in_proj_weight");
        assertArrayEquals(new int[] {3 * e, e}, w.shape());
        double bound = Math.sqrt(6.0 / (e + 3 * e)); // xavier_uniform on [3E, E]
        NnTesting.assertUniform(w, bound, "in_proj_weight");
        NnTesting.assertUniform(m.namedParameters().get("out_proj.weight"), 1 / Math.sqrt(e), "out_proj.weight");
        assertEquals(0.0, m.namedParameters().get("in_proj_bias").abs().sum().item());
        assertEquals(0.0, m.namedParameters().get("out_proj.bias").abs().sum().item());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        Tensor x = Tensor.zeros(F64, 2, 3, e);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, AttentionMask.causal(5), null, false));
        assertTrue(ex.getMessage().contains("[3, 3]"), ex.getMessage());
    }

    @Test
    void encoderLayerComposesAsPyTorch() {
        SplittableRandom r = new SplittableRandom(7);
        Tensor x = uniform(r, 2, 3, 8);
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.1, "gelu", 1e-5, true, normFirst, F64,
                    gen(1));
            layer.eval(); // dropout off
            Module sa = layer.children().get("self_attn");
            Module l1 = layer.children().get("linear1");
            Module l2 = layer.children().get("linear2");
            Module n1 = layer.children().get("norm1");
            Module n2 = layer.children().get("norm2");
            java.util.function.UnaryOperator<Tensor> ff = t -> l2.forward(l1.forward(t).gelu());
            Tensor expected;
            if (normFirst) {
                Tensor h = x.add(sa.forward(n1.forward(x)));
                expected = h.add(ff.apply(n2.forward(h)));
            } else {
                Tensor h = n1.forward(x.add(sa.forward(x)));
                expected = n2.forward(h.add(ff.apply(h)));
            }
            assertClose(expected, layer.forward(x), 1e-12, "norm_first=" + normFirst);
            layer.train();
            assertTrue(layer.forward(x).sub(expected).abs().max().item() > 0, "dropout in training");
        }
        TransformerEncoderLayer big = new TransformerEncoderLayer(512, 8);
        assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"), List.copyOf(big.namedParameters().keySet()));
        assertEquals(3_152_384, big.parameterCount()); // torch.nn.TransformerEncoderLayer(512, 8)
        assertArrayEquals(new int[] {2048, 512}, big.namedParameters().get("linear1.weight").shape());
    }

    @Test
    void encoderLayerKeyPaddingMaskIgnoresPaddedPositions() {
        SplittableRandom r = new SplittableRandom(8);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 8, 0.0, "relu", 1e-5, true, false, F64, gen(2));
        Tensor x = uniform(r, 1, 4, 4);
        Tensor pad = Tensor.zeros(F64, 1, 4);
        pad.set(1, 0, 3);
        Tensor masked = layer.forward(x, null, AttentionMask.ofBoolean(pad));
        Tensor shorter = layer.forward(x.narrow(1, 0, 3));
        assertClose(shorter, masked.narrow(1, 0, 3), 1e-12, "padding key changes nothing for the others");
    }
}
