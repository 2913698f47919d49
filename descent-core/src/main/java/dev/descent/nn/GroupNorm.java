package dev.descent.nn;

import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * Group normalization of {@code [N, C, *]} inputs, as {@code torch.nn.GroupNorm}: channels split
 * into {@code numGroups} groups, each (sample, group) normalized by its own statistics, then a
 * per-channel affine map with {@code weight} (ones) and {@code bias} (zeros).
 */
public final class GroupNorm extends Module {
    private final int groups;
    private final int channels;
    private final double eps;
    private final boolean affine;

    /** A float32 layer with eps 1e-5 and affine parameters. */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, NnFunctional.NORM_EPS, true, DType.FLOAT32);
    }

    /** The general layer. */
    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine, DType dtype) {
        if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels " + numChannels
                    + " must be positive and divisible by num_groups " + numGroups);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("GroupNorm: eps must be positive, got " + eps);
        }
        this.groups = numGroups;
        this.channels = numChannels;
        this.eps = eps;
        this.affine = affine;
        if (affine) {
            param("weight", Tensor.ones(dtype, numChannels));
            param("bias", Tensor.zeros(dtype, numChannels));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2 || x.size(1) != channels) {
            throw new IllegalArgumentException(this + ": expected input [N, " + channels + ", *], got "
                    + dev.descent.tensor.Shape.str(x.shapeRef()));
        }
        return NnFunctional.groupNorm(x, groups, affine ? p("weight") : null, affine ? p("bias") : null, eps);
    }

    @Override
    public String toString() {
        return "GroupNorm(" + groups + ", " + channels + ", eps=" + eps + ", affine=" + affine + ")";
    }
}
