package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * Merges dimensions {@code startDim..endDim} into one, as {@code torch.nn.Flatten}; the default
 * {@code (1, -1)} keeps the batch dimension: {@code [N, C, H, W] → [N, C·H·W]}.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens everything after the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim, endDim);
    }

    @Override
    public String toString() {
        return "Flatten(start_dim=" + startDim + ", end_dim=" + endDim + ")";
    }
}
