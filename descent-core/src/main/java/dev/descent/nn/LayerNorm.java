package dev.descent.nn;

import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * Layer normalization over the trailing dimensions {@code normalizedShape}, as
 * {@code torch.nn.LayerNorm}: {@code y = (x − mean)/√(var + eps)·weight + bias}, with mean and
 * biased variance per sample. {@code weight} is initialised to ones and {@code bias} to zeros.
 */
public final class LayerNorm extends Module {
    private final int[] shape;
    private final double eps;
    private final boolean affine;
    private final boolean bias;

    /** A float32 layer with eps 1e-5, weight and bias. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, NnFunctional.NORM_EPS, true, true, DType.FLOAT32);
    }

    /** The general layer; {@code bias} only matters with {@code elementwiseAffine}. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias, DType dtype) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized shape must have at least one dimension");
        }
        for (int s : normalizedShape) {
            if (s < 1) {
                throw new IllegalArgumentException("LayerNorm: normalized shape " + java.util.Arrays.toString(normalizedShape)
                        + " must have positive sizes");
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        }
        this.shape = normalizedShape.clone();
        this.eps = eps;
        this.affine = elementwiseAffine;
        this.bias = elementwiseAffine && bias;
        if (affine) {
            param("weight", Tensor.ones(dtype, shape));
            if (this.bias) {
                param("bias", Tensor.zeros(dtype, shape));
            }
        }
    }

    /** γ, or null. */
    public Tensor weight() {
        return affine ? p("weight") : null;
    }

    /** β, or null. */
    public Tensor bias() {
        return bias ? p("bias") : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return NnFunctional.layerNorm(x, shape, weight(), bias(), eps);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + java.util.Arrays.toString(shape) + ", eps=" + eps + ", elementwise_affine=" + affine
                + (affine && !bias ? ", bias=false" : "") + ")";
    }
}
