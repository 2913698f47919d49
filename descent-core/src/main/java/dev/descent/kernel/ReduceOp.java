package dev.descent.kernel;

/** The value reductions of {@link Reduce}, with their identity and how partial results combine. */
enum ReduceOp {
    SUM,
    SUM_OF_SQUARES,
    PROD,
    MAX,
    MIN;

    /** The result of reducing nothing: 0, 0, 1, -inf, +inf (torch gives the same for empty sums and products). */
    double identity() {
        return switch (this) {
            case SUM, SUM_OF_SQUARES -> 0;
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    /** Combines two partial results (in chunk order, so the result does not depend on threads). */
    double combine(double acc, double part) {
        return switch (this) {
            case SUM, SUM_OF_SQUARES -> acc + part;
            case PROD -> acc * part;
            case MAX -> Math.max(acc, part);
            case MIN -> Math.min(acc, part);
        };
    }
}
