package dev.descent.nn;

import dev.descent.ops.Recurrent;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * Long short-term memory, as {@code torch.nn.LSTM} (gate order i, f, g, o):
 * <pre>
 *   i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
 *   c' = f ⊙ c + i ⊙ g                        h' = o ⊙ tanh(c')
 * </pre>
 * See {@link RecurrentLayer} for shapes, parameters ({@code weight_ih_l0 [4H, in]}, ...) and
 * defaults.
 */
public final class Lstm extends RecurrentLayer {
    /** One layer, float32, sequence-first ({@code [T, B, in]}), from the default generator. */
    public Lstm(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0.0, DType.FLOAT32, Init.defaultGenerator());
    }

    /** One direction. */
    public Lstm(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                DType dtype, Generator gen) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, false, dtype, gen);
    }

    /** The general layer, as {@code torch.nn.LSTM}: {@code bidirectional} runs every layer both ways. */
    public Lstm(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, DType dtype, Generator gen) {
        super(Recurrent.Cell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, gen);
    }

    /** Runs the sequence from {@code state} (null: zeros; either tensor of it may be null too). */
    public LstmOutput forward(Tensor x, LstmState state) {
        Run r = run(x, state == null ? null : state.h(), state == null ? null : state.c());
        return new LstmOutput(r.output(), new LstmState(r.hN(), r.cN()));
    }

    /** The top layer's hidden states at every step, from zero initial states. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null).output();
    }
}
