package dev.descent.surface.curvature;

import dev.descent.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * Top eigenvalues by power iteration with deflation, exactly as PyHessian's
 * {@code hessian.eigenvalues(maxIter, tol, top_n)}:
 * <pre>
 *   for k = 1..topK:
 *     v ← Gaussian, v ← v/‖v‖
 *     repeat up to maxIter times:
 *       v ← v − Σ_{j&lt;k} ⟨v, u_j⟩ u_j              (deflation: Gram–Schmidt against the pairs already found)
 *       w ← A v;  λ ← ⟨w, v⟩                       (Rayleigh quotient)
 *       v ← w/‖w‖
 *       stop when |λ − λ_prev| / (|λ_prev| + 1e-6) &lt; tol
 * </pre>
 * Each value is the eigenvalue of largest <em>magnitude</em> in the deflated space (a large negative
 * eigenvalue wins over a small positive one), as in PyHessian. Values come out in the order found;
 * convergence is geometric with ratio |λ₂/λ₁|, so close eigenvalues need many iterations. PyHessian's
 * defaults are {@code maxIter = 100}, {@code tol = 1e-3}.
 */
public final class PowerIteration {
    private PowerIteration() {}

    /** PyHessian's defaults: 100 iterations, tolerance 1e-3. */
    public static Eigenpairs top(LinearOperator a, int topK, Generator gen) {
        return top(a, topK, 100, 1e-3, gen);
    }

    /**
     * The {@code topK} largest-magnitude eigenpairs.
     *
     * @param maxIter iteration limit per eigenvalue
     * @param tol     relative change of the Rayleigh quotient that ends the iteration
     * @param gen     source of the Gaussian start vectors
     */
    public static Eigenpairs top(LinearOperator a, int topK, int maxIter, double tol, Generator gen) {
        int n = a.dim();
        if (topK < 1 || topK > n) {
            throw new IllegalArgumentException("topK must be in [1, " + n + "], got " + topK);
        }
        if (maxIter < 1 || !(tol >= 0)) {
            throw new IllegalArgumentException("need maxIter >= 1 and tol >= 0, got " + maxIter + " and " + tol);
        }
        double[] values = new double[topK];
        double[][] vectors = new double[topK][];
        int[] iterations = new int[topK];
        boolean[] converged = new boolean[topK];
        double[] residuals = new double[topK];
        List<double[]> found = new ArrayList<>();
        int products = 0;
        for (int k = 0; k < topK; k++) {
            double[] v = Vectors.normalize(Vectors.gaussian(n, gen));
            double lambda = Double.NaN;
            double[] w = null;
            double[] vUsed = v;
            int it = 0;
            boolean done = false;
            while (it < maxIter && !done) {
                it++;
                Vectors.orthogonalize(v, found);
                Vectors.normalize(v);
                vUsed = v.clone();
                w = a.apply(v);
                products++;
                double tmp = Vectors.dot(w, v);
                if (!Double.isNaN(lambda) && Math.abs(lambda - tmp) / (Math.abs(lambda) + 1e-6) < tol) {
                    done = true;
                }
                lambda = tmp;
                double wn = Vectors.norm(w);
                if (wn == 0) { // v is in the null space: the deflated operator is zero
                    done = true;
                    v = vUsed;
                } else {
                    v = Vectors.scale(1 / wn, w.clone());
                }
            }
            // the pair (λ, vUsed) is the Rayleigh pair of the last product: its residual is exact
            double[] r = w.clone();
            Vectors.axpy(-lambda, vUsed, r);
            values[k] = lambda;
            vectors[k] = vUsed;
            iterations[k] = it;
            converged[k] = done;
            residuals[k] = Vectors.norm(r);
            found.add(vUsed);
        }
        return new Eigenpairs(values, vectors, iterations, converged, residuals, products, tol);
    }
}
