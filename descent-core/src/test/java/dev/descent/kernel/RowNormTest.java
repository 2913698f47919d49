package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row layer-norm kernel: the Vector API rows against the scalar reference (tolerance growing
 * with the row length, as float sums against double sums), and the facade's results bit-identical
 * for one and two threads.
 */
class RowNormTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 7", "5, 16", "4, 17", "9, 128", "2, 1000"})
    void vectorRowsMatchScalar(int rows, int n) {
        assumeTrue(Simd.AVAILABLE, "no Vector API");
        SplittableRandom rnd = new SplittableRandom(rows * 31L + n);
        float[] x = randomFloats(rnd, rows * n, -3, 5);
        float[] g = randomFloats(rnd, rows * n, -1, 1);
        float[] gamma = randomFloats(rnd, n, 0.5, 1.5);
        float[] beta = randomFloats(rnd, n, -1, 1);
        double tol = 1e-6 * Math.sqrt(n) * 8;
        float[] yS = new float[rows * n];
        float[] yV = new float[rows * n];
        float[] mS = new float[rows];
        float[] mV = new float[rows];
        float[] rS = new float[rows];
        float[] rV = new float[rows];
        float[] dxS = new float[rows * n];
        float[] dxV = new float[rows * n];
        float[] dgS = new float[n];
        float[] dgV = new float[n];
        float[] dbS = new float[n];
        float[] dbV = new float[n];
        for (int r = 0; r < rows; r++) {
            ScalarRowNorm.forwardRow(n, x, r * n, gamma, beta, 1e-5, yS, mS, rS, r);
            VectorRowNormFloat.forwardRow(n, x, r * n, gamma, beta, 1e-5, yV, mV, rV, r);
            ScalarRowNorm.backwardRow(n, x, g, r * n, gamma, mS[r], rS[r], dxS);
            VectorRowNormFloat.backwardRow(n, x, g, r * n, gamma, mS[r], rS[r], dxV);
            ScalarRowNorm.affineRow(n, x, g, r * n, mS[r], rS[r], dgS, dbS);
            VectorRowNormFloat.affineRow(n, x, g, r * n, mS[r], rS[r], dgV, dbV);
        }
        assertClose(yS, yV, tol, "y");
        assertClose(mS, mV, tol, "mean");
        assertClose(rS, rV, tol, "1/std");
        assertClose(dxS, dxV, tol, "dx");
        assertClose(dgS, dgV, tol * rows, "dgamma");
        assertClose(dbS, dbV, tol * rows, "dbeta");
    }

    @ParameterizedTest
    @CsvSource({"3000, 64", "700, 128"})
    void sameBitsForOneAndTwoThreads(int rows, int n) {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = randomFloats(rnd, rows * n, -2, 2);
        float[] g = randomFloats(rnd, rows * n, -1, 1);
        float[] gamma = randomFloats(rnd, n, 0.5, 1.5);
        float[][] one = run(1, rows, n, x, g, gamma);
        float[][] two = run(2, rows, n, x, g, gamma);
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "output " + i);
        }
    }

    private static float[][] run(int threads, int rows, int n, float[] x, float[] g, float[] gamma) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            float[] y = new float[rows * n];
            float[] mean = new float[rows];
            float[] rstd = new float[rows];
            float[] dx = new float[rows * n];
            float[] dg = new float[n];
            float[] db = new float[n];
            RowNorm.forward(rows, n, x, gamma, null, 1e-5, y, mean, rstd);
            RowNorm.backward(rows, n, x, g, gamma, mean, rstd, dx, dg, db);
            return new float[][] {y, mean, rstd, dx, dg, db};
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void assertClose(float[] e, float[] a, double tol, String what) {
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + " element " + i);
        }
    }
}
