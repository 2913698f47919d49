package dev.descent.kernel;

/**
 * Layer normalization of the rows of a contiguous float32 matrix {@code [rows, n]}:
 * <pre>
 *   forward:   μ = mean(x),  σ² = mean((x − μ)²),  r = (σ² + eps)^(−1/2),  y = (x − μ)·r·γ + β
 *   backward:  x̂ = (x − μ)·r,  d = g·γ,  dx = r·(d − mean(d) − x̂·mean(d·x̂)),
 *              dγ = Σ_rows g·x̂,  dβ = Σ_rows g
 * </pre>
 * γ and β may be null (1 and 0). Rows are split across threads; each row is computed by one thread
 * and dγ/dβ are summed over rows in row order on the calling thread, so results do not depend on
 * the thread count. {@link ScalarRowNorm} is the reference (double sums); the Vector API twin sums in
 * float lanes and agrees within a tolerance growing with {@code n}.
 */
public final class RowNorm {
    private RowNorm() {}

    /** Rows per parallel chunk: enough work (≥ 16k elements) to be worth a thread. */
    private static int grain(int n) {
        return Math.max(1, (1 << 14) / Math.max(1, n));
    }

    /** Writes {@code y} and each row's mean and 1/σ ({@code mean[rows]}, {@code rstd[rows]}). */
    public static void forward(int rows, int n, float[] x, float[] gamma, float[] beta, double eps, float[] y,
                               float[] mean, float[] rstd) {
        Layout.checkRange("x", x.length, 0, rows * n);
        Layout.checkRange("y", y.length, 0, rows * n);
        Layout.checkRange("mean", mean.length, 0, rows);
        Layout.checkRange("rstd", rstd.length, 0, rows);
        checkAffine(n, gamma, beta);
        boolean vector = Simd.enabled();
        Parallel.forRange(rows, grain(n), (s, e) -> {
            for (int r = s; r < e; r++) {
                if (vector) {
                    VectorRowNormFloat.forwardRow(n, x, r * n, gamma, beta, eps, y, mean, rstd, r);
                } else {
                    ScalarRowNorm.forwardRow(n, x, r * n, gamma, beta, eps, y, mean, rstd, r);
                }
            }
        });
    }

    /**
     * Gradients from the forward's statistics: {@code dx} (null to skip), and dγ, dβ accumulated
     * into {@code dGamma}, {@code dBeta} (null to skip, else zero-initialised by the caller).
     */
    public static void backward(int rows, int n, float[] x, float[] g, float[] gamma, float[] mean, float[] rstd,
                                float[] dx, float[] dGamma, float[] dBeta) {
        Layout.checkRange("x", x.length, 0, rows * n);
        Layout.checkRange("g", g.length, 0, rows * n);
        if (dx != null) {
            Layout.checkRange("dx", dx.length, 0, rows * n);
        }
        checkAffine(n, gamma, dGamma);
        checkAffine(n, dBeta, null);
        boolean vector = Simd.enabled();
        if (dx != null) {
            Parallel.forRange(rows, grain(n), (s, e) -> {
                for (int r = s; r < e; r++) {
                    if (vector) {
                        VectorRowNormFloat.backwardRow(n, x, g, r * n, gamma, mean[r], rstd[r], dx);
                    } else {
                        ScalarRowNorm.backwardRow(n, x, g, r * n, gamma, mean[r], rstd[r], dx);
                    }
                }
            });
        }
        if (dGamma != null || dBeta != null) {
            for (int r = 0; r < rows; r++) {
                if (vector) {
                    VectorRowNormFloat.affineRow(n, x, g, r * n, mean[r], rstd[r], dGamma, dBeta);
                } else {
                    ScalarRowNorm.affineRow(n, x, g, r * n, mean[r], rstd[r], dGamma, dBeta);
                }
            }
        }
    }

    private static void checkAffine(int n, float[] a, float[] b) {
        if (a != null) {
            Layout.checkRange("affine", a.length, 0, n);
        }
        if (b != null) {
            Layout.checkRange("affine", b.length, 0, n);
        }
    }
}
