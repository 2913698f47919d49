package dev.descent.nn;

import java.util.Locale;

/**
 * PyTorch's string padding of a convolution along one axis. "valid" is no padding. "same" keeps the
 * length (stride 1 only, as PyTorch): the total {@code d·(k − 1)} is split as {@code before = total/2}
 * on the left/top and {@code before + extra} on the right/bottom, {@code extra} being the odd element
 * that PyTorch also puts on the right.
 */
record StringPadding(int before, int extra) {

    /** The padding of one axis for {@code mode} ("same" or "valid"). */
    static StringPadding of(String layer, String mode, int kernel, int stride, int dilation) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "valid" -> new StringPadding(0, 0);
            case "same" -> {
                if (stride != 1) {
                    throw new IllegalArgumentException(layer + ": padding='same' is not supported for strided"
                            + " convolutions (stride " + stride + "); use stride 1 or a numeric padding");
                }
                int total = dilation * (kernel - 1);
                yield new StringPadding(total / 2, total % 2);
            }
            default -> throw new IllegalArgumentException(layer + ": invalid padding string '" + mode
                    + "', should be one of 'valid' or 'same'");
        };
    }
}
