package dev.descent.ops;

import dev.descent.tensor.Tensor;

/**
 * Pooling with PyTorch's {@code ceil_mode}: the output size rounds up instead of down, and the
 * extra windows that this adds at the bottom and right may run past the padded input. PyTorch's
 * rule (ATen's {@code pooling_output_shape}):
 * <pre>
 *   out = ⌊(in + 2p − d·(k − 1) − 1 + (ceil ? s − 1 : 0)) / s⌋ + 1
 *   if ceil and (out − 1)·s ≥ in + p: out −= 1     (the last window must start inside the input or left padding)
 * </pre>
 * The overhang is made explicit here: the input is extended on the bottom and right (−∞ for max
 * pooling, which never wins; zeros for average pooling), and the floor-mode op of {@link Pool} runs
 * on the extended input. For average pooling PyTorch divides by the window clipped to the padded
 * input ({@code count_include_pad}) or to the input itself, never by the overhang, so the averages
 * are rebuilt as window sums over that divisor.
 */
public final class PoolGeometry {
    private PoolGeometry() {}

    /** The output length along one axis, as PyTorch (see the class comment). */
    public static int outputSize(int in, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int span = in + 2 * padding - dilation * (kernel - 1) - 1;
        int out = Math.floorDiv(span + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + padding) {
            out--;
        }
        return out;
    }

    /** How far the last window reaches past the padded input along one axis (0 when it does not). */
    static int overhang(int in, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int out = outputSize(in, kernel, stride, padding, dilation, ceilMode);
        return Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - (in + 2 * padding));
    }

    /** {@link Pool#maxPool2d(Tensor, int, int, int, int, int, int, int, int)} with {@code ceilMode}. */
    public static Tensor maxPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW,
                                   boolean ceilMode) {
        checkInput("maxPool2d", x);
        int eh = overhang(x.size(-2), kH, sH, pH, dH, ceilMode);
        int ew = overhang(x.size(-1), kW, sW, pW, dW, ceilMode);
        Tensor ext = Padding.constant(Padding.constant(x, -2, 0, eh, Double.NEGATIVE_INFINITY), -1, 0, ew,
                Double.NEGATIVE_INFINITY);
        return Pool.maxPool2d(ext, kH, kW, sH, sW, pH, pW, dH, dW);
    }

    /** {@link Pool#avgPool2d(Tensor, int, int, int, int, int, int, boolean)} with {@code ceilMode}. */
    public static Tensor avgPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, boolean countIncludePad,
                                   boolean ceilMode) {
        checkInput("avgPool2d", x);
        int h = x.size(-2);
        int w = x.size(-1);
        int eh = overhang(h, kH, sH, pH, 1, ceilMode);
        int ew = overhang(w, kW, sW, pW, 1, ceilMode);
        if (eh == 0 && ew == 0) {
            return Pool.avgPool2d(x, kH, kW, sH, sW, pH, pW, countIncludePad);
        }
        Tensor ext = Padding.constant(Padding.constant(x, -2, pH, pH + eh, 0), -1, pW, pW + ew, 0);
        Tensor sums = Pool.avgPool2d(ext, kH, kW, sH, sW, 0, 0, true).mul((double) kH * kW);
        int oh = outputSize(h, kH, sH, pH, 1, true);
        int ow = outputSize(w, kW, sW, pW, 1, true);
        double[] divisor = new double[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                divisor[i * ow + j] = (double) count(i * sH - pH, kH, h, pH, countIncludePad)
                        * count(j * sW - pW, kW, w, pW, countIncludePad);
            }
        }
        return sums.div(Tensor.of(divisor, oh, ow).to(x.dtype()));
    }

    /** The window length PyTorch divides by along one axis: clipped to the padded input, or to the input. */
    private static int count(int start, int kernel, int in, int padding, boolean countIncludePad) {
        int end = Math.min(start + kernel, in + padding);
        if (countIncludePad) {
            return end - start;
        }
        return Math.min(end, in) - Math.max(start, 0);
    }

    private static void checkInput(String op, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected [N, C, H, W] or [C, H, W], got "
                    + dev.descent.tensor.Shape.str(x.shapeRef()));
        }
    }
}
