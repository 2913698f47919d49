package dev.descent.nn.zoo;

import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.Lstm;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * An LSTM over a sequence and a linear head on the top layer's last hidden state (which is the
 * final hidden state {@code h_n[-1]}). Inputs: {@code [B, T, inputSize]}; images
 * {@code [B, C, H, W]} are read row by row ({@code T = H}, {@code inputSize = C·W}); {@code [B, T]}
 * with {@code inputSize} 1 is a sequence of scalars. Children {@code lstm} (batch-first) and
 * {@code fc}, with PyTorch's default initialisation.
 */
public final class LstmClassifier extends Module {
    private final int inputSize;
    private final Lstm lstm;
    private final Linear fc;

    /** One layer of {@code hiddenSize}, float32, default generator. */
    public LstmClassifier(int inputSize, int hiddenSize, int classes) {
        this(inputSize, hiddenSize, 1, classes, 0.0, DType.FLOAT32, Init.defaultGenerator());
    }

    /** The general net; {@code dropout} acts between stacked LSTM layers. */
    public LstmClassifier(int inputSize, int hiddenSize, int numLayers, int classes, double dropout, DType dtype,
                          Generator gen) {
        if (classes < 1) {
            throw new IllegalArgumentException("LstmClassifier: classes must be positive, got " + classes);
        }
        this.inputSize = inputSize;
        lstm = child("lstm", new Lstm(inputSize, hiddenSize, numLayers, true, true, dropout, dtype, gen));
        fc = child("fc", new Linear(hiddenSize, classes, true, dtype, gen));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor seq = switch (x.dim()) {
            case 4 -> x.permute(0, 2, 1, 3).reshape(x.size(0), x.size(2), x.size(1) * x.size(3));
            case 2 -> inputSize == 1 ? x.unsqueeze(-1) : x;
            default -> x;
        };
        if (seq.dim() != 3) {
            throw new IllegalArgumentException("LstmClassifier: expected [B, T, " + inputSize + "] sequences or [B, C, H, W]"
                    + " images, got " + Shape.str(x.shapeRef()));
        }
        Tensor out = lstm.call(seq); // [B, T, H]
        return fc.call(out.select(1, out.size(1) - 1));
    }

    @Override
    public String toString() {
        return "LstmClassifier(" + lstm + ")";
    }
}
