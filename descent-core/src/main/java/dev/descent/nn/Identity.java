package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Returns its input unchanged: a placeholder layer, as {@code torch.nn.Identity}. */
public final class Identity extends Module {
    /** The identity layer. */
    public Identity() {}

    @Override
    public Tensor forward(Tensor x) {
        return x;
    }

    @Override
    public String toString() {
        return "Identity()";
    }
}
