package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer against PyTorch 1.13 (fixtures of {@code scripts/torch_fixtures/nn_fixtures.py}): the
 * torch layer's parameters and buffers are loaded by their state_dict names, the same inputs and
 * upstream gradients are fed, and the forward outputs, the gradients of every input and parameter,
 * and the buffers after the call (batch-norm running statistics) must match within 1e-10 (float64)
 * or 1e-5 (float32) relative error. Dropout in training draws from another generator than torch's,
 * so there the statistics of the mask, the 1/(1 − p) scaling and the mask in the gradient are checked.
 */
class TorchLayerParityTest {
    static Stream<Arguments> layers() {
        return TorchFixtures.cases("layer");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layers")
    void matchesPyTorch(String name, DType dtype, TorchFixtures.Case c) {
        Module m = TorchModules.build(c.type(), c.args(), dtype, new Generator(1));
        if (c.train()) {
            m.train();
        } else {
            m.eval();
        }
        m.loadStateDict(c.group(dtype, "state"), true);
        Map<String, Tensor> in = c.inputs(dtype);
        Map<String, Tensor> out = forward(m, c, in);
        c.backward(dtype, out);
        c.checkOutputsAndInputGrads(dtype, out, in);
        Map<String, Tensor> params = m.namedParameters();
        assertEquals(c.list("params"), List.copyOf(params.keySet()), name + ": parameter names and order");
        for (String p : c.list("params")) {
            c.check(dtype, "gparam/" + p, TorchFixtures.gradOf(params.get(p)));
        }
        Map<String, Tensor> buffers = m.namedBuffers();
        assertEquals(c.list("buffers"), List.copyOf(buffers.keySet()), name + ": buffer names and order");
        for (String b : c.list("buffers")) {
            c.check(dtype, "after/" + b, buffers.get(b));
        }
    }

    /** Calls the layer as the fixture did: recurrent layers with their states, attention with its masks. */
    private static Map<String, Tensor> forward(Module m, TorchFixtures.Case c, Map<String, Tensor> in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Tensor x = in.get("input");
        switch (m) {
            case Rnn rnn -> {
                RnnOutput r = rnn.forward(x, in.get("h0"));
                out.put("output", r.output());
                out.put("h_n", r.hN());
            }
            case Gru gru -> {
                RnnOutput r = gru.forward(x, in.get("h0"));
                out.put("output", r.output());
                out.put("h_n", r.hN());
            }
            case Lstm lstm -> {
                LstmState s = in.containsKey("h0") ? new LstmState(in.get("h0"), in.get("c0")) : null;
                LstmOutput r = lstm.forward(x, s);
                out.put("output", r.output());
                out.put("h_n", r.hN());
                out.put("c_n", r.cN());
            }
            case MultiheadAttention mha -> {
                Map<String, Object> call = c.call();
                Tensor q = (Boolean) call.get("self") ? x : in.get("query");
                Tensor k = (Boolean) call.get("self") ? x : in.get("key");
                Tensor v = (Boolean) call.get("self") ? x : in.get("value");
                AttentionMask mask = null;
                if (in.containsKey("attn_mask")) {
                    mask = "bool".equals(call.get("attn_mask")) ? AttentionMask.ofBoolean(in.get("attn_mask"))
                            : AttentionMask.ofAdditive(in.get("attn_mask"));
                }
                AttentionMask padding = null;
                if (in.containsKey("key_padding_mask")) {
                    padding = "bool".equals(call.get("key_padding_mask")) ? AttentionMask.ofBoolean(in.get("key_padding_mask"))
                            : AttentionMask.ofAdditive(in.get("key_padding_mask"));
                }
                boolean need = (Boolean) call.get("need_weights");
                AttentionOutput r = mha.forward(q, k, v, mask, padding, need, (Boolean) call.get("average_attn_weights"));
                out.put("output", r.output());
                if (need) {
                    out.put("weights", r.weights());
                }
            }
            case TransformerEncoderLayer tel -> {
                AttentionMask mask = in.containsKey("src_mask") ? AttentionMask.ofBoolean(in.get("src_mask")) : null;
                AttentionMask padding = in.containsKey("src_key_padding_mask")
                        ? AttentionMask.ofBoolean(in.get("src_key_padding_mask")) : null;
                out.put("output", tel.forward(x, mask, padding));
            }
            default -> out.put("output", m.forward(x));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> dropoutStats() {
        return ((List<Object>) TorchFixtures.INDEX.get("dropout_stats")).stream()
                .map(o -> Arguments.of(((Map<String, Object>) o).get("p"), o));
    }

    /**
     * Training-mode dropout on the same 100 000 ones as the fixture: the zeroed fraction is p within
     * 5 standard errors (and within 5 combined standard errors of torch's own fraction), survivors are
     * exactly 1/(1 − p).
     */
    @ParameterizedTest(name = "p = {0}")
    @MethodSource("dropoutStats")
    void dropoutMaskStatisticsAndScaleMatchPyTorch(double p, Map<String, Object> torch) {
        int n = ((Number) torch.get("numel")).intValue();
        Dropout d = new Dropout(p, new Generator(17));
        d.train();
        double[] y = d.forward(Tensor.ones(DType.FLOAT64, 400, n / 400)).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / (1 - p), v, 1e-15, "survivor scale");
            }
        }
        double fraction = (double) zeros / n;
        double se = Math.sqrt(p * (1 - p) / n);
        assertTrue(Math.abs(fraction - p) <= 5 * se, "zeroed fraction " + fraction + " vs p " + p);
        double torchFraction = ((Number) torch.get("zero_fraction")).doubleValue();
        assertTrue(Math.abs(fraction - torchFraction) <= 5 * Math.sqrt(2) * se,
                "zeroed fraction " + fraction + " vs torch's " + torchFraction);
        assertEquals(((Number) torch.get("survivor_scale")).doubleValue(), 1 / (1 - p), 1e-12,
                "torch's survivor scale");
    }

    /** The gradient goes through the same mask and scale as the forward pass (float32 and float64). */
    @Test
    void dropoutGradientUsesTheForwardMask() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Generator g = new Generator(5);
            Tensor x = Tensor.randn(g, dtype, 30, 40).requiresGrad_(true);
            Tensor up = Tensor.randn(g, dtype, 30, 40);
            Dropout d = new Dropout(0.3, new Generator(6));
            d.train();
            Tensor y = d.forward(x);
            y.mul(up).sum().backward();
            double[] xs = x.toDoubleArray();
            double[] ys = y.toDoubleArray();
            double[] gs = x.grad().toDoubleArray();
            double[] us = up.toDoubleArray();
            double tol = dtype == DType.FLOAT64 ? 1e-15 : 1e-6;
            for (int i = 0; i < xs.length; i++) {
                double keep = ys[i] == 0 ? 0 : 1 / 0.7;
                assertEquals(keep * xs[i], ys[i], tol * Math.abs(xs[i]) * 2, "output " + i);
                assertEquals(keep * us[i], gs[i], tol * Math.abs(us[i]) * 2, "gradient " + i);
            }
        }
    }

    @AfterAll
    static void printWorstErrors() {
        System.out.print(TorchFixtures.worstReport("layer"));
    }
}
