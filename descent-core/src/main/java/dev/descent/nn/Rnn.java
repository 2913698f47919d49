package dev.descent.nn;

import dev.descent.ops.Recurrent;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Locale;

/**
 * Elman RNN, as {@code torch.nn.RNN}: {@code h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)}
 * with act = tanh (default) or relu. See {@link RecurrentLayer} for shapes, parameters and defaults.
 */
public final class Rnn extends RecurrentLayer {
    private final String nonlinearity;

    /** One tanh layer, float32, sequence-first ({@code [T, B, in]}), from the default generator. */
    public Rnn(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0.0, DType.FLOAT32, Init.defaultGenerator());
    }

    /** One direction; {@code nonlinearity} is "tanh" or "relu". */
    public Rnn(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, DType dtype, Generator gen) {
        this(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, false, dtype, gen);
    }

    /** The general layer, as {@code torch.nn.RNN}: {@code bidirectional} runs every layer both ways. */
    public Rnn(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional, DType dtype, Generator gen) {
        super(cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, gen);
        this.nonlinearity = nonlinearity.toLowerCase(Locale.ROOT);
    }

    private static Recurrent.Cell cell(String nonlinearity) {
        return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
            case "tanh" -> Recurrent.Cell.RNN_TANH;
            case "relu" -> Recurrent.Cell.RNN_RELU;
            default -> throw new IllegalArgumentException("Rnn: unknown nonlinearity '" + nonlinearity
                    + "'; select from 'tanh' or 'relu'");
        };
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

    @Override
    String extra() {
        return nonlinearity.equals("tanh") ? "" : ", nonlinearity=" + nonlinearity;
    }
}
