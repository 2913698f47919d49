package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * What {@link Lstm} returns: the top layer's hidden state at every step ({@code [T, B, H]}, or
 * {@code [B, T, H]} when batch-first) and the final states of every layer.
 */
public record LstmOutput(Tensor output, LstmState state) {
    /** Final hidden states {@code [numLayers, B, H]}. */
    public Tensor hN() {
        return state.h();
    }

    /** Final cell states {@code [numLayers, B, H]}. */
    public Tensor cN() {
        return state.c();
    }
}
