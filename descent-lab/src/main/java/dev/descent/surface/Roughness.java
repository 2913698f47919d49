package dev.descent.surface;

/**
 * Simple numbers that describe how rough a sampled surface {@code z[j][i]} is, for side-by-side
 * comparisons (skip connections or not): strict local minima, total variation, and the fraction of
 * a convexity map above a threshold. Non-finite values are skipped.
 */
public final class Roughness {
    private Roughness() {}

    /**
     * Interior grid points strictly lower than all 8 neighbours. Points on the border are not
     * counted: a minimum there is usually an artefact of where the slice was cut.
     */
    public static int localMinima(double[][] z) {
        int ny = z.length;
        int nx = ny == 0 ? 0 : z[0].length;
        int count = 0;
        for (int j = 1; j < ny - 1; j++) {
            for (int i = 1; i < nx - 1; i++) {
                double v = z[j][i];
                if (!Double.isFinite(v)) {
                    continue;
                }
                boolean min = true;
                for (int dj = -1; dj <= 1 && min; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        if ((di != 0 || dj != 0) && !(z[j + dj][i + di] > v)) {
                            min = false;
                            break;
                        }
                    }
                }
                if (min) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Anisotropic total variation: Σ |z[j][i+1] − z[j][i]| + Σ |z[j+1][i] − z[j][i]| over finite pairs. */
    public static double totalVariation(double[][] z) {
        double tv = 0;
        for (int j = 0; j < z.length; j++) {
            for (int i = 0; i < z[j].length; i++) {
                if (i + 1 < z[j].length && Double.isFinite(z[j][i]) && Double.isFinite(z[j][i + 1])) {
                    tv += Math.abs(z[j][i + 1] - z[j][i]);
                }
                if (j + 1 < z.length && Double.isFinite(z[j][i]) && Double.isFinite(z[j + 1][i])) {
                    tv += Math.abs(z[j + 1][i] - z[j][i]);
                }
            }
        }
        return tv;
    }

    /**
     * Total variation relative to what single valleys need: a row with one valley (down, then up)
     * varies by at most {@code 2·(max − min)}, so {@code TV / Σ_{rows and columns} 2·(max − min)} is at most
     * 1 for a surface whose every row and column has a single valley, and grows with every extra wiggle.
     * Unlike the TV itself it does not depend on the loss scale.
     */
    public static double wiggle(double[][] z) {
        double bound = 0;
        int ny = z.length;
        int nx = z[0].length;
        for (double[] row : z) {
            bound += 2 * range(row);
        }
        for (int i = 0; i < nx; i++) {
            double[] col = new double[ny];
            for (int j = 0; j < ny; j++) {
                col[j] = z[j][i];
            }
            bound += 2 * range(col);
        }
        return bound == 0 ? 0 : totalVariation(z) / bound;
    }

    private static double range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        return hi >= lo ? hi - lo : 0;
    }

    /** The fraction of finite entries with value above {@code threshold}. */
    public static double fractionAbove(double[][] z, double threshold) {
        int n = 0;
        int above = 0;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    n++;
                    if (v > threshold) {
                        above++;
                    }
                }
            }
        }
        return n == 0 ? Double.NaN : (double) above / n;
    }
}
