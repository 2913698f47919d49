package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static dev.descent.nn.NnTesting.assertClose;
import static dev.descent.nn.NnTesting.gen;
import static dev.descent.nn.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradCheck;
import dev.descent.ops.NnFunctional;
import dev.descent.ops.Recurrent;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rnn, Lstm and Gru against a loop written here over plain arrays with PyTorch's equations, the
 * fused sequence op against its tensor-operation twin (values, gradients, second order), and the
 * parameter names and shapes.
 */
class RecurrentTest {
    static LongStream seeds() {
        return LongStream.of(11, 12, 13, 14);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** a[rows × cols] · v. */
    private static double[] matVec(double[] a, int rows, int cols, double[] v) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += a[i * cols + j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /**
     * The reference: PyTorch's documented equations, one sample and one step at a time.
     * Returns {output [T][B][H] of the top layer, hN [L][B][H], cN [L][B][H] (LSTM)}.
     */
    private static double[][][][] loop(String kind, Map<String, Tensor> p, int layers, double[][][] x, double[][][] h0,
                                       double[][][] c0, int hidden) {
        int t = x.length;
        int b = x[0].length;
        double[][][] seq = x;
        double[][][] hN = new double[layers][][];
        double[][][] cN = new double[layers][][];
        for (int l = 0; l < layers; l++) {
            int in = seq[0][0].length;
            double[] wih = p.get("weight_ih_l" + l).toDoubleArray();
            double[] whh = p.get("weight_hh_l" + l).toDoubleArray();
            Tensor bi = p.get("bias_ih_l" + l);
            Tensor bh = p.get("bias_hh_l" + l);
            int g = wih.length / in;
            double[] bih = bi == null ? new double[g] : bi.toDoubleArray();
            double[] bhh = bh == null ? new double[g] : bh.toDoubleArray();
            double[][][] out = new double[t][b][hidden];
            hN[l] = new double[b][];
            cN[l] = new double[b][];
            for (int n = 0; n < b; n++) {
                double[] h = h0[l][n].clone();
                double[] c = c0 == null ? null : c0[l][n].clone();
                for (int s = 0; s < t; s++) {
                    double[] gx = matVec(wih, g, in, seq[s][n]);
                    double[] gh = matVec(whh, g, hidden, h);
                    double[] nh = new double[hidden];
                    for (int j = 0; j < hidden; j++) {
                        switch (kind) {
                            case "tanh" -> nh[j] = Math.tanh(gx[j] + bih[j] + gh[j] + bhh[j]);
                            case "relu" -> nh[j] = Math.max(0, gx[j] + bih[j] + gh[j] + bhh[j]);
                            case "lstm" -> {
                                int H = hidden;
                                double i = sigmoid(gx[j] + bih[j] + gh[j] + bhh[j]);
                                double f = sigmoid(gx[H + j] + bih[H + j] + gh[H + j] + bhh[H + j]);
                                double gg = Math.tanh(gx[2 * H + j] + bih[2 * H + j] + gh[2 * H + j] + bhh[2 * H + j]);
                                double o = sigmoid(gx[3 * H + j] + bih[3 * H + j] + gh[3 * H + j] + bhh[3 * H + j]);
                                c[j] = f * c[j] + i * gg;
                                nh[j] = o * Math.tanh(c[j]);
                            }
                            default -> { // gru
                                int H = hidden;
                                double r = sigmoid(gx[j] + bih[j] + gh[j] + bhh[j]);
                                double z = sigmoid(gx[H + j] + bih[H + j] + gh[H + j] + bhh[H + j]);
                                double nn = Math.tanh(gx[2 * H + j] + bih[2 * H + j] + r * (gh[2 * H + j] + bhh[2 * H + j]));
                                nh[j] = (1 - z) * nn + z * h[j];
                            }
                        }
                    }
                    h = nh;
                    out[s][n] = h.clone();
                }
                hN[l][n] = h;
                cN[l][n] = c;
            }
            seq = out;
        }
        return new double[][][][] {seq, hN, cN};
    }

    private static double[][][] arr(Tensor t) {
        int a = t.size(0);
        int b = t.size(1);
        int c = t.size(2);
        double[] v = t.contiguous().toDoubleArray();
        double[][][] out = new double[a][b][c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v, (i * b + j) * c, out[i][j], 0, c);
            }
        }
        return out;
    }

