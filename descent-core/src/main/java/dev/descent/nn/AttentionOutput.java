package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * What {@link MultiheadAttention} returns: the attended output (same layout as the query) and, when
 * asked for, the attention weights: {@code [B, L, S]} averaged over heads, or {@code [B, heads, L, S]}
 * per head; null otherwise.
 */
public record AttentionOutput(Tensor output, Tensor weights) {}
