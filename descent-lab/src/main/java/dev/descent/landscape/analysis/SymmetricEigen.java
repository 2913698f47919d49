package dev.descent.landscape.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method: plane
 * rotations {@code A <- J^T A J} that zero one off-diagonal pair at a time, swept over all pairs until
 * the off-diagonal mass vanishes. Accurate to a few ulps of the largest eigenvalue; meant for
 * n up to about 20 (each sweep costs O(n^3)).
 *
 * @param values  eigenvalues in ascending order
 * @param vectors {@code vectors[i]} is the unit eigenvector of {@code values[i]}
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    private static final int MAX_SWEEPS = 100;

    /**
     * Decomposes {@code a}, which must be square and symmetric (to a relative 1e-8; the mean of
     * {@code a} and its transpose is used).
     */
    public static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("eigen decomposition needs a square matrix: row " + i + " has "
                        + a[i].length + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-8 * scale) {
                    throw new IllegalArgumentException("eigen decomposition needs a symmetric matrix: entries (" + i + ", "
                            + j + ") = " + a[i][j] + " and (" + j + ", " + i + ") = " + a[j][i] + " differ");
                }
                m[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        boolean finite = Arrays.stream(m).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite);
        for (int sweep = 0; finite && sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i][i] * m[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += m[i][j] * m[i][j];
                }
            }
            if (off == 0 || off <= 1e-32 * diag) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(m, v, p, q);
                }
            }
        }
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = m[i][i];
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> diagonal[i]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = diagonal[order[k]];
            for (int i = 0; i < n; i++) {
                vectors[k][i] = v[i][order[k]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes m[p][q] (Numerical Recipes' stable form). */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        double t = Math.abs(theta) > 1e150
                ? 0.5 / theta
                : Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) { // columns p and q: M J
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) { // rows p and q: J^T (M J)
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        m[p][q] = 0;
        m[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** The number of eigenvalues. */
    public int size() {
        return values.length;
    }

    /** The smallest eigenvalue. */
    public double min() {
        return values[0];
    }

    /** The largest eigenvalue. */
    public double max() {
        return values[values.length - 1];
    }

    @Override
    public String toString() {
        return "SymmetricEigen" + Arrays.toString(values);
    }
}
