package dev.descent.surface.curvature;

import java.util.Arrays;

/**
 * Eigenvalue estimates from an iterative solver, with the bookkeeping needed to judge them.
 *
 * @param values     the estimates, in the order the solver defines (documented by each solver)
 * @param vectors    the unit eigenvector estimates, {@code vectors[k]} for {@code values[k]}
 * @param iterations iterations spent on each value (power iteration) or the Krylov dimension reached (Lanczos, same for all)
 * @param converged  whether each value met the tolerance before the iteration limit
 * @param residuals  {@code ‖A v − λ v‖} for each pair (exact for power iteration; the Lanczos bound β_m·|s_mk|)
 * @param products   operator applications spent in all (Hessian-vector products for a Hessian)
 * @param tolerance  the tolerance the solver was given
 */
public record Eigenpairs(double[] values, double[][] vectors, int[] iterations, boolean[] converged, double[] residuals,
                         int products, double tolerance) {

    /** Number of pairs. */
    public int size() {
        return values.length;
    }

    /** True when every value converged. */
    public boolean allConverged() {
        for (boolean c : converged) {
            if (!c) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Eigenpairs" + Arrays.toString(values) + " (iterations " + Arrays.toString(iterations) + ", converged "
                + Arrays.toString(converged) + ", " + products + " products, tol " + tolerance + ")";
    }
}
