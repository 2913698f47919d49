package dev.descent.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Contour levels: linear ones at round numbers, or logarithmically spaced ones above the minimum
 * for functions like Rosenbrock whose interesting valley is orders of magnitude below the walls.
 * Levels cut the value range into bands; band {@code b} holds values between level {@code b-1}
 * and level {@code b}, and is coloured at {@code (b + 0.5) / (levels + 1)} of the colour map.
 */
public final class Levels {

    private final double[] values;
    private final boolean log;

    private Levels(double[] values, boolean log) {
        this.values = values;
        this.log = log;
    }

    /** About {@code n} levels at round numbers strictly inside {@code (zMin, zMax)}. */
    public static Levels linear(double zMin, double zMax, int n) {
        List<Double> v = new ArrayList<>();
        if (zMax > zMin) {
            for (Scale.Tick t : Scale.linear(zMin, zMax).ticks(n + 1)) {
                if (t.value() > zMin && t.value() < zMax) {
                    v.add(t.value());
                }
            }
        }
        return new Levels(v.stream().mapToDouble(Double::doubleValue).toArray(), false);
    }

    /**
     * Levels at {@code zMin + d} for d = 1, 2, 5 × 10^k spanning {@code decades} decades below the
     * range {@code zMax - zMin}.
     */
    public static Levels log(double zMin, double zMax, int decades) {
        double range = zMax - zMin;
        List<Double> v = new ArrayList<>();
        if (range > 0 && decades > 0) {
            double lo = range * Math.pow(10, -decades);
            int e0 = (int) Math.floor(Math.log10(lo));
            int e1 = (int) Math.ceil(Math.log10(range));
            for (int e = e0; e <= e1; e++) {
                for (int m : new int[] {1, 2, 5}) {
                    double d = m * Math.pow(10, e);
                    if (d >= lo && d < range) {
                        v.add(zMin + d);
                    }
                }
            }
        }
        return new Levels(v.stream().mapToDouble(Double::doubleValue).toArray(), true);
    }

    /** Exactly the given increasing levels. */
    public static Levels of(double... values) {
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1])) {
                throw new IllegalArgumentException("levels must increase, got " + values[i - 1] + " then " + values[i]);
            }
        }
        return new Levels(values.clone(), false);
    }

    public double[] values() {
        return values.clone();
    }

    public int count() {
        return values.length;
    }

    public boolean isLog() {
        return log;
    }

    /** Number of bands: one more than the levels. */
    public int bands() {
        return values.length + 1;
    }

    /** The band holding {@code z}: the number of levels at or below it. */
    public int band(double z) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= z) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Position of band {@code b}'s colour in the colour map. */
    public double bandPosition(int b) {
        return (b + 0.5) / bands();
    }

    /** A short label for level {@code i}. */
    public String label(int i) {
        double v = values[i];
        if (log) {
            double a = Math.abs(v);
            return Scale.format(v, a == 0 ? 1 : Math.pow(10, Math.floor(Math.log10(a))));
        }
        double step = values.length > 1 ? values[1] - values[0] : Math.max(Math.abs(v), 1);
        return Scale.format(v, step);
    }
}
