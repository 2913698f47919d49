package dev.descent.surface.curvature;

import dev.descent.tensor.Generator;

/**
 * The trace by Hutchinson's estimator, as PyHessian's {@code hessian.trace(maxIter, tol)}:
 * {@code tr(A) = E[vᵀ A v]} for Rademacher {@code v} (entries ±1). Samples are averaged until the
 * running mean changes by less than {@code tol} relative ({@code |m_k − m_{k−1}| / (|m_{k−1}| + 1e-6)}),
 * or {@code maxIter} samples were drawn. The variance of one sample is {@code 2 Σ_{i≠j} a_ij²}, so
 * the estimate is exact for a diagonal matrix and noisy when the off-diagonal mass is large; the
 * standard error is reported beside the mean.
 */
public final class HutchinsonTrace {
    private HutchinsonTrace() {}

    /**
     * @param estimate      the mean of the samples
     * @param standardError sample standard deviation / √samples (NaN for one sample)
     * @param samples       the number of vᵀAv samples (= operator products)
     * @param converged     whether the relative-change test was met before maxIter
     * @param history       the running mean after each sample
     * @param tolerance     the tolerance used
     */
    public record Result(double estimate, double standardError, int samples, boolean converged, double[] history,
                         double tolerance) {}

    /** PyHessian's defaults: at most 100 samples, tolerance 1e-3. */
    public static Result estimate(LinearOperator a, Generator gen) {
        return estimate(a, 100, 1e-3, gen);
    }

    /** The estimate with at most {@code maxIter} samples. */
    public static Result estimate(LinearOperator a, int maxIter, double tol, Generator gen) {
        return estimate(a, 1, maxIter, tol, gen);
    }

    /**
     * The estimate with at least {@code minIter} and at most {@code maxIter} samples (PyHessian has no
     * minimum: two nearly equal first samples stop it; a minimum guards against that).
     */
    public static Result estimate(LinearOperator a, int minIter, int maxIter, double tol, Generator gen) {
        if (maxIter < 1 || minIter < 1 || minIter > maxIter || !(tol >= 0)) {
            throw new IllegalArgumentException("need 1 <= minIter <= maxIter and tol >= 0, got " + minIter + ", " + maxIter
                    + ", " + tol);
        }
        int n = a.dim();
        double[] history = new double[maxIter];
        double sum = 0;
        double sumSq = 0;
        double mean = Double.NaN;
        int k = 0;
        boolean converged = false;
        while (k < maxIter) {
            double[] v = Vectors.rademacher(n, gen);
            double s = Vectors.dot(v, a.apply(v));
            k++;
            sum += s;
            sumSq += s * s;
            double next = sum / k;
            history[k - 1] = next;
            if (k > 1 && k >= minIter && Math.abs(next - mean) / (Math.abs(mean) + 1e-6) < tol) {
                mean = next;
                converged = true;
                break;
            }
            mean = next;
        }
        double se = k > 1 ? Math.sqrt(Math.max(0, (sumSq - sum * sum / k) / (k - 1)) / k) : Double.NaN;
        return new Result(mean, se, k, converged, java.util.Arrays.copyOf(history, k), tol);
    }
}
