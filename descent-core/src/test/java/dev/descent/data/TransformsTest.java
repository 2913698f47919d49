package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TransformsTest {
    static Stream<Long> seeds() {
        return LongStream.range(0, 10).boxed();
    }

    private static Tensor images(long seed, DType dtype, int... shape) {
        return Tensor.rand(new Generator(seed), dtype, shape);
    }

    /** The slow twin of randomCrop: one pixel at a time, the same generator draws. */
    private static double[] cropReference(Tensor x, int size, int pad, Generator gen) {
        int b = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        double[] out = new double[b * c * size * size];
        for (int i = 0; i < b; i++) {
            int top = gen.nextInt(h + 2 * pad - size + 1);
            int left = gen.nextInt(w + 2 * pad - size + 1);
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < size; r++) {
                    for (int col = 0; col < size; col++) {
                        int sr = top + r - pad;
                        int sc = left + col - pad;
                        boolean inside = sr >= 0 && sr < h && sc >= 0 && sc < w;
                        out[((i * c + ch) * size + r) * size + col] = inside ? x.get(i, ch, sr, sc) : 0;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomCropMatchesThePixelByPixelReference(long seed) {
        int[][] shapes = {{1, 1, 1, 1}, {2, 3, 8, 8}, {3, 1, 5, 7}, {4, 3, 32, 32}};
        int[] shape = shapes[(int) (seed % shapes.length)];
        int pad = (int) (seed % 5);
        int size = Math.min(shape[2], shape[3]);
        DType dtype = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor x = images(seed, dtype, shape);
        Tensor got = Transforms.randomCrop(size, pad).apply(x, new Generator(seed));
        assertArrayEquals(new int[] {shape[0], shape[1], size, size}, got.shape());
        assertEquals(dtype, got.dtype());
        assertArrayEquals(cropReference(x, size, pad, new Generator(seed)), got.toDoubleArray(), 0.0);
    }

    @Test
    void cropWithoutPaddingOfTheFullSizeIsTheIdentity() {
        Tensor x = images(1, DType.FLOAT32, 3, 3, 6, 6);
        assertArrayEquals(x.toFloatArray(), Transforms.randomCrop(6, 0).apply(x, new Generator(2)).toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void flipMirrorsTheChosenImagesAndIsReproducible(long seed) {
        Tensor x = images(seed, DType.FLOAT32, 6, 2, 3, 4);
        float[] before = x.toFloatArray();
        Tensor once = Transforms.randomHorizontalFlip(0.5).apply(x.clone(), new Generator(seed));
        Tensor again = Transforms.randomHorizontalFlip(0.5).apply(x.clone(), new Generator(seed));
        assertArrayEquals(once.toFloatArray(), again.toFloatArray());
        Generator g = new Generator(seed);
        for (int i = 0; i < 6; i++) {
            boolean flipped = g.nextDouble() < 0.5;
            for (int c = 0; c < 2; c++) {
                for (int r = 0; r < 3; r++) {
                    for (int col = 0; col < 4; col++) {
                        int src = flipped ? 3 - col : col;
                        assertEquals(before[((i * 2 + c) * 3 + r) * 4 + src], (float) once.get(i, c, r, col));
                    }
                }
            }
        }
    }

    @Test
    void flipWithProbabilityOneTwiceIsTheIdentity() {
        Tensor x = images(3, DType.FLOAT64, 2, 3, 5, 5);
        double[] before = x.toDoubleArray();
        Transform flip = Transforms.randomHorizontalFlip(1.0);
        Tensor twice = flip.apply(flip.apply(x.clone(), new Generator(0)), new Generator(1));
        assertArrayEquals(before, twice.toDoubleArray(), 0.0);
        assertFalse(Arrays.equals(before, flip.apply(x.clone(), new Generator(0)).toDoubleArray()));
    }

    @Test
    void normalizeUsesPerChannelMeanAndStdAndChannelStatsInvertsIt() {
        Tensor x = images(5, DType.FLOAT64, 50, 3, 4, 4).mul(4).add(1);
        double[][] stats = Transforms.channelStats(x);
        Tensor z = Transforms.normalize(stats[0], stats[1]).apply(x.clone(), new Generator(0));
        double[][] after = Transforms.channelStats(z);
        for (int c = 0; c < 3; c++) {
            assertEquals(0, after[0][c], 1e-12);
            assertEquals(1, after[1][c], 1e-12);
        }
        Tensor one = Tensor.of(new float[] {1, 3, 10, 20}, 1, 2, 2, 1);
        assertArrayEquals(new float[] {0, 1, 4, 9},
                Transforms.normalize(new double[] {1, 2}, new double[] {2, 2}).apply(one, null).toFloatArray());
    }

    @Test
    void composedAugmentationIsReproducibleAndKeepsShape() {
        Transform t = Transforms.compose(Transforms.randomCrop(32, 4), Transforms.randomHorizontalFlip(0.5),
                Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}));
        Tensor x = images(9, DType.FLOAT32, 8, 3, 32, 32);
        Tensor a = t.apply(x.clone(), new Generator(42));
        Tensor b = t.apply(x.clone(), new Generator(42));
        Tensor c = t.apply(x.clone(), new Generator(43));
        assertArrayEquals(new int[] {8, 3, 32, 32}, a.shape());
        assertEquals("compose(randomCrop(size=32, padding=4), randomHorizontalFlip(p=0.5), "
                + "normalize(mean=[0.5, 0.5, 0.5], std=[0.25, 0.25, 0.25]))", t.toString());
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
    }

    @Test
    void rejectsBadArgumentsAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Transforms.randomHorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> Transforms.randomCrop(0, 1));
        Tensor flat = Tensor.zeros(4, 10);
        assertThrows(IllegalArgumentException.class, () -> Transforms.randomCrop(3, 0).apply(flat, new Generator(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transforms.normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).apply(Tensor.zeros(2, 1, 4, 4), null));
        assertEquals("normalize for 3 channels got a batch of shape [2, 1, 4, 4] (expected [B, 3, ...])", e.getMessage());
    }
}
