package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.Generator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dropout mask kernel against the generator it stands in for: every mask must be bit for bit what a
 * loop of {@code nextDouble() >= p} on a {@link Generator} gives, whatever the path (scalar, vector),
 * the length (tails, several parallel chunks) and the thread count; and the generator must continue
 * after the mask exactly as after that loop.
 */
class DropoutMaskTest {

    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restore() {
        Simd.forceScalar(false);
        Parallel.setThreads(threadsBefore);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 31, 1000, 32_768, 32_769, 200_003})
    void floatMaskIsTheSequentialLoop(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        for (double p : new double[] {rnd.nextDouble(), 0.1, 0.5, 1e-300, 0.999999, Math.ulp(1.0)}) {
            long seed = rnd.nextLong();
            float keep = (float) (1 / (1 - p));
            float[] expected = new float[n];
            Generator ref = new Generator(seed);
            for (int i = 0; i < n; i++) {
                expected[i] = ref.nextDouble() >= p ? keep : 0f;
            }
            for (boolean scalar : new boolean[] {false, true}) {
                for (int threads : new int[] {1, 2}) {
                    Simd.forceScalar(scalar);
                    Parallel.setThreads(threads);
                    Generator gen = new Generator(seed);
                    float[] mask = new float[n];
                    DropoutMask.fill(mask, n, gen.reserve(n), SplitMix.threshold53(p), keep);
                    assertArrayEquals(expected, mask, "n=" + n + " p=" + p + " scalar=" + scalar + " threads=" + threads);
                    assertEquals(ref.nextLong(), gen.nextLong(), "the generator continues after the mask");
                    ref = new Generator(seed);
                    for (int i = 0; i < n; i++) {
                        ref.nextDouble();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 8, 17, 40_001})
    void doubleMaskIsTheSequentialLoop(int n) {
        SplittableRandom rnd = new SplittableRandom(-n);
        double p = rnd.nextDouble();
        long seed = rnd.nextLong();
        double keep = 1 / (1 - p);
        double[] expected = new double[n];
        Generator ref = new Generator(seed);
        for (int i = 0; i < n; i++) {
            expected[i] = ref.nextDouble() >= p ? keep : 0.0;
        }
        for (boolean scalar : new boolean[] {false, true}) {
            Simd.forceScalar(scalar);
            double[] mask = new double[n];
            DropoutMask.fill(mask, n, new Generator(seed).reserve(n), SplitMix.threshold53(p), keep);
            assertArrayEquals(expected, mask, "scalar=" + scalar);
        }
    }

    @Test
    void vectorTwinMatchesScalarOnOddRanges() {
        assumeTrue(Simd.AVAILABLE, "no Vector API");
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int lo = rnd.nextInt(40);
            int hi = lo + rnd.nextInt(100);
            long state = rnd.nextLong();
            long threshold = SplitMix.threshold53(rnd.nextDouble());
            float[] a = new float[hi + 3];
            float[] b = new float[hi + 3];
            DropoutMask.fillScalar(a, lo, hi, state, threshold, 2f);
            VectorDropoutMask.fill(b, lo, hi, state, threshold, 2f);
            assertArrayEquals(a, b, "lo=" + lo + " hi=" + hi);
        }
    }

    @Test
    void thresholdIsTheExactIntegerFormOfTheTest() {
        assertEquals(0, SplitMix.threshold53(0));
        assertEquals(1L << 53, SplitMix.threshold53(1));
        assertEquals(1L << 52, SplitMix.threshold53(0.5));
        assertEquals(1, SplitMix.threshold53(Double.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> SplitMix.threshold53(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SplitMix.threshold53(1.5));
    }
}
