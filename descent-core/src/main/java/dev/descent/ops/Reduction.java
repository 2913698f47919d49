package dev.descent.ops;

/**
 * How a loss turns per-element losses into its result, as PyTorch's {@code reduction} argument:
 * {@code NONE} keeps them, {@code SUM} adds them, {@code MEAN} averages them (for class losses with
 * class weights, divides by the total weight of the counted targets instead of their number).
 */
public enum Reduction {
    NONE, MEAN, SUM;

    /** Parses PyTorch's spelling: {@code none}, {@code mean}, {@code sum}. */
    public static Reduction parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            default -> throw new IllegalArgumentException("unknown reduction '" + s + "': use none, mean or sum");
        };
    }
}
