package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * A mask for {@link MultiheadAttention}, in either of PyTorch's two forms. Descent has no boolean
 * tensors, so the form is said by the factory:
 * <ul>
 *   <li>{@link #ofBoolean}: 1 where attention is <em>not</em> allowed (PyTorch's {@code True}), 0 where it is;</li>
 *   <li>{@link #ofAdditive}: a float tensor added to the attention scores before the softmax
 *       ({@code −∞} blocks a position).</li>
 * </ul>
 * A query whose every key is blocked gets NaN weights, as in PyTorch.
 */
public final class AttentionMask {
    private final Tensor values;
    private final boolean isBoolean;

    private AttentionMask(Tensor values, boolean isBoolean) {
        this.values = values;
        this.isBoolean = isBoolean;
    }

    /** A boolean mask: 1 blocks the position, 0 allows it. */
    public static AttentionMask ofBoolean(Tensor mask) {
        return new AttentionMask(mask.detach(), true);
    }

    /** An additive float mask. */
    public static AttentionMask ofAdditive(Tensor mask) {
        return new AttentionMask(mask.detach(), false);
    }

    /** The causal mask of a sequence of {@code size}: query i may attend to keys 0..i only. */
    public static AttentionMask causal(int size) {
        double[] m = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                m[i * size + j] = 1;
            }
        }
        return new AttentionMask(Tensor.wrap(m, size, size), true);
    }

    /** The mask tensor as given. */
    public Tensor values() {
        return values;
    }

    /** True for a boolean mask. */
    public boolean isBoolean() {
        return isBoolean;
    }

    /** The mask in additive form, of type {@code dtype}: 0 where allowed, −∞ (or the float values) elsewhere. */
    public Tensor additive(DType dtype) {
        Tensor v = values.to(dtype);
        return isBoolean ? Tensor.zerosLike(v).maskedFill(v, Double.NEGATIVE_INFINITY) : v;
    }

    @Override
    public String toString() {
        return "AttentionMask(" + (isBoolean ? "boolean" : "additive") + ", " + dev.descent.tensor.Shape.str(values.shapeRef()) + ")";
    }
}
