package dev.descent.report;

import java.util.function.DoubleBinaryOperator;

/**
 * A scalar field sampled on a rectangular grid: {@code z[j][i]} is the value at {@code (x[i], y[j])}.
 * Coordinates must be strictly increasing. Non-finite values are allowed and drawn as missing.
 *
 * @param x the nx column coordinates
 * @param y the ny row coordinates
 * @param z ny rows of nx values
 */
public record Grid(double[] x, double[] y, double[][] z) {

    public Grid {
        if (x.length < 2 || y.length < 2) {
            throw new IllegalArgumentException("a grid needs at least 2x2 points, got " + x.length + "x" + y.length);
        }
        checkIncreasing("x", x);
        checkIncreasing("y", y);
        if (z.length != y.length) {
            throw new IllegalArgumentException("z has " + z.length + " rows but y has " + y.length + " values: z is z[ny][nx]");
        }
        for (int j = 0; j < z.length; j++) {
            if (z[j].length != x.length) {
                throw new IllegalArgumentException("z row " + j + " has " + z[j].length + " values but x has " + x.length);
            }
        }
    }

    private static void checkIncreasing(String name, double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] > v[i - 1])) {
                throw new IllegalArgumentException(name + " must be strictly increasing, but " + name + "[" + (i - 1)
                    + "]=" + v[i - 1] + " and " + name + "[" + i + "]=" + v[i]);
            }
        }
    }

    /** Samples {@code f(x, y)} on an evenly spaced {@code nx × ny} grid. */
    public static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, int nx, double yMin, double yMax, int ny) {
        double[] x = linspace(xMin, xMax, nx);
        double[] y = linspace(yMin, yMax, ny);
        double[][] z = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                z[j][i] = f.applyAsDouble(x[i], y[j]);
            }
        }
        return new Grid(x, y, z);
    }

    /** {@code n} evenly spaced values from {@code a} to {@code b} inclusive. */
    public static double[] linspace(double a, double b, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("linspace needs n >= 2, got " + n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        v[n - 1] = b;
        return v;
    }

    public int nx() {
        return x.length;
    }

    public int ny() {
        return y.length;
    }

    public double xMin() {
        return x[0];
    }

    public double xMax() {
        return x[x.length - 1];
    }

    public double yMin() {
        return y[0];
    }

    public double yMax() {
        return y[y.length - 1];
    }

    /** Smallest finite value (NaN if there is none). */
    public double zMin() {
        double m = Double.POSITIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v < m) {
                    m = v;
                }
            }
        }
        return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
    }

    /** Largest finite value (NaN if there is none). */
    public double zMax() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v > m) {
                    m = v;
                }
            }
        }
        return m == Double.NEGATIVE_INFINITY ? Double.NaN : m;
    }

    /** Bilinear interpolation at (px, py), clamped to the grid. */
    public double valueAt(double px, double py) {
        return bilinear(z, px, py);
    }

    /**
     * The gradient (df/dx, df/dy) at (px, py): central differences at the grid nodes (one-sided at
     * the border), interpolated bilinearly.
     */
    public double[] gradientAt(double px, double py) {
        double[][] gx = new double[2][2];
        double[][] gy = new double[2][2];
        int i = cell(x, px);
        int j = cell(y, py);
        for (int dj = 0; dj < 2; dj++) {
            for (int di = 0; di < 2; di++) {
                gx[dj][di] = dx(i + di, j + dj);
                gy[dj][di] = dy(i + di, j + dj);
            }
        }
        double tx = Math.clamp((px - x[i]) / (x[i + 1] - x[i]), 0, 1);
        double ty = Math.clamp((py - y[j]) / (y[j + 1] - y[j]), 0, 1);
        return new double[] {lerp2(gx, tx, ty), lerp2(gy, tx, ty)};
    }

    private double dx(int i, int j) {
        int a = Math.max(0, i - 1);
        int b = Math.min(x.length - 1, i + 1);
        return (z[j][b] - z[j][a]) / (x[b] - x[a]);
    }

    private double dy(int i, int j) {
        int a = Math.max(0, j - 1);
        int b = Math.min(y.length - 1, j + 1);
        return (z[b][i] - z[a][i]) / (y[b] - y[a]);
    }

    private double bilinear(double[][] f, double px, double py) {
        int i = cell(x, px);
        int j = cell(y, py);
        double tx = Math.clamp((px - x[i]) / (x[i + 1] - x[i]), 0, 1);
        double ty = Math.clamp((py - y[j]) / (y[j + 1] - y[j]), 0, 1);
        double[][] c = {{f[j][i], f[j][i + 1]}, {f[j + 1][i], f[j + 1][i + 1]}};
        return lerp2(c, tx, ty);
    }

    private static double lerp2(double[][] c, double tx, double ty) {
        double a = c[0][0] + (c[0][1] - c[0][0]) * tx;
        double b = c[1][0] + (c[1][1] - c[1][0]) * tx;
        return a + (b - a) * ty;
    }

    /** Index i of the cell [v[i], v[i+1]] holding p (clamped to the first or last cell). */
    static int cell(double[] v, double p) {
        int lo = 0;
        int hi = v.length - 2;
        if (p <= v[0]) {
            return 0;
        }
        if (p >= v[v.length - 1]) {
            return hi;
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (v[mid] <= p) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
