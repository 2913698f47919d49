package dev.descent.surface.curvature;

/**
 * A symmetric linear map {@code v ↦ A v} on {@code R^n}, known only through products: the Hessian of
 * a loss (by double backward), a dense test matrix, or a shifted operator {@code A − σI}. The
 * eigen-solvers of this package see nothing else, so each of them can be checked against a dense
 * matrix whose spectrum is known.
 */
public interface LinearOperator {
    /** The dimension n. */
    int dim();

    /** {@code A v}; {@code v} has length {@link #dim()} and is not modified. */
    double[] apply(double[] v);

    /** {@code A − σ I}: LL's shifted operator, whose largest-magnitude eigenvalue is λmin − σ when σ ≈ λmax/2. */
    default LinearOperator shifted(double sigma) {
        LinearOperator a = this;
        return new LinearOperator() {
            @Override
            public int dim() {
                return a.dim();
            }

            @Override
            public double[] apply(double[] v) {
                double[] y = a.apply(v);
                for (int i = 0; i < y.length; i++) {
                    y[i] -= sigma * v[i];
                }
                return y;
            }
        };
    }

    /** A dense symmetric matrix as an operator (for tests and small problems); rows are not copied. */
    static LinearOperator dense(double[][] a) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("dense operator needs a square matrix: a row has " + row.length
                        + " entries, expected " + n);
            }
        }
        return new LinearOperator() {
            @Override
            public int dim() {
                return n;
            }

            @Override
            public double[] apply(double[] v) {
                if (v.length != n) {
                    throw new IllegalArgumentException("vector of length " + v.length + " for an operator of dimension " + n);
                }
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    double[] row = a[i];
                    for (int j = 0; j < n; j++) {
                        s += row[j] * v[j];
                    }
                    y[i] = s;
                }
                return y;
            }
        };
    }

    /**
     * The dense matrix of this operator, built column by column ({@code A e_j}) and symmetrised
     * ({@code (A + Aᵀ)/2}; the asymmetry before that is reported by {@link #asymmetry(double[][])}).
     * Costs n products: for small models only.
     */
    default double[][] toDense() {
        int n = dim();
        double[][] a = new double[n][n];
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = apply(e);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                a[i][j] = col[i];
            }
        }
        return a;
    }

    /** max |a_ij − a_ji| / max |a_ij|: 0 for an exactly symmetric matrix. */
    static double asymmetry(double[][] a) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                diff = Math.max(diff, Math.abs(a[i][j] - a[j][i]));
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        return scale == 0 ? 0 : diff / scale;
    }

    /** {@code (A + Aᵀ)/2} as a new matrix. */
    static double[][] symmetrize(double[][] a) {
        int n = a.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        return s;
    }
}
