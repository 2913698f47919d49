package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** The hidden and cell states of an {@link Lstm}, each {@code [numLayers, B, H]} (unbatched {@code [numLayers, H]}). */
public record LstmState(Tensor h, Tensor c) {}
