package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packing of A strips, whose row-major case transposes blocks in registers: the packed strip
 * must hold, column after column, the MR values of each column (zeros past the strip's rows), for
 * every depth (below, at and past the block width, with a tail) and row stride.
 */
class GemmPackTest {

    @ParameterizedTest(name = "kc={0}")
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 31, 32, 33, 47, 64, 100, 683})
    void floatAStripIsColumnsOfMrValues(int kc) {
        assumeTrue(Simd.enabled(), "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(kc);
        int mr = VectorSgemm.MR;
        for (int rs : new int[] {kc, kc + 3, 2 * kc + 17}) {
            for (int rows : new int[] {mr, mr - 1, 1}) {
                int base = 5;
                float[] a = new float[base + rows * rs + kc];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextDouble(-1, 1);
                }
                float[] expected = new float[2 + kc * mr];
                float[] actual = new float[2 + kc * mr];
                java.util.Arrays.fill(actual, Float.NaN);
                expected[0] = expected[1] = Float.NaN;
                for (int p = 0; p < kc; p++) {
                    for (int r = 0; r < rows; r++) {
                        expected[2 + p * mr + r] = a[base + r * rs + p];
                    }
                }
                VectorSgemm.packA(a, base, rs, 1, rows, kc, actual, 2);
                assertArrayEquals(expected, actual, "rs=" + rs + " rows=" + rows);
            }
        }
    }

    @ParameterizedTest(name = "kc={0}")
    @ValueSource(ints = {1, 7, 8, 9, 16, 17, 33, 100})
    void doubleAStripIsColumnsOfMrValues(int kc) {
        assumeTrue(Simd.enabled(), "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(kc);
        int mr = VectorDgemm.MR;
        for (int rs : new int[] {kc, kc + 3}) {
            for (int rows : new int[] {mr, 3}) {
                double[] a = new double[rows * rs + kc];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextDouble(-1, 1);
                }
                double[] expected = new double[kc * mr];
                double[] actual = new double[kc * mr];
                java.util.Arrays.fill(actual, Double.NaN);
                for (int p = 0; p < kc; p++) {
                    for (int r = 0; r < rows; r++) {
                        expected[p * mr + r] = a[r * rs + p];
                    }
                }
                VectorDgemm.packA(a, 0, rs, 1, rows, kc, actual, 0);
                assertArrayEquals(expected, actual, "rs=" + rs + " rows=" + rows);
            }
        }
    }
}
