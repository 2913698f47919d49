package dev.descent.nn;

import dev.descent.ops.PoolGeometry;
import dev.descent.tensor.Tensor;

/**
 * Average pooling over {@code [N, C, H, W]}, as {@code torch.nn.AvgPool2d}: stride defaults to the
 * kernel, kernel, stride and padding may differ per axis, and padded zeros count in the divisor
 * unless {@code countIncludePad} is false. With {@code ceilMode} the output size rounds up; the
 * windows that run past the padded input divide by their clipped size, as PyTorch (see
 * {@link PoolGeometry}).
 */
public final class AvgPool2d extends Module {
    private final PoolWindow win;
    private final boolean countIncludePad;
    private final boolean ceilMode;

    /** Kernel = stride, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    /** Square kernel, stride and padding; padding counts in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, true);
    }

    /** Square kernel, stride and padding. */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this(kernel, kernel, stride, stride, padding, padding, countIncludePad, false);
    }

    /** The general layer: kernel, stride and padding per axis, and PyTorch's {@code ceil_mode}. */
    public AvgPool2d(int kH, int kW, int sH, int sW, int pH, int pW, boolean countIncludePad, boolean ceilMode) {
        this.win = PoolWindow.checked("AvgPool2d", kH, kW, sH, sW, pH, pW, 1, 1);
        this.countIncludePad = countIncludePad;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        PoolWindow w = win;
        return PoolGeometry.avgPool2d(x, w.kH(), w.kW(), w.sH(), w.sW(), w.pH(), w.pW(), countIncludePad, ceilMode);
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + win.describe() + (countIncludePad ? "" : ", count_include_pad=false")
                + (ceilMode ? ", ceil_mode=true" : "") + ")";
    }
}
