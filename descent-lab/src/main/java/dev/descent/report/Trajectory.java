package dev.descent.report;

/**
 * The path of an optimizer: points (x[k], y[k]) after k steps, with the loss z[k] for 3-D pictures.
 * {@code z} may be {@code null}; 3-D pictures then read heights off the surface.
 */
public record Trajectory(String name, double[] x, double[] y, double[] z) {

    public Trajectory {
        if (x.length != y.length || (z != null && z.length != x.length)) {
            throw new IllegalArgumentException("trajectory '" + name + "' has " + x.length + " x, " + y.length + " y and "
                + (z == null ? "no" : Integer.toString(z.length)) + " z values: they must match");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("trajectory '" + name + "' is empty: it needs at least its start point");
        }
    }

    /** A trajectory without heights. */
    public static Trajectory of(String name, double[] x, double[] y) {
        return new Trajectory(name, x, y, null);
    }

    /** Number of points (steps + 1). */
    public int length() {
        return x.length;
    }

    /** The first {@code n} points (at least 1), for animations that grow a path. */
    public Trajectory prefix(int n) {
        int m = Math.clamp(n, 1, x.length);
        return new Trajectory(name, java.util.Arrays.copyOf(x, m), java.util.Arrays.copyOf(y, m),
            z == null ? null : java.util.Arrays.copyOf(z, m));
    }
}
