package dev.descent.surface.curvature;

import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.tensor.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Lanczos process with full reorthogonalization, and the eigenvalue estimates it gives.
 *
 * <p>From a unit start vector {@code q₁} it builds an orthonormal basis {@code Q_m} of the Krylov space
 * {@code span(q₁, A q₁, ..., A^{m−1} q₁)} and the tridiagonal {@code T_m = Q_mᵀ A Q_m}:
 * <pre>
 *   w ← A q_j − β_{j−1} q_{j−1};  α_j ← ⟨w, q_j⟩;  w ← w − α_j q_j
 *   w ← w − Σ_{i≤j} ⟨w, q_i⟩ q_i   (twice: full reorthogonalization, as PyHessian's SLQ)
 *   β_j ← ‖w‖;  q_{j+1} ← w/β_j
 * </pre>
 * The eigenvalues θ of {@code T_m} (Ritz values) approximate A's extreme eigenvalues first; with
 * {@code s} the unit eigenvector of {@code T_m} for θ, the Ritz vector is {@code Q_m s} and its residual
 * is exactly {@code ‖A Q_m s − θ Q_m s‖ = β_m |s_m|}, the bound used to stop. If β_j vanishes the
 * Krylov space is invariant and the Ritz values are exact eigenvalues.
 */
public final class Lanczos {
    private Lanczos() {}

    /**
     * One Lanczos run.
     *
     * @param alpha    the diagonal of T (length m)
     * @param beta     β₁..β_m: the off-diagonal of T is β₁..β_{m−1}; β_m is the residual norm after the last step
     * @param basis    q₁..q_m
     * @param products operator applications (m)
     * @param invariant true when the run stopped early because the Krylov space was invariant
     */
    public record Run(double[] alpha, double[] beta, List<double[]> basis, int products, boolean invariant) {
        /** The Krylov dimension m. */
        public int steps() {
            return alpha.length;
        }

        /** The dense m × m tridiagonal T. */
        public double[][] tridiagonal() {
            int m = alpha.length;
            double[][] t = new double[m][m];
            for (int i = 0; i < m; i++) {
                t[i][i] = alpha[i];
                if (i + 1 < m) {
                    t[i][i + 1] = beta[i];
                    t[i + 1][i] = beta[i];
                }
            }
            return t;
        }

        /** Ritz values (ascending) and the eigenvectors s of T ({@code vectors[k]} of length m). */
        public SymmetricEigen ritz() {
            return SymmetricEigen.of(tridiagonal());
        }

        /** The Ritz vector Q_m s for an eigenvector s of T. */
        public double[] ritzVector(double[] s) {
            double[] v = new double[basis.get(0).length];
            for (int j = 0; j < s.length; j++) {
                Vectors.axpy(s[j], basis.get(j), v);
            }
            return v;
        }

        /** The residual bound β_m·|s_m| of the Ritz pair with T-eigenvector s (0 after an invariant run). */
        public double residual(double[] s) {
            return invariant ? 0 : Math.abs(beta[alpha.length - 1] * s[s.length - 1]);
        }
    }

    /**
     * Runs {@code m} steps from {@code start} (normalized here; not modified), stopping early only if
     * the Krylov space becomes invariant.
     */
    public static Run run(LinearOperator a, double[] start, int m) {
        return run(a, start, m, null);
    }

    /** A stopping rule checked after every step: true ends the run. */
    @FunctionalInterface
    interface StepCheck {
        boolean done(double[] alpha, double[] beta, int steps);
    }

    static Run run(LinearOperator a, double[] start, int m, StepCheck check) {
        int n = a.dim();
        if (start.length != n) {
            throw new IllegalArgumentException("start vector of length " + start.length + " for an operator of dimension " + n);
        }
        if (m < 1) {
            throw new IllegalArgumentException("Lanczos needs at least one step, got " + m);
        }
        m = Math.min(m, n);
        double[] alpha = new double[m];
        double[] beta = new double[m];
        List<double[]> q = new ArrayList<>();
        q.add(Vectors.normalize(start.clone()));
        int steps = 0;
        boolean invariant = false;
        double scale = 0;
        for (int j = 0; j < m; j++) {
            double[] qj = q.get(j);
            double[] w = a.apply(qj);
            steps++;
            if (j > 0) {
                Vectors.axpy(-beta[j - 1], q.get(j - 1), w);
            }
            alpha[j] = Vectors.dot(w, qj);
            Vectors.axpy(-alpha[j], qj, w);
            Vectors.orthogonalize(w, q);
            beta[j] = Vectors.norm(w);
            scale = Math.max(scale, Math.abs(alpha[j]) + beta[j] + (j > 0 ? beta[j - 1] : 0));
            if (beta[j] <= 1e-12 * Math.max(scale, Double.MIN_NORMAL)) {
                invariant = true;
                break;
            }
            if (check != null && check.done(alpha, beta, j + 1)) {
                break;
            }
            if (j + 1 < m) {
                q.add(Vectors.scale(1 / beta[j], w));
            }
        }
        return new Run(Arrays.copyOf(alpha, steps), Arrays.copyOf(beta, steps), List.copyOf(q.subList(0, steps)), steps,
                invariant || steps == n);
    }

    /** Which end of the spectrum {@link #eigenpairs} wants. */
    public enum Which {
        /** Largest algebraic values, in descending order. */
        LARGEST,
        /** Smallest algebraic values, in ascending order. */
        SMALLEST,
        /** Largest magnitude, in descending order of |λ| (ARPACK's and scipy {@code eigsh}'s default {@code 'LM'}). */
        LARGEST_MAGNITUDE
    }

    /** The {@code k} largest eigenpairs (descending), from a Gaussian start. */
    public static Eigenpairs top(LinearOperator a, int k, int maxIter, double tol, Generator gen) {
        return eigenpairs(a, k, Which.LARGEST, maxIter, tol, gen);
    }

    /**
     * {@code k} eigenpairs from one Lanczos run from a Gaussian start, grown one step at a time until the
     * wanted Ritz pairs all have residual bound {@code β_m|s_m| ≤ tol·max(|θ|, 1e-12·‖T‖)} or {@code maxIter}
     * steps were taken (or the space is invariant: then the values are exact).
     */
    public static Eigenpairs eigenpairs(LinearOperator a, int k, Which which, int maxIter, double tol, Generator gen) {
        int n = a.dim();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        if (maxIter < k || !(tol >= 0)) {
            throw new IllegalArgumentException("need maxIter >= k and tol >= 0, got maxIter " + maxIter + ", k " + k
                    + ", tol " + tol);
        }
        double[] start = Vectors.gaussian(n, gen);
        StepCheck check = (alpha, beta, steps) -> {
            if (steps < k) {
                return false;
            }
            Run partial = new Run(Arrays.copyOf(alpha, steps), Arrays.copyOf(beta, steps), List.of(), steps, false);
            SymmetricEigen e = partial.ritz();
            double tnorm = Math.max(Math.abs(e.min()), Math.abs(e.max()));
            for (int idx : select(e.values(), k, which)) {
                double res = partial.residual(e.vectors()[idx]);
                if (res > tol * Math.max(Math.abs(e.values()[idx]), 1e-12 * tnorm)) {
                    return false;
                }
            }
            return true;
        };
        Run run = run(a, start, maxIter, check);
        SymmetricEigen e = run.ritz();
        int[] chosen = select(e.values(), Math.min(k, run.steps()), which);
        int kk = chosen.length;
        double[] values = new double[kk];
        double[][] vectors = new double[kk][];
        int[] its = new int[kk];
        boolean[] conv = new boolean[kk];
        double[] res = new double[kk];
        double tnorm = Math.max(Math.abs(e.min()), Math.abs(e.max()));
        for (int i = 0; i < kk; i++) {
            int idx = chosen[i];
            values[i] = e.values()[idx];
            vectors[i] = Vectors.normalize(run.ritzVector(e.vectors()[idx]));
            its[i] = run.steps();
            res[i] = run.residual(e.vectors()[idx]);
            conv[i] = res[i] <= tol * Math.max(Math.abs(values[i]), 1e-12 * tnorm);
        }
        return new Eigenpairs(values, vectors, its, conv, res, run.products(), tol);
    }

    /** Indices into ascending {@code values} of the k wanted ones, in the order {@code which} defines. */
    static int[] select(double[] values, int k, Which which) {
        int m = values.length;
        k = Math.min(k, m);
        int[] out = new int[k];
        switch (which) {
            case LARGEST -> {
                for (int i = 0; i < k; i++) {
                    out[i] = m - 1 - i;
                }
            }
            case SMALLEST -> {
                for (int i = 0; i < k; i++) {
                    out[i] = i;
                }
            }
            case LARGEST_MAGNITUDE -> {
                int lo = 0;
                int hi = m - 1;
                for (int i = 0; i < k; i++) {
                    if (Math.abs(values[hi]) >= Math.abs(values[lo])) {
                        out[i] = hi--;
                    } else {
                        out[i] = lo++;
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return out;
    }
}
