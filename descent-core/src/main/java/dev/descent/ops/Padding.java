package dev.descent.ops;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Constant padding along one dimension, possibly different on each side (PyTorch's {@code F.pad}
 * with mode "constant" on one axis). Built from {@link Joining#cat}, so it is differentiable to any
 * order: the gradient of the input is the matching slice of the upstream gradient.
 */
public final class Padding {
    private Padding() {}

    /** {@code x} with {@code before} and {@code after} slices of {@code value} added along {@code dim}. */
    public static Tensor constant(Tensor x, int dim, int before, int after, double value) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("pad: amounts must be non-negative, got " + before + " and " + after);
        }
        if (before == 0 && after == 0) {
            return x;
        }
        int d = dim < 0 ? dim + x.dim() : dim;
        List<Tensor> parts = new ArrayList<>(3);
        if (before > 0) {
            parts.add(slab(x, d, before, value));
        }
        parts.add(x);
        if (after > 0) {
            parts.add(slab(x, d, after, value));
        }
        return Joining.cat(parts, d);
    }

    private static Tensor slab(Tensor x, int dim, int size, double value) {
        int[] shape = x.shape();
        shape[dim] = size;
        return Tensor.full(x.dtype(), value, shape);
    }
}
