package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Public entry to the initialisation-statistics assertions for tests in other packages (the zoo). */
public final class InitStatsTestAccess {
    private InitStatsTestAccess() {}

    /** See {@link InitStatsTest#assertUniform}. */
    public static void assertUniform(Tensor t, double bound, String what) {
        InitStatsTest.assertUniform(t, bound, what);
    }

    /** See {@link InitStatsTest#assertNormal}. */
    public static void assertNormal(Tensor t, double std, String what) {
        InitStatsTest.assertNormal(t, std, what);
    }
}
