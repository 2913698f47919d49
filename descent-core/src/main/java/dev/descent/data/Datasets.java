package dev.descent.data;

import dev.descent.io.FormatException;
import dev.descent.tensor.Generator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finding and loading data sets on disk, and splitting them. Nothing is ever downloaded.
 *
 * <p>Fashion-MNIST comes from Debian's {@code dataset-fashion-mnist} package, which installs the
 * four gzipped IDX files in {@code /usr/share/datasets/fashion-mnist/}:
 * <pre>{@code
 * sudo apt-get install dataset-fashion-mnist
 * Datasets.TrainTest fm = Datasets.fashionMnist();   // 60000 + 10000 images [1, 28, 28]
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** A training set and its test set. */
    public record TrainTest(TensorDataset train, TensorDataset test) {}

    /** A training set and a validation set held out of it. */
    public record Split(Dataset train, Dataset validation) {}

    /** The Debian package that ships Fashion-MNIST. */
    public static final String FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";

    /** The Fashion-MNIST class names, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The IDX file stems of the MNIST family, in the order train images, train labels, test images, test labels. */
    private static final List<String> IDX_STEMS = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /**
     * Where {@link #fashionMnist()} looks, in order: {@code $DESCENT_DATA/fashion-mnist} if the
     * variable is set, then Debian's {@code /usr/share/datasets/fashion-mnist}, then
     * {@code /usr/share/dataset-fashion-mnist} and {@code /usr/share/fashion-mnist}.
     */
    public static List<Path> fashionMnistSearchPath() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("DESCENT_DATA");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env, "fashion-mnist"));
        }
        dirs.add(Path.of("/usr/share/datasets/fashion-mnist"));
        dirs.add(Path.of("/usr/share/dataset-fashion-mnist"));
        dirs.add(Path.of("/usr/share/fashion-mnist"));
        return dirs;
    }

    /** The first folder of {@link #fashionMnistSearchPath()} holding the four IDX files, or null. */
    public static Path findFashionMnist() {
        return findFashionMnist(fashionMnistSearchPath());
    }

    static Path findFashionMnist(List<Path> searchPath) {
        for (Path dir : searchPath) {
            if (idxFiles(dir) != null) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Fashion-MNIST from the first folder of {@link #fashionMnistSearchPath()} that has it; if none
     * does, the exception says where it looked and how to install it.
     */
    public static TrainTest fashionMnist() throws IOException {
        return fashionMnist(fashionMnistSearchPath());
    }

    static TrainTest fashionMnist(List<Path> searchPath) throws IOException {
        Path dir = findFashionMnist(searchPath);
        if (dir == null) {
            List<String> looked = searchPath.stream().map(Path::toString).toList();
            throw new FileNotFoundException("Fashion-MNIST not found in " + String.join(", ", looked) + ": install it with `sudo apt-get install "
                    + FASHION_MNIST_PACKAGE + "`, or pass --data PATH to a folder with the IDX files ("
                    + String.join(".gz, ", IDX_STEMS) + ".gz, gzipped or not)");
        }
        return fashionMnist(dir);
    }

    /** Fashion-MNIST from the IDX files in {@code dir} (class names attached). */
    public static TrainTest fashionMnist(Path dir) throws IOException {
        return idx(dir, FASHION_MNIST_CLASSES);
    }

    /**
     * The data set in a folder, recognized by its files: the MNIST-family IDX files
     * ({@code train-images-idx3-ubyte[.gz]} and the other three), or the CIFAR-10 binary batches
     * ({@code data_batch_1.bin ... test_batch.bin}, possibly in a {@code cifar-10-batches-bin}
     * subfolder).
     */
    public static TrainTest fromPath(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new FileNotFoundException(path + ": no such file or folder");
        }
        if (!Files.isDirectory(path)) {
            throw new FormatException(path + ": expected a folder with IDX files (MNIST, Fashion-MNIST) or CIFAR-10 binary batches");
        }
        if (idxFiles(path) != null) {
            return idx(path, List.of());
        }
        Path cifar = Files.isDirectory(path.resolve("cifar-10-batches-bin")) ? path.resolve("cifar-10-batches-bin") : path;
        if (Files.isRegularFile(cifar.resolve("data_batch_1.bin")) || Files.isRegularFile(cifar.resolve("test_batch.bin"))) {
            return CifarReader.readFolder(path);
        }
        String[] names;
        try (var s = Files.list(path)) {
            names = s.map(p -> p.getFileName().toString()).sorted().limit(12).toArray(String[]::new);
        }
        throw new FormatException(path + ": found neither the IDX files " + IDX_STEMS + " (.gz or not) nor CIFAR-10 binary batches"
                + " (data_batch_1.bin ... test_batch.bin); the folder holds " + Arrays.toString(names));
    }

    private static TrainTest idx(Path dir, List<String> classNames) throws IOException {
        Path[] f = idxFiles(dir);
        if (f == null) {
            List<String> missing = new ArrayList<>();
            for (String stem : IDX_STEMS) {
                if (find(dir, stem) == null) {
                    missing.add(stem);
                }
            }
            throw new FileNotFoundException(dir + ": missing IDX file(s) " + String.join(", ", missing) + " (.gz or not)");
        }
        TensorDataset train = IdxReader.read(f[0], f[1], classNames);
        TensorDataset test = IdxReader.read(f[2], f[3], classNames);
        return new TrainTest(train, test);
    }

    /** The four IDX files in {@code dir}, or null when any is missing. */
    private static Path[] idxFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path[] out = new Path[IDX_STEMS.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = find(dir, IDX_STEMS.get(i));
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private static Path find(Path dir, String stem) {
        String dotted = stem.replaceFirst("-(idx\\d)", ".$1"); // the train-images.idx3-ubyte spelling
        for (String name : List.of(stem + ".gz", stem, dotted + ".gz", dotted)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Splits {@code data} at random into a training part and a validation part holding
     * {@code round(fraction · size)} examples. The split is a function of {@code seed} alone; each
     * part keeps the examples in dataset order (the loader shuffles).
     */
    public static Split trainValidationSplit(Dataset data, double validationFraction, long seed) {
        int n = data.size();
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int nv = (int) Math.round(validationFraction * n);
        if (nv == 0 || nv == n) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " of " + n + " examples leaves "
                    + (nv == 0 ? "no validation example" : "no training example"));
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] val = Arrays.copyOfRange(perm, 0, nv);
        int[] train = Arrays.copyOfRange(perm, nv, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(new Subset(data, train), new Subset(data, val));
    }
}
