package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticTest {
    static Stream<Arguments> sets() {
        return Stream.of(
                Arguments.of("spirals", (LongFunction<TensorDataset>) s -> Synthetic.spirals(301, 3, 0.05, s), new int[] {2}, 3),
                Arguments.of("moons", (LongFunction<TensorDataset>) s -> Synthetic.moons(200, 0.1, s), new int[] {2}, 2),
                Arguments.of("circles", (LongFunction<TensorDataset>) s -> Synthetic.circles(200, 0.05, 0.5, s), new int[] {2}, 2),
                Arguments.of("blobs", (LongFunction<TensorDataset>) s -> Synthetic.blobs(250, 5, 4, 1.0, s), new int[] {4}, 5),
                Arguments.of("linear", (LongFunction<TensorDataset>) s -> Synthetic.linear(100, 3, 0.1, s).data(), new int[] {3}, 0),
                Arguments.of("sine", (LongFunction<TensorDataset>) s -> Synthetic.sine(100, 0.1, s), new int[] {1}, 0),
                Arguments.of("images 1x16", (LongFunction<TensorDataset>) s -> Synthetic.images(100, 1, 16, 0.1, s), new int[] {1, 16, 16}, 10),
                Arguments.of("images 3x32", (LongFunction<TensorDataset>) s -> Synthetic.images(20, 3, 32, 0.1, s), new int[] {3, 32, 32}, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void shapesBalanceAndSeeding(String name, LongFunction<TensorDataset> make, int[] featureShape, int classes) {
        TensorDataset a = make.apply(1);
        assertArrayEquals(featureShape, a.featureShape());
        assertEquals(classes, a.numClasses());
        assertArrayEquals(a.features().toFloatArray(), make.apply(1).features().toFloatArray(), "same seed, same data");
        assertFalse(Arrays.equals(a.features().toFloatArray(), make.apply(2).features().toFloatArray()), "other seed, other data");
        for (float v : a.features().toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
        if (classes > 0) {
            int[] counts = new int[classes];
            for (float y : a.labels().toFloatArray()) {
                counts[(int) y]++;
            }
            int min = Arrays.stream(counts).min().orElseThrow();
            int max = Arrays.stream(counts).max().orElseThrow();
            assertTrue(max - min <= 1, name + " class counts " + Arrays.toString(counts));
        }
    }

    @Test
    void linearTargetsFollowTheReturnedWeights() {
        Synthetic.Regression r = Synthetic.linear(50, 4, 0.0, 3);
        float[] x = r.data().features().toFloatArray();
        float[] y = r.data().labels().toFloatArray();
        for (int i = 0; i < 50; i++) {
            double s = r.bias();
            for (int d = 0; d < 4; d++) {
                s += x[i * 4 + d] * r.weights()[d];
            }
            assertEquals(s, y[i], 1e-5);
        }
    }

    @Test
    void imagesStayInUnitRangeAndClassesDifferOnAverage() {
        TensorDataset d = Synthetic.images(400, 1, 16, 0.1, 5);
        float[] x = d.features().toFloatArray();
        for (float v : x) {
            assertTrue(v >= 0 && v <= 1);
        }
        // nearest class mean classifies far better than chance (10%) but not perfectly: learnable, not trivial
        double[][] means = new double[10][256];
        for (int i = 0; i < 400; i++) {
            for (int p = 0; p < 256; p++) {
                means[i % 10][p] += x[i * 256 + p] / 40.0;
            }
        }
        TensorDataset test = Synthetic.images(200, 1, 16, 0.1, 6);
        float[] t = test.features().toFloatArray();
        int correct = 0;
        for (int i = 0; i < 200; i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                double dist = 0;
                for (int p = 0; p < 256; p++) {
                    double diff = t[i * 256 + p] - means[k][p];
                    dist += diff * diff;
                }
                if (dist < bestD) {
                    bestD = dist;
                    best = k;
                }
            }
            correct += best == i % 10 ? 1 : 0;
        }
        assertTrue(correct > 40 && correct < 190, "nearest-mean accuracy " + correct + "/200");
    }
}
