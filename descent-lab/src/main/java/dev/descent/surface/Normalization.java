package dev.descent.surface;

import java.util.Locale;

/**
 * How a random direction is scaled to the parameters it perturbs (LL's {@code --xnorm}), applied
 * to every tensor of dimension above 1; tensors of dimension ≤ 1 (biases, batch-norm γ and β) are
 * handled by the {@code biasbn} rule instead (see {@link Direction#normalized}).
 */
public enum Normalization {
    /**
     * Filter normalization (Li et al. 2018): for each slice along the first axis (a convolution's
     * output filter, a linear layer's row = one neuron's incoming weights),
     * {@code d_f ← d_f · ‖θ_f‖ / (‖d_f‖ + 1e-10)}, Frobenius norms.
     */
    FILTER,
    /** Layer normalization: the whole tensor, {@code d ← d · ‖θ‖ / (‖d‖ + 1e-10)}. */
    LAYER,
    /** No rescaling: the raw Gaussian direction. */
    NONE;

    /** {@code filter}, {@code layer} or {@code none}. */
    public static Normalization parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "filter" -> FILTER;
            case "layer" -> LAYER;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown normalization '" + s + "': use filter, layer or none");
        };
    }

    /** The lower-case name used on the command line and in metadata. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
