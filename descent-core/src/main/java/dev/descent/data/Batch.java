package dev.descent.data;

import dev.descent.tensor.Tensor;

/**
 * A mini-batch: features {@code x} of shape {@code [B, ...]} and labels {@code y} of shape {@code [B]}
 * (class indices stored as floats, as the losses expect) or {@code [B, ...]} for regression targets.
 */
public record Batch(Tensor x, Tensor y) {
    /** Number of samples, {@code B}. */
    public int size() {
        return x.size(0);
    }
}
