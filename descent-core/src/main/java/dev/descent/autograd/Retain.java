package dev.descent.autograd;

import dev.descent.tensor.Tensor;

/** Internal bridge: lets a non-leaf tensor ask its node to keep the gradient it receives. */
public final class Retain {
    private Retain() {}

    /** Makes backward store the gradient of {@code t} (produced by {@code node}) in {@code t.grad()}. */
    public static void retain(Node node, Tensor t) {
        node.retained = t;
    }
}
