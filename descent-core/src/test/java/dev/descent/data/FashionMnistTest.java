package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST, when Debian's {@code dataset-fashion-mnist} is installed (it puts the IDX
 * files in {@code /usr/share/datasets/fashion-mnist}); skipped otherwise. The quick test reads the
 * test split and the training labels; the full load of the 60000 training images is tagged
 * {@code slow} (about a second of gunzip on a quiet machine).
 */
class FashionMnistTest {
    private static Path folder() {
        Path dir = Datasets.findFashionMnist();
        assumeTrue(dir != null, "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        return dir;
    }

    @Test
    void testSplitAndTrainingLabelsHaveTheDocumentedSizesAndRanges() throws IOException {
        Path dir = folder();
        TensorDataset test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"),
                Datasets.FASHION_MNIST_CLASSES);
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {1, 28, 28}, test.featureShape());
        assertEquals(10, test.numClasses());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : test.features().storage().floats()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        for (Tensor labels : List.of(test.labels(), IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte.gz")))) {
            int[] counts = new int[10];
            for (float y : labels.toFloatArray()) {
                assertTrue(y >= 0 && y <= 9 && y == Math.rint(y));
                counts[(int) y]++;
            }
            for (int c : counts) {
                assertEquals(labels.size(0) / 10, c, "Fashion-MNIST's classes are balanced");
            }
        }
        assertEquals(60000, IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte.gz")).size(0));
    }

    @Test
    @Tag("slow")
    void fullLoadHasSixtyThousandPlusTenThousandImages() throws IOException {
        folder();
        Datasets.TrainTest fm = Datasets.fashionMnist();
        assertEquals(60000, fm.train().size());
        assertEquals(10000, fm.test().size());
        assertEquals("Ankle boot", fm.train().classNames().get(9));
    }
}
