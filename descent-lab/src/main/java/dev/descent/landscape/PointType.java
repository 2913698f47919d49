package dev.descent.landscape;

/**
 * What the second-derivative test says about a point. {@link #label()} is the word used by the
 * command line and its JSON: {@code minimum maximum saddle degenerate not-critical}.
 */
public enum PointType {
    /** The gradient vanishes and every Hessian eigenvalue is positive. */
    MINIMUM("minimum"),
    /** The gradient vanishes and every Hessian eigenvalue is negative. */
    MAXIMUM("maximum"),
    /** The gradient vanishes and the Hessian has eigenvalues of both signs. */
    SADDLE("saddle"),
    /**
     * The gradient vanishes but the test is inconclusive: some eigenvalue is zero (within tolerance)
     * and the others share a sign, or the derivatives are not finite (a kink, as at Ackley's origin).
     */
    DEGENERATE("degenerate"),
    /** The gradient does not vanish. */
    NOT_CRITICAL("not-critical");

    private final String label;

    PointType(String label) {
        this.label = label;
    }

    /** The lower-case, hyphenated name: {@code not-critical}. */
    public String label() {
        return label;
    }

    /** The type with this label. */
    public static PointType fromLabel(String label) {
        for (PointType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown point type '" + label
                + "' (known: minimum, maximum, saddle, degenerate, not-critical)");
    }

    @Override
    public String toString() {
        return label;
    }
}
