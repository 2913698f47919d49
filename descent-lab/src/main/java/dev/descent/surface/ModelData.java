package dev.descent.surface;

import dev.descent.autograd.GradMode;
import dev.descent.data.TensorDataset;
import dev.descent.ops.Pool;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.DataSources;
import java.io.IOException;
import java.util.Arrays;

/**
 * The data a saved model is measured on ({@code descent surface}, {@code descent hessian}): loaded
 * by {@code descent train}'s own {@link DataSources#load(String, dev.descent.tensor.DType)}, so a
 * checkpoint of {@code descent train --data spirals --seed 7} is measured on exactly the examples,
 * in the order and dtype, it was trained on. What is added here is fitting the examples to the
 * model: images are average-pooled down when the model was trained on a smaller size that divides
 * the stored one (Fashion-MNIST at 14 × 14), and a mismatch of shape or classes is a clear error.
 */
public final class ModelData {
    private ModelData() {}

    /**
     * The training or test split of {@code dataName} (the checkpoint's {@link SavedModel#data()} when
     * null), in the model's dtype and input shape.
     *
     * @throws IllegalArgumentException when no data is named, the name is unknown, or the examples do
     *                                  not fit the model
     * @throws IOException              when the data cannot be read (Fashion-MNIST not installed, ...)
     */
    public static TensorDataset load(SavedModel saved, String dataName, boolean train) throws IOException {
        String name = dataName != null ? dataName : saved.data();
        if (name.isBlank()) {
            throw new IllegalArgumentException("the checkpoint does not record its data set: pass --data NAME|PATH");
        }
        DataSources.Loaded loaded = DataSources.load(name, saved.dtype());
        TensorDataset d = DataSources.materialize(train ? loaded.train() : loaded.test());
        if (d.numClasses() > 0 && saved.classes() > 0 && d.numClasses() != saved.classes()) {
            throw new IllegalArgumentException("data '" + name + "' has " + d.numClasses() + " classes but the model "
                    + saved.model() + " predicts " + saved.classes() + ": pass the --data it was trained on");
        }
        return fit(d, saved.inputShape());
    }

    /** Average-pools images down to the model's input size when it divides the stored size; checks the shape. */
    static TensorDataset fit(TensorDataset d, int[] inputShape) {
        int[] have = d.featureShape();
        if (Arrays.equals(have, inputShape)) {
            return d;
        }
        if (have.length == 3 && inputShape.length == 3 && have[0] == inputShape[0] && have[1] % inputShape[1] == 0
                && have[2] % inputShape[2] == 0 && have[1] / inputShape[1] == have[2] / inputShape[2]) {
            return downsample(d, have[1] / inputShape[1]);
        }
        if (Shape.numel(have) == Shape.numel(inputShape)) {
            int[] s = new int[inputShape.length + 1];
            s[0] = d.size();
            System.arraycopy(inputShape, 0, s, 1, inputShape.length);
            return new TensorDataset(d.features().reshape(s), d.labels(), d.numClasses(), d.classNames());
        }
        throw new IllegalArgumentException("the data has examples of shape " + Arrays.toString(have) + " but the model takes "
                + Arrays.toString(inputShape) + ": pass the --data it was trained on");
    }

    /** Images average-pooled by {@code factor} (28 × 28 → 14 × 14 for 2). */
    public static TensorDataset downsample(TensorDataset d, int factor) {
        if (factor == 1) {
            return d;
        }
        try (var s = GradMode.noGrad()) {
            Tensor x = Pool.avgPool2d(d.features(), factor, factor, 0).contiguous();
            return new TensorDataset(x, d.labels(), d.numClasses(), d.classNames());
        }
    }
}
