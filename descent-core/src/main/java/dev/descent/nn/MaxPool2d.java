package dev.descent.nn;

import dev.descent.ops.PoolGeometry;
import dev.descent.tensor.Tensor;

/**
 * Max pooling over {@code [N, C, H, W]}, as {@code torch.nn.MaxPool2d}: stride defaults to the
 * kernel; kernel, stride, padding and dilation may differ per axis; with {@code ceilMode} the output
 * size rounds up (see {@link PoolGeometry} for PyTorch's rule).
 */
public final class MaxPool2d extends Module {
    private final PoolWindow win;
    private final boolean ceilMode;

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
        this(kernel, kernel, stride, stride, padding, padding, dilation, dilation, false);
    }

    /** The general layer: kernel, stride, padding and dilation per axis, and PyTorch's {@code ceil_mode}. */
    public MaxPool2d(int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, boolean ceilMode) {
        this.win = PoolWindow.checked("MaxPool2d", kH, kW, sH, sW, pH, pW, dH, dW);
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        PoolWindow w = win;
        return PoolGeometry.maxPool2d(x, w.kH(), w.kW(), w.sH(), w.sW(), w.pH(), w.pW(), w.dH(), w.dW(), ceilMode);
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + win.describe() + (ceilMode ? ", ceil_mode=true" : "") + ")";
    }
}
