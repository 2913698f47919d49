package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.tensor.DType;
import dev.descent.train.DataSources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The surface side's data: {@code descent train}'s loader, fitted to the model, with clear errors. */
class ModelDataTest {

    private static SavedModel saved(String data, int[] inputShape, int classes, DType dtype) {
        return new SavedModel(Path.of("model.safetensors"), "mlp", inputShape, classes, dtype, 7, data, -1, Map.of(),
                new LinkedHashMap<>());
    }

    @Test
    void aCheckpointIsMeasuredOnTheTrainPathsDataInItsDtype() throws Exception {
        TensorDataset got = ModelData.load(saved("moons", new int[] {2}, 2, DType.FLOAT64), null, false);
        TensorDataset want = DataSources.materialize(DataSources.load("moons", DType.FLOAT64).test());
        assertEquals(DType.FLOAT64, got.features().dtype());
        assertArrayEquals(want.features().toDoubleArray(), got.features().toDoubleArray());
        assertArrayEquals(want.labels().toDoubleArray(), got.labels().toDoubleArray());
        // --data overrides the checkpoint's name
        TensorDataset blobs = ModelData.load(saved("moons", new int[] {2}, 4, DType.FLOAT32), "blobs", true);
        assertEquals(1500, blobs.size());
    }

    @Test
    void imagesArePooledDownToTheModelsSize() {
        TensorDataset images = Synthetic.images(10, 1, 16, 0.1, 5);
        TensorDataset small = ModelData.fit(images, new int[] {1, 8, 8});
        assertArrayEquals(new int[] {1, 8, 8}, small.featureShape());
        float[] x = images.features().contiguous().toFloatArray();
        float[] y = small.features().toFloatArray();
        for (int n = 0; n < 10; n++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    int o = n * 256 + 2 * i * 16 + 2 * j;
                    float mean = (x[o] + x[o + 1] + x[o + 16] + x[o + 17]) / 4;
                    assertEquals(mean, y[n * 64 + i * 8 + j], 1e-6f);
                }
            }
        }
    }

    @Test
    void mismatchesAreClearErrors() {
        var none = assertThrows(IllegalArgumentException.class,
                () -> ModelData.load(saved("", new int[] {2}, 3, DType.FLOAT32), null, true));
        assertEquals("the checkpoint does not record its data set: pass --data NAME|PATH", none.getMessage());
        var classes = assertThrows(IllegalArgumentException.class,
                () -> ModelData.load(saved("spirals", new int[] {2}, 10, DType.FLOAT32), null, true));
        assertEquals("data 'spirals' has 3 classes but the model mlp predicts 10: pass the --data it was trained on",
                classes.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> ModelData.load(saved("spirals", new int[] {3}, 3, DType.FLOAT32), null, true));
        assertTrue(shape.getMessage().startsWith("the data has examples of shape [2] but the model takes [3]"),
                shape.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> ModelData.load(saved("cifar-100", new int[] {2}, 3, DType.FLOAT32), null, true));
        assertTrue(unknown.getMessage().startsWith("unknown data set 'cifar-100'"), unknown.getMessage());
    }
}
