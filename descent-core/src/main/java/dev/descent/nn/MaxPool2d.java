package dev.descent.nn;

import dev.descent.ops.Pool;
import dev.descent.tensor.Tensor;

/** Max pooling over {@code [N, C, H, W]}, as {@code torch.nn.MaxPool2d} (stride defaults to the kernel). */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;

    /** Kernel = stride, no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0, 1);
    }

    /** Square kernel, stride and padding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, 1);
    }

    /** Square kernel, stride, padding and dilation. */
    public MaxPool2d(int kernel, int stride, int padding, int dilation) {
        if (kernel < 1 || stride < 1 || dilation < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("MaxPool2d: kernel " + kernel + ", stride " + stride + " and dilation "
                    + dilation + " must be positive, padding " + padding + " between 0 and half the kernel");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pool.maxPool2d(x, kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    @Override
    public String toString() {
        return "MaxPool2d(kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (dilation != 1 ? ", dilation=" + dilation : "") + ")";
    }
}
