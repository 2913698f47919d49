package dev.descent.nn;

import dev.descent.ops.Pool;
import dev.descent.tensor.Tensor;

/**
 * Average pooling over {@code [N, C, H, W]}, as {@code torch.nn.AvgPool2d}: stride defaults to the
 * kernel, and padded zeros count in the divisor unless {@code countIncludePad} is false.
 */
public final class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean countIncludePad;

    /** Kernel = stride, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    /** Square kernel, stride and padding; padding counts in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, true);
    }

    /** The general layer. */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("AvgPool2d: kernel " + kernel + " and stride " + stride
                    + " must be positive, padding " + padding + " between 0 and half the kernel");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pool.avgPool2d(x, kernel, kernel, stride, stride, padding, padding, countIncludePad);
    }

    @Override
    public String toString() {
        return "AvgPool2d(kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (countIncludePad ? "" : ", count_include_pad=false") + ")";
    }
}
