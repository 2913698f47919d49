package dev.descent.data;

import dev.descent.tensor.Tensor;

/** One sample: features {@code x} (e.g. {@code [1, 28, 28]}) and its label {@code y} (a scalar class index, as a float). */
public record Example(Tensor x, Tensor y) {}
