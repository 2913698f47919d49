package dev.descent.nn.zoo;

import dev.descent.nn.Activation;
import dev.descent.nn.Dropout;
import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * A multi-layer perceptron: {@code Linear(w0, w1), act, [Dropout], Linear(w1, w2), act, ..., Linear(wk−1, wk)}
 * (no activation after the last layer; the loss applies the softmax). Inputs of rank above 2 are
 * flattened after the batch dimension, so images go in directly. Layers are the children of
 * {@code layers}: parameters {@code layers.0.weight}, {@code layers.0.bias}, ...
 */
public final class Mlp extends Module {
    private final int[] widths;
    private final String activation;
    private final double dropout;
    private final Sequential layers;

    /** A float32 ReLU net without dropout, e.g. {@code new Mlp(784, 512, 512, 10)}. */
    public Mlp(int... widths) {
        this(widths, "relu", 0.0, DType.FLOAT32, Init.defaultGenerator());
    }

    /**
     * The general net.
     *
     * @param widths     input width, hidden widths, output width (at least two numbers)
     * @param activation an {@link Activation#byName} name
     * @param dropout    drop probability after each hidden activation (0 for none)
     */
    public Mlp(int[] widths, String activation, double dropout, DType dtype, Generator gen) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("Mlp: need at least an input and an output width, got "
                    + java.util.Arrays.toString(widths));
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("Mlp: widths must be positive, got " + java.util.Arrays.toString(widths));
            }
        }
        Activation.byName(activation); // validates the name before anything is built
        this.widths = widths.clone();
        this.activation = activation;
        this.dropout = dropout;
        Sequential seq = new Sequential();
        for (int i = 0; i + 1 < widths.length; i++) {
            seq.add(new Linear(widths[i], widths[i + 1], true, dtype, gen));
            if (i + 2 < widths.length) {
                seq.add(Activation.byName(activation));
                if (dropout > 0) {
                    seq.add(new Dropout(dropout, Init.fork(gen)));
                }
            }
        }
        layers = child("layers", seq);
    }

    @Override
    public Tensor forward(Tensor x) {
        return layers.call(x.dim() > 2 ? x.flatten(1, -1) : x);
    }

    @Override
    public String toString() {
        return "Mlp(" + java.util.Arrays.toString(widths) + ", activation=" + activation
                + (dropout > 0 ? ", dropout=" + dropout : "") + ")";
    }
}
