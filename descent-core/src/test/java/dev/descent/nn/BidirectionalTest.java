package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static dev.descent.nn.NnTesting.assertClose;
import static dev.descent.nn.NnTesting.between;
import static dev.descent.nn.NnTesting.gen;
import static dev.descent.nn.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradCheck;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bidirectional Rnn, Lstm and Gru: PyTorch's parameter names and shapes, the reverse direction as
 * a one-direction layer run on the time-reversed sequence (with the {@code _reverse} weights), the
 * layout of outputs and final states, and gradients (first and second order) through both
 * directions, their states and the stacked layers. Values against PyTorch itself are in
 * {@link TorchLayerParityTest} (cases {@code *_bidirectional*}).
 */
class BidirectionalTest {
    static LongStream seeds() {
        return LongStream.of(1, 2, 3);
    }

    @Test
    void parameterNamesAndShapesFollowPyTorch() {
        Lstm lstm = new Lstm(10, 20, 2, true, false, 0.0, true, F64, gen(0));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[] {80, 10}, lstm.namedParameters().get("weight_ih_l0_reverse").shape());
        assertArrayEquals(new int[] {80, 40}, lstm.namedParameters().get("weight_ih_l1").shape());
        assertArrayEquals(new int[] {80, 40}, lstm.namedParameters().get("weight_ih_l1_reverse").shape());
        // PyTorch's count for LSTM(10, 20, 2, bidirectional=True): 2·4·20·(10 + 20 + 2) + 2·4·20·(40 + 20 + 2)
        assertEquals(15040, lstm.parameterCount());
        Gru gru = new Gru(3, 4, 1, false, false, 0.0, true, F64, gen(0));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse"),
                List.copyOf(gru.namedParameters().keySet()));
        assertTrue(gru.toString().contains("bidirectional=true"), gru.toString());
    }

    /** Time steps in reverse order along dimension {@code dim}. */
    private static Tensor flip(Tensor x, int dim) {
        int n = x.size(dim);
        double[] idx = new double[n];
        for (int t = 0; t < n; t++) {
            idx[t] = n - 1 - t;
        }
        return x.indexSelect(dim, Tensor.of(idx, n));
    }

    /** A one-direction, one-layer twin carrying direction {@code suffix} ("" or "_reverse") of layer 0. */
    private static Map<String, Tensor> direction(RecurrentLayer layer, String suffix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
            out.put(name + "_l0", layer.namedParameters().get(name + "_l0" + suffix).detach());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void eachDirectionIsAOneWayLayerOnItsOwnTimeOrder(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = between(r, 1, 3);
        int h = between(r, 1, 4);
        int t = between(r, 1, 5);
        int b = between(r, 1, 3);
        Lstm bi = new Lstm(in, h, 1, true, true, 0.0, true, F64, gen(seed));
        Lstm fwd = new Lstm(in, h, 1, true, true, 0.0, F64, gen(seed + 10));
        Lstm rev = new Lstm(in, h, 1, true, true, 0.0, F64, gen(seed + 20));
        fwd.loadStateDict(direction(bi, ""), true);
        rev.loadStateDict(direction(bi, "_reverse"), true);
        Tensor x = uniform(r, b, t, in);
        Tensor h0 = uniform(r, 2, b, h);
        Tensor c0 = uniform(r, 2, b, h);
        LstmOutput o = bi.forward(x, new LstmState(h0, c0));
        LstmOutput of = fwd.forward(x, new LstmState(h0.narrow(0, 0, 1), c0.narrow(0, 0, 1)));
        LstmOutput or = rev.forward(flip(x, 1), new LstmState(h0.narrow(0, 1, 1), c0.narrow(0, 1, 1)));
        assertArrayEquals(new int[] {b, t, 2 * h}, o.output().shape());
        assertArrayEquals(new int[] {2, b, h}, o.hN().shape());
        assertClose(of.output(), o.output().narrow(2, 0, h), 0, "forward half of the output");
        assertClose(flip(or.output(), 1), o.output().narrow(2, h, h), 0, "reverse half of the output");
        assertClose(Tensor.cat(List.of(of.hN(), or.hN()), 0), o.hN(), 0, "h_n: forward, then reverse");
        assertClose(Tensor.cat(List.of(of.cN(), or.cN()), 0), o.cN(), 0, "c_n: forward, then reverse");
        // the reverse direction's final state is its output at the first step
        assertClose(o.hN().select(0, 1), o.output().select(1, 0).narrow(1, h, h), 0, "h_n reverse = output[:, 0, H:]");
    }

    /**
     * Second order through both directions of a stacked LSTM (first order for every layer type and
     * both directions is in {@link LayerGradTest#recurrentLayersThroughTimeAndLayers}).
     */
    @Test
    void secondDerivativesThroughBothDirections() {
        SplittableRandom r = new SplittableRandom(11);
        Lstm lstm = new Lstm(2, 2, 2, true, false, 0.0, true, F64, gen(11));
        Tensor[] in = {uniform(r, 3, 2, 2), uniform(r, 4, 2, 2), uniform(r, 4, 2, 2)};
        Function<Tensor[], Tensor> f = xs -> {
            LstmOutput o = lstm.forward(xs[0], new LstmState(xs[1], xs[2]));
            return Tensor.cat(List.of(o.output().flatten(), o.cN().flatten()), 0);
        };
        GradCheck.Report second = GradCheck.checkSecondOrder(f, in, 1e-5, 1e-5, 1e-4);
        assertTrue(second.passes(), () -> "bidirectional LSTM, second order: " + second);
    }

    @Test
    void unbatchedInputAndStateShapes() {
        Gru gru = new Gru(3, 4, 2, true, false, 0.0, true, F64, gen(0));
        SplittableRandom r = new SplittableRandom(4);
        Tensor x = uniform(r, 5, 3);
        Tensor h0 = uniform(r, 4, 4);
        RnnOutput o = gru.forward(x, h0);
        assertArrayEquals(new int[] {5, 8}, o.output().shape());
        assertArrayEquals(new int[] {4, 4}, o.hN().shape());
        RnnOutput batched = gru.forward(x.unsqueeze(1), h0.unsqueeze(1));
        assertClose(batched.output().squeeze(1), o.output(), 0, "unbatched = batch of one");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gru.forward(x.unsqueeze(1), Tensor.zeros(F64, 2, 1, 4)));
        assertTrue(e.getMessage().contains("[4, 1, 4]") && e.getMessage().contains("2 * num_layers"), e.getMessage());
    }

    @Test
    void dropoutActsBetweenLayersOnlyInTraining() {
        Gru gru = new Gru(3, 4, 2, true, true, 0.5, true, F64, gen(0));
        Tensor x = uniform(new SplittableRandom(1), 2, 5, 3);
        assertTrue(gru.forward(x).sub(gru.forward(x)).abs().max().item() > 0, "different masks in training");
        gru.eval();
        assertClose(gru.forward(x), gru.forward(x), 0, "deterministic in evaluation");
    }
}
