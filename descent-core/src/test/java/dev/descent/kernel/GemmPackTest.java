package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packing of A strips, whose row-major case transposes blocks in registers: the packed strip
 * must hold, column after column, the MR values of each column (zeros past the strip's rows), for
 * every depth (below, at and past the block width, with a tail) and row stride. Likewise blocks of
 * strips of a transposed A (read two strips per vector) and strips of a transposed B (16 x 16
 * blocks transposed in registers), with odd depths, partial strips and padded strides.
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

    @ParameterizedTest(name = "kc={0}")
    @ValueSource(ints = {1, 2, 3, 16, 17, 31, 32, 33, 64, 100, 128, 683})
    void floatBlockOfTransposedAIsConsecutiveStrips(int kc) {
        assumeTrue(Simd.enabled(), "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(kc);
        int mr = VectorSgemm.MR;
        for (int rows : new int[] {1, mr, 2 * mr, 2 * mr + 1, 3 * mr, 5 * mr + 3, 12 * mr}) {
            for (int cs : new int[] {rows, rows + 5}) {
                int base = 3;
                float[] a = new float[base + kc * cs + rows];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextDouble(-1, 1);
                }
                int strips = (rows + mr - 1) / mr;
                float[] expected = new float[1 + strips * mr * kc + 1];
                float[] actual = new float[expected.length];
                java.util.Arrays.fill(actual, Float.NaN);
                expected[0] = expected[expected.length - 1] = Float.NaN;
                for (int s = 0; s < strips; s++) {
                    for (int p = 0; p < kc; p++) {
                        for (int r = 0; r < mr; r++) {
                            int i = s * mr + r;
                            expected[1 + s * mr * kc + p * mr + r] = i < rows ? a[base + i + p * cs] : 0f;
                        }
                    }
                }
                VectorSgemm.packABlock(a, base, 1, cs, rows, kc, actual, 1);
                assertArrayEquals(expected, actual, "rows=" + rows + " cs=" + cs);
            }
        }
    }

    @ParameterizedTest(name = "kc={0}")
    @ValueSource(ints = {1, 15, 16, 17, 32, 33, 100, 128, 683})
    void floatStripOfTransposedBIsRowsOfNrValues(int kc) {
        assumeTrue(Simd.enabled(), "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(kc);
        int nr = VectorSgemm.NR;
        float[] scratch = new float[VectorSgemm.MR * nr];
        for (int cols : new int[] {nr, nr - 1, 17, 1}) {
            for (int cs : new int[] {kc, kc + 3}) {
                int base = 2;
                float[] b = new float[base + cols * cs + kc];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rnd.nextDouble(-1, 1);
                }
                float[] expected = new float[1 + kc * nr];
                float[] actual = new float[expected.length];
                java.util.Arrays.fill(actual, Float.NaN);
                expected[0] = Float.NaN;
                for (int p = 0; p < kc; p++) {
                    for (int j = 0; j < nr; j++) {
                        expected[1 + p * nr + j] = j < cols ? b[base + p + j * cs] : 0f;
                    }
                }
                VectorSgemm.packB(b, base, 1, cs, kc, cols, actual, 1, scratch);
                assertArrayEquals(expected, actual, "cols=" + cols + " cs=" + cs);
            }
        }
    }

    @ParameterizedTest(name = "kc={0}")
    @ValueSource(ints = {1, 8, 9, 17, 100})
    void doubleTransposedOperandsPackAsTheirStripLayouts(int kc) {
        assumeTrue(Simd.enabled(), "Vector API not present");
        SplittableRandom rnd = new SplittableRandom(kc);
        int mr = VectorDgemm.MR;
        int nr = VectorDgemm.NR;
        int rows = 3 * mr + 2;
        int strips = 4;
        double[] a = new double[kc * rows];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble(-1, 1);
        }
        double[] expected = new double[strips * mr * kc];
        for (int s = 0; s < strips; s++) {
            for (int p = 0; p < kc; p++) {
                for (int r = 0; r < mr; r++) {
                    int i = s * mr + r;
                    expected[s * mr * kc + p * mr + r] = i < rows ? a[i + p * rows] : 0.0;
                }
            }
        }
        double[] actual = new double[expected.length];
        VectorDgemm.packABlock(a, 0, 1, rows, rows, kc, actual, 0);
        assertArrayEquals(expected, actual, "A");
        double[] bExpected = new double[kc * nr];
        for (int p = 0; p < kc; p++) {
            for (int j = 0; j < nr; j++) {
                bExpected[p * nr + j] = a[p + j * kc];
            }
        }
        double[] bActual = new double[bExpected.length];
        VectorDgemm.packB(a, 0, 1, kc, kc, nr, bActual, 0, new double[mr * nr]);
        assertArrayEquals(bExpected, bActual, "B");
    }
}
