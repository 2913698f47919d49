package dev.descent.optim;

/** Hyperparameter validation with PyTorch's wording plus the constraint that was violated. */
final class Check {
    private Check() {}

    static void nonNegative(String what, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v + " (must be >= 0)");
        }
    }

    static void positive(String what, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v + " (must be > 0)");
        }
    }

    static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v + " (must be > 0)");
        }
    }

    /** 0 <= v < 1. */
    static void unitInterval(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v + " (must be in [0, 1))");
        }
    }

    /** 0 <= v <= 1. */
    static void closedUnitInterval(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v + " (must be in [0, 1])");
        }
    }

    static void lr(double lr) {
        nonNegative("learning rate", lr);
    }

    static void eps(double eps) {
        nonNegative("epsilon value", eps);
    }

    static void weightDecay(double wd) {
        nonNegative("weight_decay value", wd);
    }

    static void beta(int index, double b) {
        unitInterval("beta parameter at index " + index, b);
    }
}
