package dev.descent.nn;

import dev.descent.ops.NnFunctional;
import dev.descent.ops.Recurrent;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Rnn}, {@link Lstm} and {@link Gru} share, as PyTorch's {@code RNNBase} (no
 * projections): a stack of {@code numLayers} recurrent layers, layer k reading the hidden states of
 * layer k − 1 (with dropout between layers in training), in D = 1 or, with {@code bidirectional},
 * D = 2 directions, and parameters named as in PyTorch, for each layer k in order:
 * <pre>
 *   weight_ih_lk [G·H, in_k]   weight_hh_lk [G·H, H]   bias_ih_lk [G·H]   bias_hh_lk [G·H]
 *   weight_ih_lk_reverse ...   (the same four again, bidirectional only)
 * </pre>
 * with G = 1 (RNN), 4 (LSTM: gates i, f, g, o) or 3 (GRU: gates r, z, n) and {@code in_0} the
 * input size, {@code in_k = D·H} above. All are initialised U(−1/√H, 1/√H), as PyTorch.
 *
 * <p>Inputs are {@code [T, B, in]}, or {@code [B, T, in]} with {@code batchFirst}, or unbatched
 * {@code [T, in]}; outputs are the same with {@code D·H} features (forward direction first);
 * states are {@code [D·numLayers, B, H]} (unbatched {@code [D·numLayers, H]}), ordered layer by
 * layer, forward before reverse, and default to zeros. Each direction of each layer is one
 * {@link Recurrent#layer}: the input projection {@code x·W_ihᵀ + b_ih} and the recurrence, a
 * single graph node in float32 (the projection runs inside the time loop). The reverse direction
 * is the same layer over the time-reversed input (a differentiable index-select), its output
 * reversed back afterwards, so its output at step t has seen steps t..T−1, as PyTorch's.
 */
public abstract sealed class RecurrentLayer extends Module permits Rnn, Lstm, Gru {
    private final Recurrent.Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final Generator dropoutGen;

    RecurrentLayer(Recurrent.Cell cell, int inputSize, int hiddenSize, int numLayers, boolean bias,
                   boolean batchFirst, double dropout, boolean bidirectional, DType dtype, Generator gen) {
        String name = getClass().getSimpleName();
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(name + ": input_size " + inputSize + ", hidden_size " + hiddenSize
                    + " and num_layers " + numLayers + " must be positive");
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(name + ": dropout should be a number in range [0, 1] representing the"
                    + " probability of an element being zeroed, got " + dropout);
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int gh = cell.gates() * hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : directions() * hiddenSize;
            for (int d = 0; d < directions(); d++) {
                String sfx = suffix(l, d);
                param("weight_ih" + sfx, Init.defaultUniform(dtype, hiddenSize, gen, gh, in));
                param("weight_hh" + sfx, Init.defaultUniform(dtype, hiddenSize, gen, gh, hiddenSize));
                if (bias) {
                    param("bias_ih" + sfx, Init.defaultUniform(dtype, hiddenSize, gen, gh));
                    param("bias_hh" + sfx, Init.defaultUniform(dtype, hiddenSize, gen, gh));
                }
            }
        }
        this.dropoutGen = Init.fork(gen);
    }

    /** The generator of the between-layer dropout masks (its state goes into training checkpoints). */
    public Generator dropoutGenerator() {
        return dropoutGen;
    }

    /** Input feature size. */
    public int inputSize() {
        return inputSize;
    }

    /** Hidden size H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** Number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    /** True when the layers run in both directions. */
    public boolean bidirectional() {
        return bidirectional;
    }

    /** D: 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** PyTorch's parameter suffix of layer {@code l}, direction {@code d}: {@code _l0}, {@code _l0_reverse}. */
    private static String suffix(int l, int d) {
        return "_l" + l + (d == 1 ? "_reverse" : "");
    }

    /** True when inputs and outputs are {@code [B, T, ·]}. */
    public boolean batchFirst() {
        return batchFirst;
    }

    /** The outputs of all layers: top-layer sequence in the caller's layout, final states {@code [D·L, B, H]}. */
    record Run(Tensor output, Tensor hN, Tensor cN) {}

    /** Runs every layer; {@code h0} and {@code c0} may be null (zeros). */
    final Run run(Tensor x, Tensor h0, Tensor c0) {
        String name = getClass().getSimpleName();
        if ((x.dim() != 2 && x.dim() != 3) || x.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": expected input " + (batchFirst ? "[B, T, " : "[T, B, ")
                    + inputSize + "] (or unbatched [T, " + inputSize + "]), got " + Shape.str(x.shapeRef()));
        }
        boolean unbatched = x.dim() == 2;
        Tensor seq = unbatched ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x; // [T, B, in]
        int b = seq.size(1);
        h0 = state(name, "h0", h0, unbatched, b);
        c0 = state(name, "c0", c0, unbatched, b);
        DType dtype = p("weight_hh_l0").dtype();
        Tensor reversed = bidirectional ? reversedTime(seq.size(0)) : null;
        List<Tensor> hs = new ArrayList<>(numLayers * directions());
        List<Tensor> cs = new ArrayList<>(numLayers * directions());
        Tensor layerIn = seq;
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> outs = new ArrayList<>(directions());
            for (int d = 0; d < directions(); d++) {
                String sfx = suffix(l, d);
                int k = l * directions() + d;
                Tensor in = d == 1 ? layerIn.indexSelect(0, reversed) : layerIn;
                Tensor hl = h0 != null ? h0.select(0, k) : Tensor.zeros(dtype, b, hiddenSize);
                Tensor cl = cell != Recurrent.Cell.LSTM ? null
                        : c0 != null ? c0.select(0, k) : Tensor.zeros(dtype, b, hiddenSize);
                Recurrent.Result r = Recurrent.layer(cell, in, p("weight_ih" + sfx), bias ? p("bias_ih" + sfx) : null,
                        p("weight_hh" + sfx), bias ? p("bias_hh" + sfx) : null, hl, cl);
                hs.add(r.hN());
                cs.add(r.cN());
                outs.add(d == 1 ? r.output().indexSelect(0, reversed) : r.output());
            }
            layerIn = bidirectional ? Tensor.cat(outs, 2) : outs.get(0);
            if (l < numLayers - 1 && dropout > 0 && isTraining()) {
                layerIn = NnFunctional.dropout(layerIn, dropout, true, dropoutGen);
            }
        }
        Tensor out = unbatched ? layerIn.squeeze(1) : batchFirst ? layerIn.transpose(0, 1) : layerIn;
        Tensor hN = Tensor.stack(hs, 0);
        Tensor cN = cell == Recurrent.Cell.LSTM ? Tensor.stack(cs, 0) : null;
        if (unbatched) {
            hN = hN.squeeze(1);
            cN = cN == null ? null : cN.squeeze(1);
        }
        return new Run(out, hN, cN);
    }

    /** The time indices T − 1, ..., 0 (an index-select with them flips a sequence, differentiably). */
    private static Tensor reversedTime(int steps) {
        double[] idx = new double[steps];
        for (int t = 0; t < steps; t++) {
            idx[t] = steps - 1 - t;
        }
        return Tensor.of(idx, steps);
    }

    private Tensor state(String name, String what, Tensor s, boolean unbatched, int b) {
        if (s == null) {
            return null;
        }
        int layers = directions() * numLayers;
        int[] expected = unbatched ? new int[] {layers, hiddenSize} : new int[] {layers, b, hiddenSize};
        if (!java.util.Arrays.equals(s.shapeRef(), expected)) {
            throw new IllegalArgumentException(name + ": expected " + what + " of shape " + Shape.str(expected)
                    + " ([" + (bidirectional ? "2 * " : "") + "num_layers, " + (unbatched ? "" : "batch, ") + "hidden_size]), got " + Shape.str(s.shapeRef()));
        }
        return unbatched ? s.unsqueeze(1) : s;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + ", " + hiddenSize
                + (numLayers != 1 ? ", num_layers=" + numLayers : "") + (bias ? "" : ", bias=false")
                + (batchFirst ? ", batch_first=true" : "") + (dropout != 0 ? ", dropout=" + dropout : "")
                + (bidirectional ? ", bidirectional=true" : "") + extra() + ")";
    }

    String extra() {
        return "";
    }
}
