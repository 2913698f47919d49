package dev.descent.surface.curvature;

import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.tensor.Generator;

/**
 * The eigenvalue density by stochastic Lanczos quadrature (SLQ), as PyHessian's
 * {@code hessian.density(iter, n_v)}: for each of {@code runs} probes, a Lanczos run of {@code steps}
 * steps with full reorthogonalization from a normalized Rademacher vector v gives the tridiagonal T;
 * its eigenvalues θ_k are the quadrature nodes and the squared first components τ_k = s_{1k}² of its
 * eigenvectors the weights (PyHessian PR #23), so that {@code vᵀ f(A) v ≈ Σ_k τ_k f(θ_k)}, exactly for
 * polynomials of degree below {@code 2·steps}. The density φ(t) = (1/n) Σ_i δ(t − λ_i) is then
 * approximated by {@code (1/runs) Σ_runs Σ_k τ_k δ(t − θ_k)}.
 */
public final class SpectralDensity {
    private SpectralDensity() {}

    /**
     * @param nodes    nodes[r][k] = θ_k of run r (ascending)
     * @param weights  weights[r][k] = τ_k (each run's weights sum to 1)
     * @param products operator applications in all
     */
    public record Result(double[][] nodes, double[][] weights, int products) {
        /** Number of probe vectors. */
        public int runs() {
            return nodes.length;
        }

        /** The quadrature estimate of {@code (1/n) tr f(A)}, averaged over the runs. */
        public double moment(java.util.function.DoubleUnaryOperator f) {
            double s = 0;
            for (int r = 0; r < nodes.length; r++) {
                for (int k = 0; k < nodes[r].length; k++) {
                    s += weights[r][k] * f.applyAsDouble(nodes[r][k]);
                }
            }
            return s / nodes.length;
        }

        /** Smallest node over all runs. */
        public double minNode() {
            double m = Double.POSITIVE_INFINITY;
            for (double[] row : nodes) {
                m = Math.min(m, row[0]);
            }
            return m;
        }

        /** Largest node over all runs. */
        public double maxNode() {
            double m = Double.NEGATIVE_INFINITY;
            for (double[] row : nodes) {
                m = Math.max(m, row[row.length - 1]);
            }
            return m;
        }

        /**
         * The smoothed density on a grid, as PyHessian's {@code density_generate}: the grid runs from the
         * mean (over runs) of the smallest node − {@code overhead} to the mean of the largest + overhead in
         * {@code bins} points; each node contributes τ·N(t; θ, s) with variance
         * {@code s = sigmaSquared·max(1, λmax − λmin)}; runs are averaged and the curve is normalized
         * so that its Riemann sum is 1. PyHessian's plot uses 10,000 bins, σ² = 1e-5, overhead 0.01.
         */
        public Curve smooth(int bins, double sigmaSquared, double overhead) {
            if (bins < 2) {
                throw new IllegalArgumentException("need at least 2 bins, got " + bins);
            }
            double lmax = 0;
            double lmin = 0;
            for (double[] row : nodes) {
                lmax += row[row.length - 1];
                lmin += row[0];
            }
            lmax = lmax / nodes.length + overhead;
            lmin = lmin / nodes.length - overhead;
            double[] grid = new double[bins];
            for (int j = 0; j < bins; j++) {
                grid[j] = lmin + (lmax - lmin) * j / (bins - 1);
            }
            double var = sigmaSquared * Math.max(1, lmax - lmin);
            double norm = 1 / Math.sqrt(2 * Math.PI * var);
            double[] density = new double[bins];
            for (int r = 0; r < nodes.length; r++) {
                for (int k = 0; k < nodes[r].length; k++) {
                    double theta = nodes[r][k];
                    double w = weights[r][k];
                    for (int j = 0; j < bins; j++) {
                        double d = grid[j] - theta;
                        density[j] += w * norm * Math.exp(-d * d / (2 * var));
                    }
                }
            }
            double total = 0;
            for (int j = 0; j < bins; j++) {
                density[j] /= nodes.length;
                total += density[j];
            }
            total *= grid[1] - grid[0];
            if (total > 0) {
                for (int j = 0; j < bins; j++) {
                    density[j] /= total;
                }
            }
            return new Curve(grid, density, var);
        }

        /** {@link #smooth} with PyHessian's plot settings (10,000 bins, σ² = 1e-5, overhead 0.01). */
        public Curve smooth() {
            return smooth(10_000, 1e-5, 0.01);
        }
    }

    /** A smoothed density: {@code density[j]} at {@code grid[j]}; {@code variance} of the Gaussian kernel. */
    public record Curve(double[] grid, double[] density, double variance) {}

    /** PyHessian's defaults: 100 Lanczos steps, one probe. */
    public static Result estimate(LinearOperator a, Generator gen) {
        return estimate(a, 100, 1, gen);
    }

    /** SLQ with {@code runs} probes of {@code steps} Lanczos steps each. */
    public static Result estimate(LinearOperator a, int steps, int runs, Generator gen) {
        if (steps < 1 || runs < 1) {
            throw new IllegalArgumentException("need steps >= 1 and runs >= 1, got " + steps + " and " + runs);
        }
        int n = a.dim();
        double[][] nodes = new double[runs][];
        double[][] weights = new double[runs][];
        int products = 0;
        for (int r = 0; r < runs; r++) {
            double[] v = Vectors.rademacher(n, gen);
            Lanczos.Run run = Lanczos.run(a, v, steps);
            products += run.products();
            SymmetricEigen e = run.ritz();
            int m = run.steps();
            nodes[r] = e.values().clone();
            weights[r] = new double[m];
            for (int k = 0; k < m; k++) {
                double s1 = e.vectors()[k][0];
                weights[r][k] = s1 * s1;
            }
        }
        return new Result(nodes, weights, products);
    }
}
