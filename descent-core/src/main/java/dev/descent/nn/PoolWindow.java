package dev.descent.nn;

/**
 * The window of a 2-D pooling layer per axis: kernel, stride, padding and dilation (height first),
 * checked as PyTorch does (positive sizes, padding at most half the kernel).
 */
record PoolWindow(int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
    /** The window of layer {@code layer} (named in the error message), checked. */
    static PoolWindow checked(String layer, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
        if (kH < 1 || kW < 1 || sH < 1 || sW < 1 || dH < 1 || dW < 1 || pH < 0 || pW < 0 || 2 * pH > kH
                || 2 * pW > kW) {
            throw new IllegalArgumentException(layer + ": kernel " + kH + "x" + kW + ", stride " + sH + "x" + sW
                    + " and dilation " + dH + "x" + dW + " must be positive, padding " + pH + "x" + pW
                    + " between 0 and half the kernel");
        }
        return new PoolWindow(kH, kW, sH, sW, pH, pW, dH, dW);
    }

    /** torch's repr of the window: {@code kernel_size=3, stride=2, padding=1} (pairs where the axes differ). */
    String describe() {
        return "kernel_size=" + Conv2d.pair(kH, kW) + ", stride=" + Conv2d.pair(sH, sW) + ", padding="
                + Conv2d.pair(pH, pW) + (dH != 1 || dW != 1 ? ", dilation=" + Conv2d.pair(dH, dW) : "");
    }
}
