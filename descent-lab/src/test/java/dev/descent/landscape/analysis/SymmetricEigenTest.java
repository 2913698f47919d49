package dev.descent.landscape.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SymmetricEigenTest {

    static Stream<Arguments> matrices() {
        int[] sizes = {1, 2, 3, 4, 5, 8, 12, 20};
        return IntStream.range(0, 48).mapToObj(seed -> Arguments.of(seed, sizes[seed % sizes.length]));
    }

    /** A v = λ v, V orthonormal, values ascending, trace preserved; with repeated eigenvalues too. */
    @ParameterizedTest(name = "seed {0}, n = {1}")
    @MethodSource("matrices")
    void decomposesRandomSymmetricMatrices(int seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[n][n];
        double magnitude = Math.pow(10, rnd.nextInt(-3, 4));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = seed % 3 == 0 ? rnd.nextInt(-2, 3) : rnd.nextDouble(-1, 1) * magnitude; // small ints repeat eigenvalues
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        double norm = 0;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
            for (int j = 0; j < n; j++) {
                norm = Math.max(norm, Math.abs(a[i][j]));
            }
        }
        double tol = 1e-12 * n * Math.max(norm, 1e-300);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += e.values()[k];
            if (k > 0) {
                assertTrue(e.values()[k - 1] <= e.values()[k], "ascending");
            }
            double[] v = e.vectors()[k];
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i][j] * v[j];
                }
                assertEquals(e.values()[k] * v[i], av, tol, "A v = lambda v");
            }
            for (int m = 0; m < n; m++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * e.vectors()[m][i];
                }
                assertEquals(k == m ? 1 : 0, dot, 1e-12, "orthonormal");
            }
        }
        assertEquals(trace, sum, tol);
    }

    @Test
    void knownSmallCases() {
        assertArrayEquals(new double[] {1, 3}, SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}}).values(), 1e-15);
        assertArrayEquals(new double[] {-2, 0, 5}, SymmetricEigen.of(new double[][] {{5, 0, 0}, {0, -2, 0}, {0, 0, 0}}).values(), 0);
        assertArrayEquals(new double[] {0, 0}, SymmetricEigen.of(new double[][] {{0, 0}, {0, 0}}).values(), 0);
        assertArrayEquals(new double[] {-5, 5}, SymmetricEigen.of(new double[][] {{3, 4}, {4, -3}}).values(), 1e-14);
        assertEquals(0, SymmetricEigen.of(new double[0][0]).size());
    }

    @Test
    void rejectsNonSymmetricAndNonSquare() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 4}}));
        assertEquals("eigen decomposition needs a symmetric matrix: entries (0, 1) = 2.0 and (1, 0) = 3.0 differ",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
    }
}
