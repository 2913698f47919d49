package dev.descent.landscape;

import java.util.Arrays;

/**
 * An axis-aligned box {@code [lower_0, upper_0] x [lower_1, upper_1] x ...}: the usual domain of a
 * test function, or the region searched for critical points.
 */
public record Box(double[] lower, double[] upper) {
    public Box {
        if (lower.length != upper.length || lower.length == 0) {
            throw new IllegalArgumentException("a box needs as many lower as upper bounds, at least one: got "
                    + lower.length + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (!(lower[i] < upper[i]) || !Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
                throw new IllegalArgumentException("box side " + i + " must be a finite interval with lower < upper, got ["
                        + lower[i] + ", " + upper[i] + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** A box from intervals given as lo0, hi0, lo1, hi1, ... */
    public static Box of(double... bounds) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("Box.of takes pairs lo, hi; got " + bounds.length + " numbers");
        }
        int n = bounds.length / 2;
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            lo[i] = bounds[2 * i];
            hi[i] = bounds[2 * i + 1];
        }
        return new Box(lo, hi);
    }

    /** The cube {@code [lo, hi]^n}. */
    public static Box cube(double lo, double hi, int n) {
        double[] l = new double[n];
        double[] h = new double[n];
        Arrays.fill(l, lo);
        Arrays.fill(h, hi);
        return new Box(l, h);
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** Lower bound of side {@code i}. */
    public double lower(int i) {
        return lower[i];
    }

    /** Upper bound of side {@code i}. */
    public double upper(int i) {
        return upper[i];
    }

    /** The number of sides. */
    public int dimension() {
        return lower.length;
    }

    /** The length of the diagonal. */
    public double diagonal() {
        double s = 0;
        for (int i = 0; i < lower.length; i++) {
            s += (upper[i] - lower[i]) * (upper[i] - lower[i]);
        }
        return Math.sqrt(s);
    }

    /** True when {@code p} lies in the box enlarged by {@code slack} times each side's length. */
    public boolean contains(double[] p, double slack) {
        for (int i = 0; i < lower.length; i++) {
            double pad = slack * (upper[i] - lower[i]);
            if (!(p[i] >= lower[i] - pad && p[i] <= upper[i] + pad)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    /** {@code [-5, 5] x [-5, 5]}, numbers in shortest round-trip form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lower.length; i++) {
            if (i > 0) {
                sb.append(" x ");
            }
            sb.append('[').append(Numbers.format(lower[i])).append(", ").append(Numbers.format(upper[i])).append(']');
        }
        return sb.toString();
    }
}
