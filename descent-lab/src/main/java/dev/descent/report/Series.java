package dev.descent.report;

/**
 * A named y-versus-x series for line plots. Non-finite points are left out of the line (a gap).
 */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
        }
    }

    /** A series over steps 0, 1, 2, ... */
    public static Series ofSteps(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new Series(name, x, y);
    }
}
