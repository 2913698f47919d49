package dev.descent.nn;

import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** Batch normalization of {@code [N, C, H, W]} inputs, as {@code torch.nn.BatchNorm2d}; see {@link BatchNorm}. */
public final class BatchNorm2d extends BatchNorm {
    /** A float32 layer with PyTorch's defaults: eps 1e-5, momentum 0.1, affine, running statistics. */
    public BatchNorm2d(int features) {
        this(features, NnFunctional.NORM_EPS, NnFunctional.BN_MOMENTUM, true, true, DType.FLOAT32);
    }

    /** A layer of the given type with PyTorch's defaults otherwise. */
    public BatchNorm2d(int features, DType dtype) {
        this(features, NnFunctional.NORM_EPS, NnFunctional.BN_MOMENTUM, true, true, dtype);
    }

    /** The general layer ({@code momentum} may be {@link BatchNorm#CUMULATIVE}). */
    public BatchNorm2d(int features, double eps, double momentum, boolean affine, boolean trackRunningStats,
                       DType dtype) {
        super(features, eps, momentum, affine, trackRunningStats, dtype);
    }

    @Override
    void checkInput(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("BatchNorm2d: expected 4D input [N, C, H, W], got "
                    + Shape.str(x.shapeRef()));
        }
    }
}
