package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data sets of {@code descent train --data}. */
class DataSourcesTest {
    @TempDir
    Path tmp;

    @Test
    void syntheticSetsAreFixedTrainAndTestParts() throws Exception {
        DataSources.Loaded s = DataSources.load("spirals", DType.FLOAT32);
        assertEquals(1500, s.train().size());
        assertEquals(500, s.test().size());
        assertEquals(3, s.train().numClasses());
        assertArrayEquals(new int[] {2}, s.train().featureShape());
        assertEquals("spirals: 1500 training and 500 test examples [2], 3 classes", s.description());
        DataSources.Loaded again = DataSources.load("spirals", DType.FLOAT32);
        assertArrayEquals(s.test().batch(new int[] {0, 499}).x().toFloatArray(),
                again.test().batch(new int[] {0, 499}).x().toFloatArray());
        DataSources.Loaded img = DataSources.load("synthetic-images", DType.FLOAT64).limit(100, 20);
        assertEquals(100, img.train().size());
        assertEquals(20, img.test().size());
        assertArrayEquals(new int[] {1, 16, 16}, img.train().featureShape());
        assertEquals(DType.FLOAT64, img.train().batch(new int[] {0}).x().dtype());
        dev.descent.data.TensorDataset t = DataSources.materialize(s.test());
        assertEquals(500, t.size());
        assertArrayEquals(s.test().batch(new int[] {7}).x().toFloatArray(), t.batch(new int[] {7}).x().toFloatArray());
        assertEquals(3, t.numClasses());
        for (String n : List.of("moons", "blobs")) {
            assertEquals(1500, DataSources.load(n, DType.FLOAT32).train().size(), n);
        }
    }

    @Test
    void csvFilesUseATestSiblingOrHoldOutAFifth() throws Exception {
        StringBuilder sb = new StringBuilder("# provenance\nx,y,label\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(',').append(i * 0.5).append(',').append(i % 2).append('\n');
        }
        Path one = Files.writeString(tmp.resolve("points.csv"), sb.toString());
        DataSources.Loaded l = DataSources.load(one.toString(), DType.FLOAT32);
        assertEquals(40, l.train().size());
        assertEquals(10, l.test().size());
        assertEquals(2, l.train().numClasses());
        Path train = Files.writeString(tmp.resolve("points-train.csv"), sb.toString());
        Files.writeString(tmp.resolve("points-test.csv"), "x,y,label\n1,2,0\n3,4,1\n");
        DataSources.Loaded t = DataSources.load(train.toString(), DType.FLOAT32);
        assertEquals(50, t.train().size());
        assertEquals(2, t.test().size());
    }

    @Test
    void unknownNamesAndMissingFashionMnistSayWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.load("cifar-100", DType.FLOAT32));
        assertEquals("unknown data set 'cifar-100': use one of fashion-mnist, spirals, moons, blobs, synthetic-images, "
                + "or the path of an IDX or CIFAR-10 folder or a CSV file", e.getMessage());
        Path none = tmp.resolve("none");
        FileNotFoundException f = assertThrows(FileNotFoundException.class,
                () -> DataSources.load("fashion-mnist", DType.FLOAT32, List.of(none)));
        assertTrue(f.getMessage().contains("install it with `sudo apt-get install dataset-fashion-mnist`, or pass "
                + "--data PATH"), f.getMessage());
    }
}