    private static Tensor tensor(double[][][] a) {
        int n0 = a.length;
        int n1 = a[0].length;
        int n2 = a[0][0].length;
        double[] v = new double[n0 * n1 * n2];
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                System.arraycopy(a[i][j], 0, v, (i * n1 + j) * n2, n2);
            }
        }
        return Tensor.wrap(v, n0, n1, n2);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void forwardMatchesHandWrittenLoop(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = 1 + r.nextInt(4);
        int hidden = 1 + r.nextInt(4);
        int layers = 1 + r.nextInt(3);
        int t = 1 + r.nextInt(5);
        int b = 1 + r.nextInt(3);
        boolean bias = r.nextBoolean();
        boolean bf = r.nextBoolean();
        Tensor xt = uniform(r, t, b, in).mul(2); // time-major reference input
        Tensor x = bf ? xt.transpose(0, 1).contiguous() : xt;
        Tensor h0 = uniform(r, layers, b, hidden);
        Tensor c0 = uniform(r, layers, b, hidden);
        for (String kind : new String[] {"tanh", "relu", "lstm", "gru"}) {
            RecurrentLayer m = switch (kind) {
                case "lstm" -> new Lstm(in, hidden, layers, bias, bf, 0.0, F64, gen(seed));
                case "gru" -> new Gru(in, hidden, layers, bias, bf, 0.0, F64, gen(seed));
                default -> new Rnn(in, hidden, layers, kind, bias, bf, 0.0, F64, gen(seed));
            };
            double[][][][] ref = loop(kind, m.namedParameters(), layers, arr(xt), arr(h0),
                    kind.equals("lstm") ? arr(c0) : null, hidden);
            Tensor expectedOut = tensor(ref[0]);
            if (bf) {
                expectedOut = expectedOut.transpose(0, 1);
            }
            Tensor out;
            Tensor hN;
            Tensor cN = null;
            if (m instanceof Lstm lstm) {
                LstmOutput o = lstm.forward(x, new LstmState(h0, c0));
                out = o.output();
                hN = o.hN();
                cN = o.cN();
            } else if (m instanceof Gru gru) {
                RnnOutput o = gru.forward(x, h0);
                out = o.output();
                hN = o.hN();
            } else {
                RnnOutput o = ((Rnn) m).forward(x, h0);
                out = o.output();
                hN = o.hN();
            }
            String what = m + " T=" + t + " B=" + b;
            assertClose(expectedOut, out, 1e-12, what + " output");
            assertClose(tensor(ref[1]), hN, 1e-12, what + " h_n");
            if (cN != null) {
                assertClose(tensor(ref[2]), cN, 1e-12, what + " c_n");
            }
            // forward(Tensor) is the output sequence from zero states
            Tensor zeroOut = m.forward(x);
            assertArrayEquals(out.shape(), zeroOut.shape());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fusedScanAgreesWithTensorOpTwinInValuesAndGradients(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int t = 1 + r.nextInt(4);
        int b = 1 + r.nextInt(3);
        int h = 1 + r.nextInt(3);
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            int g = cell.gates();
            boolean lstm = cell == Recurrent.Cell.LSTM;
            Tensor xw = uniform(r, b, t, g * h).transpose(0, 1); // strided, as the batch-first layers give it
            Tensor[] in = {xw, uniform(r, g * h, h), uniform(r, g * h), uniform(r, b, h), uniform(r, b, h)};
            Function<Tensor[], Tensor> fused = xs -> pack(Recurrent.scan(cell, xs[0], xs[1], xs[2], xs[3], lstm ? xs[4] : null));
            Function<Tensor[], Tensor> slow = xs -> pack(
                    Recurrent.scanReference(cell, xs[0], xs[1], xs[2], xs[3], lstm ? xs[4] : null));
            assertClose(slow.apply(in), fused.apply(in), 1e-13, cell + " values");
            Tensor[] gFast = NnTesting.grads(fused, in, false);
            Tensor[] gGraph = NnTesting.grads(fused, in, true);
            Tensor[] gSlow = NnTesting.grads(slow, in, false);
            for (int i = 0; i < (lstm ? 5 : 4); i++) {
                assertClose(gSlow[i], gFast[i], 1e-12, cell + " fused gradient of input " + i);
                assertClose(gSlow[i], gGraph[i], 1e-12, cell + " recorded gradient of input " + i);
            }
            GradCheck.Report first = GradCheck.check(fused, lstm ? in : java.util.Arrays.copyOf(in, 4), 1e-6, 1e-6, 1e-5);
            assertTrue(first.passes(), () -> cell + ": " + first);
        }
    }

    /**
     * Float32 {@link Recurrent#layer} (the projection inside the time loop, one node) against the
     * projection and the scan as two ops: values, the gradients of all seven inputs, and the recorded
     * backward (createGraph) against the fast one.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void fusedLayerAgreesWithProjectionThenScan(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int t = 1 + r.nextInt(5);
        int b = 1 + r.nextInt(4);
        int h = 1 + r.nextInt(20);
        int in = 1 + r.nextInt(6);
        for (Recurrent.Cell cell : new Recurrent.Cell[] {Recurrent.Cell.LSTM, Recurrent.Cell.RNN_TANH}) {
            int g = cell.gates();
            boolean lstm = cell == Recurrent.Cell.LSTM;
            Tensor x = uniform(r, b, t, in).to(DType.FLOAT32).transpose(0, 1); // strided, as batch-first gives it
            Tensor[] ins = {x, uniform(r, g * h, in), uniform(r, g * h), uniform(r, g * h, h), uniform(r, g * h),
                    uniform(r, b, h), uniform(r, b, h)};
            for (int i = 1; i < ins.length; i++) {
                ins[i] = ins[i].to(DType.FLOAT32);
            }
            Function<Tensor[], Tensor> fused = xs -> pack(Recurrent.layer(cell, xs[0], xs[1], xs[2], xs[3], xs[4], xs[5],
                    lstm ? xs[6] : null));
            Function<Tensor[], Tensor> twoOps = xs -> pack(Recurrent.scan(cell, NnFunctional.linear(xs[0], xs[1], xs[2]),
                    xs[3], xs[4], xs[5], lstm ? xs[6] : null));
            assertClose(twoOps.apply(ins), fused.apply(ins), 1e-5, cell + " values");
            Tensor[] gFast = NnTesting.grads(fused, ins, false);
            Tensor[] gGraph = NnTesting.grads(fused, ins, true);
            Tensor[] gTwo = NnTesting.grads(twoOps, ins, false);
            for (int i = 0; i < (lstm ? 7 : 6); i++) {
                assertClose(gTwo[i], gFast[i], 1e-4, cell + " fused gradient of input " + i);
                assertClose(gFast[i], gGraph[i], 1e-4, cell + " recorded gradient of input " + i);
            }
        }
    }

    private static Tensor pack(Recurrent.Result res) {
        Tensor all = Tensor.cat(List.of(res.output().flatten(), res.hN().mul(2).flatten()), 0);
        return res.cN() == null ? all : Tensor.cat(List.of(all, res.cN().mul(3).flatten()), 0);
    }

    @Test
    void secondDerivativesThroughTheFusedScan() {
        SplittableRandom r = new SplittableRandom(5);
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            int g = cell.gates();
            boolean lstm = cell == Recurrent.Cell.LSTM;
            Tensor[] in = {uniform(r, 3, 2, g * 2), uniform(r, g * 2, 2), uniform(r, g * 2), uniform(r, 2, 2),
                    uniform(r, 2, 2)};
            Function<Tensor[], Tensor> f = xs -> pack(Recurrent.scan(cell, xs[0], xs[1], xs[2], xs[3], lstm ? xs[4] : null));
            GradCheck.Report second = GradCheck.checkSecondOrder(f, lstm ? in : java.util.Arrays.copyOf(in, 4), 1e-5,
                    1e-5, 1e-4);
            assertTrue(second.passes(), () -> cell + ": " + second);
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        SplittableRandom r = new SplittableRandom(3);
        Lstm a = new Lstm(3, 5, 2, true, true, 0.0, F64, gen(1));
        Lstm b = new Lstm(3, 5, 2, true, true, 0.0, DType.FLOAT32, gen(1));
        Tensor x = uniform(r, 4, 6, 3);
        Tensor y64 = a.forward(x);
        Tensor y32 = b.forward(x.to(DType.FLOAT32));
        assertEquals(DType.FLOAT32, y32.dtype());
        assertClose(y64, y32.to(F64), 1e-5, "float32 LSTM");
        y32.sum().backward();
        y64.sum().backward();
        // every parameter: the float32 path runs the LstmGates kernel forward and backward
        for (String name : a.namedParameters().keySet()) {
            assertClose(a.namedParameters().get(name).grad(), b.namedParameters().get(name).grad().to(F64), 1e-4,
                    "float32 LSTM gradient of " + name);
        }
    }

    @Test
    void parameterNamesAndShapesFollowPyTorch() {
        Lstm lstm = new Lstm(10, 20, 2, true, false, 0.0, F64, gen(0));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"), List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[] {80, 10}, lstm.namedParameters().get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {80, 20}, lstm.namedParameters().get("weight_ih_l1").shape());
        Gru gru = new Gru(10, 20, 1, false, false, 0.0, F64, gen(0));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.namedParameters().keySet()));
        assertArrayEquals(new int[] {60, 20}, gru.namedParameters().get("weight_hh_l0").shape());
        Rnn rnn = new Rnn(10, 20);
        assertArrayEquals(new int[] {20, 10}, rnn.namedParameters().get("weight_ih_l0").shape());
        // PyTorch's counts: LSTM(10, 20, 2) has 4·20·(10 + 20 + 2) + 4·20·(20 + 20 + 2) = 5,920
        assertEquals(5920, lstm.parameterCount());
    }

    @Test
    void unbatchedInputAndStatesAndShapes() {
        Lstm lstm = new Lstm(3, 4, 2, true, false, 0.0, F64, gen(0));
        SplittableRandom r = new SplittableRandom(0);
        Tensor x = uniform(r, 5, 3);
        LstmOutput o = lstm.forward(x, new LstmState(uniform(r, 2, 4), uniform(r, 2, 4)));
        assertArrayEquals(new int[] {5, 4}, o.output().shape());
        assertArrayEquals(new int[] {2, 4}, o.hN().shape());
        LstmOutput batched = lstm.forward(x.unsqueeze(1), new LstmState(o.hN().unsqueeze(1).mul(0), null));
        assertClose(batched.output().squeeze(1), lstm.forward(x), 0, "unbatched = batch of one");
        // the top layer's last output is its final hidden state
        Lstm bf = new Lstm(3, 4, 2, true, true, 0.0, F64, gen(0));
        LstmOutput ob = bf.forward(uniform(r, 2, 5, 3), null);
        assertClose(ob.hN().select(0, 1), ob.output().select(1, 4), 0, "h_n[-1] = output[:, -1]");
    }

    @Test
    void shapeErrorsSayWhatWasExpected() {
        Lstm lstm = new Lstm(3, 4, 2, true, true, 0.0, F64, gen(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Tensor.zeros(F64, 2, 5, 7)));
        assertTrue(e.getMessage().contains("[B, T, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Tensor.zeros(F64, 2, 5, 3), new LstmState(Tensor.zeros(F64, 1, 2, 4), null)));
        assertTrue(e.getMessage().contains("[2, 2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Rnn(3, 4, 1, "sigmoid", true, false, 0, F64, gen(0)));
        assertThrows(IllegalArgumentException.class, () -> new Gru(3, 0));
    }

    @Test
    void dropoutActsBetweenLayersOnlyInTraining() {
        Lstm lstm = new Lstm(3, 4, 2, true, true, 0.5, F64, gen(0));
        Tensor x = uniform(new SplittableRandom(1), 2, 5, 3);
        Tensor a = lstm.forward(x);
        Tensor b = lstm.forward(x);
        assertTrue(a.sub(b).abs().max().item() > 0, "different masks in training");
        lstm.eval();
        assertClose(lstm.forward(x), lstm.forward(x), 0, "deterministic in evaluation");
        Lstm single = new Lstm(3, 4, 1, true, true, 0.5, F64, gen(0));
        assertClose(single.forward(x), single.forward(x), 0, "no dropout after the last layer");
    }

    @Test
    void theFusedNodeFreesItsBuffersAndGuardsAgainstInPlaceChanges() {
        Lstm lstm = new Lstm(2, 3, 1, true, true, 0.0, F64, gen(0));
        Tensor x = uniform(new SplittableRandom(2), 2, 4, 2);
        Tensor loss = lstm.forward(x).sum();
        loss.backward(null, true, false);
        Tensor once = lstm.namedParameters().get("weight_hh_l0").grad().clone();
        loss.backward(); // retained: a second pass accumulates the same gradient again
        assertClose(once.mul(2), lstm.namedParameters().get("weight_hh_l0").grad(), 1e-12, "retained graph");
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        Tensor h0 = uniform(new SplittableRandom(3), 1, 2, 3).requiresGrad_(true);
        Tensor out = lstm.forward(x, new LstmState(h0, null)).output();
        try (var s = dev.descent.autograd.GradMode.noGrad()) {
            h0.mul_(2);
        }
        IllegalStateException inPlace = assertThrows(IllegalStateException.class, () -> out.sum().backward());
        assertTrue(inPlace.getMessage().contains("in-place"), inPlace.getMessage());
    }
}
