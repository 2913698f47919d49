package dev.descent.kernel;

/** The reference loops of {@link RowNorm}: one row at a time, sums in double. */
final class ScalarRowNorm {
    private ScalarRowNorm() {}

    static void forwardRow(int n, float[] x, int o, float[] gamma, float[] beta, double eps, float[] y,
                           float[] mean, float[] rstd, int r) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += x[o + j];
        }
        double mu = sum / n;
        double sq = 0;
        for (int j = 0; j < n; j++) {
            double d = x[o + j] - mu;
            sq += d * d;
        }
        double inv = 1.0 / Math.sqrt(sq / n + eps);
        for (int j = 0; j < n; j++) {
            double v = (x[o + j] - mu) * inv;
            y[o + j] = (float) (v * (gamma == null ? 1 : gamma[j]) + (beta == null ? 0 : beta[j]));
        }
        mean[r] = (float) mu;
        rstd[r] = (float) inv;
    }

    static void backwardRow(int n, float[] x, float[] g, int o, float[] gamma, float mu, float inv, float[] dx) {
        double sumD = 0;
        double sumDX = 0;
        for (int j = 0; j < n; j++) {
            double d = (double) g[o + j] * (gamma == null ? 1 : gamma[j]);
            sumD += d;
            sumDX += d * ((x[o + j] - (double) mu) * inv);
        }
        double meanD = sumD / n;
        double meanDX = sumDX / n;
        for (int j = 0; j < n; j++) {
            double d = (double) g[o + j] * (gamma == null ? 1 : gamma[j]);
            double xh = (x[o + j] - (double) mu) * inv;
            dx[o + j] = (float) (inv * (d - meanD - xh * meanDX));
        }
    }

    static void affineRow(int n, float[] x, float[] g, int o, float mu, float inv, float[] dGamma, float[] dBeta) {
        for (int j = 0; j < n; j++) {
            if (dGamma != null) {
                dGamma[j] += (float) ((double) g[o + j] * ((x[o + j] - (double) mu) * inv));
            }
            if (dBeta != null) {
                dBeta[j] += g[o + j];
            }
        }
    }
}
