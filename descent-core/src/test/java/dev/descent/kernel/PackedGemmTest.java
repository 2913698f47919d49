package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "Pack once, multiply many": the Vector API twin gives the scalar twin's bits (the same FMA
 * chains), both match a double-precision product, rows give the same bits however they are cut
 * into blocks, and a non-direct product matches {@link Gemm} bit for bit.
 */
class PackedGemmTest {

    /** m, k, n: whole 4x4 tiles, row and strip remainders, masked tails, and k cut into two blocks. */
    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,7", "4,16,64", "5,17,65", "8,128,512", "9,33,100", "64,128,512", "7,1000,40",
        "6,512,128"})
    void vectorTwinGivesTheScalarBitsAndMatchesDouble(int m, int k, int n) {
        SplittableRandom rnd = new SplittableRandom(31L * m + 7L * k + n);
        float[] a = randomFloats(rnd, 3 + m * (k + 2), -1, 1);
        float[] b = randomFloats(rnd, 1 + k * n, -1, 1);
        float[] c0 = randomFloats(rnd, 2 + m * (n + 3), -1, 1);
        for (boolean acc : new boolean[] {false, true}) {
            // B given transposed (row stride 1): how the recurrent weight is read in the forward
            PackedGemm.Panel p = PackedGemm.pack(k, n, b, 1, 1, k);
            float[] ref = c0.clone();
            ScalarPackedGemm.multiply(k, n, p.width, p.data, m, a, 3, k + 2, ref, 2, n + 3, acc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = acc ? c0[2 + i * (n + 3) + j] : 0;
                    for (int q = 0; q < k; q++) {
                        sum += (double) a[3 + i * (k + 2) + q] * b[1 + j * k + q];
                    }
                    assertEquals(sum, ref[2 + i * (n + 3) + j], 1e-6 * (k + 1), "C(" + i + ", " + j + ")");
                }
            }
            assertEquals(c0[0], ref[0], "nothing written before C");
            assertEquals(c0[ref.length - 1], ref[ref.length - 1], "nothing written after C");
            if (Simd.AVAILABLE && p.width == Simd.FLOAT_LANES) {
                float[] vec = c0.clone();
                VectorPackedGemm.multiply(k, n, p.data, m, a, 3, k + 2, vec, 2, n + 3, acc);
                assertArrayEquals(ref, vec, "vector twin, accumulate=" + acc);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"13,128,512", "13,1000,40"})
    void aRowHasTheSameBitsInAnyBlockOfRows(int m, int k, int n) {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = randomFloats(rnd, m * k, -1, 1);
        PackedGemm.Panel p = PackedGemm.pack(k, n, randomFloats(rnd, k * n, -1, 1), 0, n, 1);
        float[] whole = new float[m * n];
        PackedGemm.multiply(p, m, a, 0, k, whole, 0, n, false);
        float[] pieces = new float[m * n];
        int[] cuts = {0, 1, 6, 10, m};
        for (int i = 0; i + 1 < cuts.length; i++) {
            PackedGemm.multiply(p, cuts[i + 1] - cuts[i], a, cuts[i] * k, k, pieces, cuts[i] * n, n, false);
        }
        assertArrayEquals(whole, pieces);
    }

    @ParameterizedTest
    @CsvSource({"64,128,512", "64,512,128"})
    void matchesGemmBitForBitOnTheRecurrentShapes(int m, int k, int n) {
        assumeTrue(Gemm.warmUp(), "GEMM's vector kernels are not running");
        SplittableRandom rnd = new SplittableRandom(11);
        float[] a = randomFloats(rnd, m * k, -1, 1);
        float[] b = randomFloats(rnd, k * n, -1, 1);
        float[] viaGemm = randomFloats(rnd, m * n, -1, 1);
        float[] viaPanel = viaGemm.clone();
        Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, 1, k, viaGemm, 0, n, true);
        PackedGemm.multiply(PackedGemm.pack(k, n, b, 0, 1, k), m, a, 0, k, viaPanel, 0, n, true);
        assertArrayEquals(viaGemm, viaPanel);
    }

    @org.junit.jupiter.api.Test
    void rejectsOperandsThatDoNotFit() {
        PackedGemm.Panel p = PackedGemm.pack(4, 3, new float[12], 0, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> PackedGemm.multiply(p, 2, new float[8], 0, 3, new float[6], 0, 3, false));
        assertThrows(IndexOutOfBoundsException.class, () -> PackedGemm.multiply(p, 2, new float[7], 0, 4, new float[6], 0, 3, false));
        assertThrows(IndexOutOfBoundsException.class, () -> PackedGemm.pack(4, 3, new float[11], 0, 3, 1));
    }
}
