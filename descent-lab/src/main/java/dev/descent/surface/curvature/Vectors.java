package dev.descent.surface.curvature;

import dev.descent.tensor.Generator;

/** Dense vector helpers for the eigen-solvers (double precision, allocation visible at call sites). */
public final class Vectors {
    private Vectors() {}

    /** ⟨a, b⟩, summed in order. */
    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot of vectors of lengths " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖a‖₂. */
    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code y ← y + alpha·x} in place; returns y. */
    public static double[] axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
        return y;
    }

    /** {@code a ← c·a} in place; returns a. */
    public static double[] scale(double c, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
        return a;
    }

    /** a / ‖a‖ in place (PyHessian adds 1e-6 to the norm; here a zero vector is an error). Returns a. */
    public static double[] normalize(double[] a) {
        double n = norm(a);
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new ArithmeticException("cannot normalize a vector of norm " + n);
        }
        return scale(1 / n, a);
    }

    /** Standard normal entries from {@code gen}. */
    public static double[] gaussian(int n, Generator gen) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = gen.nextGaussian();
        }
        return v;
    }

    /** Rademacher entries (±1 with equal probability) from {@code gen}. */
    public static double[] rademacher(int n, Generator gen) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (gen.nextLong() & 1L) == 0 ? 1.0 : -1.0;
        }
        return v;
    }

    /**
     * Removes from {@code v} its components along the orthonormal {@code basis} vectors (classical
     * Gram–Schmidt applied twice, "twice is enough"), in place; returns v.
     */
    public static double[] orthogonalize(double[] v, Iterable<double[]> basis) {
        for (int pass = 0; pass < 2; pass++) {
            for (double[] q : basis) {
                axpy(-dot(q, v), q, v);
            }
        }
        return v;
    }
}
