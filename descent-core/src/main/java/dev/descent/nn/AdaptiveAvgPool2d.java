package dev.descent.nn;

import dev.descent.ops.Pool;
import dev.descent.tensor.Tensor;

/** Average pooling to a fixed output size, as {@code torch.nn.AdaptiveAvgPool2d}; (1, 1) is global average pooling. */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    /** A square output size. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** Output {@code outH × outW}. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size " + outH + "x" + outW + " must be positive");
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pool.adaptiveAvgPool2d(x, outH, outW);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(output_size=" + Conv2d.pair(outH, outW) + ")";
    }
}
