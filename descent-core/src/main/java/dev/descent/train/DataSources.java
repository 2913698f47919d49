package dev.descent.train;

import dev.descent.data.CsvReader;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.Subset;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.tensor.DType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data sets of {@code descent train --data}, by name or path, each as a training set and a test
 * set. The {@code data} entry of a checkpoint is such a name, so other commands ({@code descent
 * surface}, {@code descent hessian}) load the same data with {@link #load(String, DType)}.
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>{@code fashion-mnist}</td><td>60000 + 10000 images [1, 28, 28] from Debian's
 *       {@code dataset-fashion-mnist} ({@link Datasets#fashionMnist()})</td></tr>
 *   <tr><td>{@code spirals}</td><td>3 arms in the plane, noise 0.05: 1500 + 500 points [2]</td></tr>
 *   <tr><td>{@code moons}</td><td>two half circles, noise 0.1: 1500 + 500 points [2]</td></tr>
 *   <tr><td>{@code blobs}</td><td>4 Gaussian clusters in 2-D, std 1.5: 1500 + 500 points [2]</td></tr>
 *   <tr><td>{@code synthetic-images}</td><td>10 bar orientations, images [1, 16, 16]: 5000 + 1000</td></tr>
 *   <tr><td>a folder</td><td>the MNIST-family IDX files or CIFAR-10 binary batches ({@link Datasets#fromPath})</td></tr>
 *   <tr><td>a {@code .csv} file</td><td>numeric columns, the label last ({@link CsvReader}); the test set
 *       is the sibling file with {@code train} replaced by {@code test} in its name if there is one,
 *       else a fixed 20 % of the rows</td></tr>
 * </table>
 * The synthetic sets are drawn once from a fixed seed and cut into training and test parts, so
 * they are the same whatever the run's {@code --seed}.
 */
public final class DataSources {
    /** The names {@link #load} knows besides paths. */
    public static final List<String> NAMES = List.of("fashion-mnist", "spirals", "moons", "blobs", "synthetic-images");

    private DataSources() {}

    /**
     * A training set and a test set.
     *
     * @param name        the name or path as given
     * @param train       the training examples
     * @param test        the test examples
     * @param description one line: {@code fashion-mnist: 60000 training and 10000 test examples [1, 28, 28], 10 classes}
     */
    public record Loaded(String name, Dataset train, Dataset test, String description) {
        /** The first {@code n} training and {@code m} test examples (0: all). */
        public Loaded limit(int n, int m) {
            Dataset tr = first(train, n);
            Dataset te = first(test, m);
            return new Loaded(name, tr, te, describe(name, tr, te));
        }
    }

    /** {@link #load(String, DType, List)} with the default Fashion-MNIST search path. */
    public static Loaded load(String nameOrPath, DType dtype) throws IOException {
        return load(nameOrPath, dtype, Datasets.fashionMnistSearchPath());
    }

    /**
     * Loads a data set by name or path, converted to {@code dtype}.
     *
     * @param fashionSearchPath the folders where {@code fashion-mnist} is looked for, in order
     * @throws FileNotFoundException when Fashion-MNIST is not installed (the message says how to install
     *                               it) or a path does not exist
     * @throws IllegalArgumentException for a name that is neither known nor an existing path
     */
    public static Loaded load(String nameOrPath, DType dtype, List<Path> fashionSearchPath) throws IOException {
        String n = nameOrPath.strip().toLowerCase(Locale.ROOT);
        Dataset train;
        Dataset test;
        switch (n) {
            case "fashion-mnist", "fashion_mnist", "fashionmnist" -> {
                Datasets.TrainTest tt = fashionMnist(fashionSearchPath);
                train = tt.train().to(dtype);
                test = tt.test().to(dtype);
            }
            case "spirals" -> {
                Dataset[] p = cut(Synthetic.spirals(2000, 3, 0.05, 1).to(dtype), 1500);
                train = p[0];
                test = p[1];
            }
            case "moons" -> {
                Dataset[] p = cut(Synthetic.moons(2000, 0.1, 1).to(dtype), 1500);
                train = p[0];
                test = p[1];
            }
            case "blobs" -> {
                Dataset[] p = cut(Synthetic.blobs(2000, 4, 2, 1.5, 1).to(dtype), 1500);
                train = p[0];
                test = p[1];
            }
            case "synthetic-images", "images" -> {
                Dataset[] p = cut(Synthetic.images(6000, 1, 16, 0.1, 1).to(dtype), 5000);
                train = p[0];
                test = p[1];
            }
            default -> {
                Path path = Path.of(nameOrPath);
                if (!Files.exists(path)) {
                    throw new IllegalArgumentException("unknown data set '" + nameOrPath + "': use one of "
                            + String.join(", ", NAMES) + ", or the path of an IDX or CIFAR-10 folder or a CSV file");
                }
                if (Files.isDirectory(path)) {
                    Datasets.TrainTest tt = Datasets.fromPath(path);
                    train = tt.train().to(dtype);
                    test = tt.test().to(dtype);
                } else {
                    Dataset[] p = csv(path, dtype);
                    train = p[0];
                    test = p[1];
                }
            }
        }
        return new Loaded(nameOrPath, train, test, describe(nameOrPath, train, test));
    }

    private static Datasets.TrainTest fashionMnist(List<Path> searchPath) throws IOException {
        for (Path dir : searchPath) {
            if (Files.isDirectory(dir)) {
                try {
                    return Datasets.fashionMnist(dir);
                } catch (FileNotFoundException e) {
                    // not complete here: try the next folder
                }
            }
        }
        List<String> looked = searchPath.stream().map(Path::toString).toList();
        throw new FileNotFoundException("Fashion-MNIST is not installed (looked in " + String.join(", ", looked)
                + "): install it with `sudo apt-get install " + Datasets.FASHION_MNIST_PACKAGE
                + "`, or pass --data PATH to a folder with its IDX files");
    }

    private static Dataset[] csv(Path file, DType dtype) throws IOException {
        TensorDataset all = CsvReader.read(file, -1).to(dtype);
        String name = file.getFileName().toString();
        if (name.contains("train")) {
            Path sibling = file.resolveSibling(name.replace("train", "test"));
            if (Files.isRegularFile(sibling)) {
                return new Dataset[] {all, CsvReader.read(sibling, -1).to(dtype)};
            }
        }
        if (all.size() < 5) {
            throw new IllegalArgumentException(file + ": " + all.size() + " rows are too few to hold out a test set");
        }
        Datasets.Split split = Datasets.trainValidationSplit(all, 0.2, 0);
        return new Dataset[] {split.train(), split.validation()};
    }

    private static Dataset[] cut(TensorDataset all, int trainSize) {
        return new Dataset[] {range(all, 0, trainSize), range(all, trainSize, all.size())};
    }

    private static Dataset range(Dataset d, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new Subset(d, idx);
    }

    /**
     * {@code d} as one {@link TensorDataset} (itself if it is one; else its examples copied in order),
     * for code that needs the features and labels as tensors.
     */
    public static TensorDataset materialize(Dataset d) {
        if (d instanceof TensorDataset t) {
            return t;
        }
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        dev.descent.data.Batch b = d.batch(all);
        return new TensorDataset(b.x(), b.y(), d.numClasses(), List.of());
    }

    /** The first {@code n} examples of {@code d} ({@code d} itself when {@code n} is 0 or at least its size). */
    public static Dataset first(Dataset d, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a limit must be positive, got " + n);
        }
        return n == 0 || n >= d.size() ? d : range(d, 0, n);
    }

    private static String describe(String name, Dataset train, Dataset test) {
        List<String> parts = new ArrayList<>();
        parts.add(train.size() + " training and " + test.size() + " test examples " + java.util.Arrays.toString(
                train.featureShape()));
        parts.add(train.numClasses() > 0 ? train.numClasses() + " classes" : "regression targets");
        return name + ": " + String.join(", ", parts);
    }
}
