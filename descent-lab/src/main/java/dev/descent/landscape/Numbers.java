package dev.descent.landscape;

/** Number formatting shared by the lab's text outputs. */
public final class Numbers {
    private Numbers() {}

    /**
     * The shortest text that reads back as exactly {@code v}: {@link Double#toString} (shortest
     * round-trip since JDK 19), with integers below 1e16 written without ".0" ({@code 5}, {@code -2},
     * and {@code -0} for negative zero). {@code NaN} and {@code Infinity} are written as Java writes them.
     */
    public static String format(double v) {
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
