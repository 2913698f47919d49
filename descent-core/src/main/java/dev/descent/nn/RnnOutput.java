package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * What {@link Rnn} and {@link Gru} return: the top layer's hidden state at every step
 * ({@code [T, B, H]}, or {@code [B, T, H]} when batch-first) and the final hidden state of every
 * layer {@code [numLayers, B, H]}.
 */
public record RnnOutput(Tensor output, Tensor hN) {}
