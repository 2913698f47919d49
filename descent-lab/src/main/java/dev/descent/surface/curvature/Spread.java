package dev.descent.surface.curvature;

import java.util.Arrays;
import java.util.Locale;

/**
 * The spread of an estimate over repeated seeds (PyHessian issue #5 reports λmax from 159 to 1587
 * over 10 runs on 128 samples: always show it).
 *
 * @param values the estimates, one per seed
 */
public record Spread(double[] values, double mean, double std, double min, double max) {

    /** Mean, sample standard deviation (0 for one value), minimum and maximum. */
    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
        return new Spread(values.clone(), mean, std, Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow());
    }

    /** {@code 12.3 ± 0.4 (min 11.9, max 12.8, 5 seeds)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.6g ± %.2g (min %.6g, max %.6g, %d seed%s)", mean, std, min, max, values.length,
                values.length == 1 ? "" : "s");
    }
}
