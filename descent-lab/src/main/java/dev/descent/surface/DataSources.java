package dev.descent.surface;

import dev.descent.autograd.GradMode;
import dev.descent.data.Datasets;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.ops.Pool;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The data a saved model is measured on, by name: {@code fashion-mnist} (from the installed Debian
 * package), a folder of IDX files or CIFAR-10 batches, or one of the synthetic sets
 * ({@code spirals}, {@code moons}, {@code circles}, {@code blobs}, {@code images}) generated from the
 * model's seed with the sizes its input shape implies. Images are average-pooled down when the
 * model was trained on a smaller size that divides the stored one (Fashion-MNIST at 14 × 14).
 */
public final class DataSources {
    private DataSources() {}

    /** The training or test split of the named data, shaped for a model with {@code inputShape} and {@code classes}. */
    public static TensorDataset load(String name, boolean train, int[] inputShape, int classes, long seed) throws IOException {
        String n = name.strip().toLowerCase(Locale.ROOT);
        TensorDataset d = switch (n) {
            case "fashion-mnist", "fashion_mnist", "fashionmnist", "fmnist" -> pick(Datasets.fashionMnist(), train);
            case "spirals" -> Synthetic.spirals(train ? 2000 : 500, classes, 0.1, train ? seed : seed + 1);
            case "moons" -> Synthetic.moons(train ? 2000 : 500, 0.1, train ? seed : seed + 1);
            case "circles" -> Synthetic.circles(train ? 2000 : 500, 0.05, 0.5, train ? seed : seed + 1);
            case "blobs" -> Synthetic.blobs(train ? 2000 : 500, classes, Shape.numel(inputShape), 1.0, train ? seed : seed + 1);
            case "images", "synthetic-images" -> Synthetic.images(train ? 2000 : 500, inputShape[0],
                    inputShape.length == 3 ? inputShape[1] : 16, 0.1, train ? seed : seed + 1);
            case "" -> throw new IllegalArgumentException("the checkpoint does not record its data set: pass --data NAME|PATH");
            default -> {
                Path p = Path.of(name);
                if (!Files.exists(p)) {
                    throw new IllegalArgumentException("unknown data '" + name + "': use fashion-mnist, spirals, moons, circles, "
                            + "blobs, images, or a folder of IDX files / CIFAR-10 batches");
                }
                yield pick(Datasets.fromPath(p), train);
            }
        };
        return fit(d, inputShape);
    }

    private static TensorDataset pick(Datasets.TrainTest tt, boolean train) {
        return train ? tt.train() : tt.test();
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
                + Arrays.toString(inputShape));
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
