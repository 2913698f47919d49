package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.FormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetsTest {
    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        return LongStream.range(0, 8).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void splitIsSeededDisjointAndComplete(long seed) {
        int n = 5 + (int) (seed * 37 % 300); // 5: the smallest set whose 20% rounds to one example
        TensorDataset d = DataLoaderTest.indexed(n);
        Datasets.Split s = Datasets.trainValidationSplit(d, 0.2, seed);
        Datasets.Split again = Datasets.trainValidationSplit(d, 0.2, seed);
        assertEquals(Math.round(0.2 * n), s.validation().size());
        assertEquals(n, s.train().size() + s.validation().size());
        assertArrayEquals(((Subset) s.validation()).indices(), ((Subset) again.validation()).indices());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : List.of(s.train(), s.validation())) {
            int[] all = java.util.stream.IntStream.range(0, part.size()).toArray();
            for (float y : part.batch(all).y().toFloatArray()) {
                assertTrue(seen.add(y), "example " + y + " in both parts");
            }
        }
        assertEquals(n, seen.size());
    }

    @Test
    void splitRejectsFractionsThatLeaveAPartEmpty() {
        TensorDataset d = DataLoaderTest.indexed(10);
        assertThrows(IllegalArgumentException.class, () -> Datasets.trainValidationSplit(d, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> Datasets.trainValidationSplit(d, 1.0, 0));
    }

    @Test
    void fromPathFindsIdxFilesGzippedOrNotUnderEitherSpelling() throws IOException {
        byte[] px = new byte[3 * 4];
        IdxFiles.writeSet(dir, "train", px, 3, 2, 2, new byte[] {0, 1, 2}, true);
        Path testImages = dir.resolve("t10k-images.idx3-ubyte");
        Files.write(testImages, IdxFiles.idx(3, new int[] {1, 2, 2}, new byte[4]));
        Files.write(dir.resolve("t10k-labels.idx1-ubyte"), IdxFiles.idx(1, new int[] {1}, new byte[] {1}));
        Datasets.TrainTest tt = Datasets.fromPath(dir);
        assertEquals(3, tt.train().size());
        assertEquals(1, tt.test().size());
        assertArrayEquals(new int[] {1, 2, 2}, tt.train().featureShape());
    }

    @Test
    void fromPathExplainsWhatItExpected() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "hi");
        FormatException e = assertThrows(FormatException.class, () -> Datasets.fromPath(dir));
        assertTrue(e.getMessage().contains("found neither the IDX files") && e.getMessage().contains("readme.txt"), e.getMessage());
        assertThrows(FileNotFoundException.class, () -> Datasets.fromPath(dir.resolve("nope")));
    }

    @Test
    void missingFashionMnistSaysWhereItLookedAndHowToInstallIt() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Datasets.fashionMnist(List.of(a, b)));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST not found in " + a + ", " + b
                + ": install it with `sudo apt-get install dataset-fashion-mnist`, or pass --data PATH"), e.getMessage());
        assertFalse(Datasets.fashionMnistSearchPath().isEmpty());
    }
}
