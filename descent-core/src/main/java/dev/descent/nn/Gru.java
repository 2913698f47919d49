package dev.descent.nn;

import dev.descent.ops.Recurrent;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * Gated recurrent unit, as {@code torch.nn.GRU} (gate order r, z, n):
 * <pre>
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * See {@link RecurrentLayer} for shapes, parameters ({@code weight_ih_l0 [3H, in]}, ...) and
 * defaults.
 */
public final class Gru extends RecurrentLayer {
    /** One layer, float32, sequence-first ({@code [T, B, in]}), from the default generator. */
    public Gru(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0.0, DType.FLOAT32, Init.defaultGenerator());
    }

    /** One direction. */
    public Gru(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               DType dtype, Generator gen) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, false, dtype, gen);
    }

    /** The general layer, as {@code torch.nn.GRU}: {@code bidirectional} runs every layer both ways. */
    public Gru(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional, DType dtype, Generator gen) {
        super(Recurrent.Cell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, gen);
    }

    /** Runs the sequence from initial states {@code h0} (null: zeros). */
    public RnnOutput forward(Tensor x, Tensor h0) {
        Run r = run(x, h0, null);
        return new RnnOutput(r.output(), r.hN());
    }

    /** The top layer's hidden states at every step, from zero initial states. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null).output();
    }
}
