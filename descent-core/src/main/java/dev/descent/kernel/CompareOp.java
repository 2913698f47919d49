package dev.descent.kernel;

/**
 * Elementwise comparisons, producing 1 where the relation holds and 0 elsewhere.
 *
 * <p>IEEE semantics: every comparison with a NaN is false except {@code NE}, which is true (as in
 * torch and Java); {@code -0.0 == +0.0}.
 */
public enum CompareOp {
    /** {@code a == b}. */
    EQ,
    /** {@code a != b}. */
    NE,
    /** {@code a < b}. */
    LT,
    /** {@code a <= b}. */
    LE,
    /** {@code a > b}. */
    GT,
    /** {@code a >= b}. */
    GE;

    /** The relation on doubles (floats widen exactly). */
    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }
}
