package dev.descent.data;

import dev.descent.io.FormatException;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version ({@code data_batch_1.bin ... data_batch_5.bin},
 * {@code test_batch.bin}): records of 3073 bytes, a label byte (0–9) then 3072 pixel bytes, the red,
 * green and blue 32×32 planes in row-major order. Images become float32 {@code [N, 3, 32, 32]}
 * scaled to [0, 1], labels float32 {@code [N]}.
 *
 * <p>A file whose length is not a multiple of 3073 or with a label ≥ 10 is refused with a
 * {@link FormatException} naming the file (and the record).
 */
public final class CifarReader {
    /** Bytes per record: one label byte and 3 × 32 × 32 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;

    /** The CIFAR-10 class names, in label order. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    private CifarReader() {}

    /** The records of {@code files}, concatenated in the order given. */
    public static TensorDataset read(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (size % RECORD != 0) {
                throw new FormatException(f.getFileName() + ": " + size + " bytes is not a whole number of 3073-byte CIFAR-10 records"
                        + " (" + size / RECORD + " records and " + size % RECORD + " bytes): file truncated, or not the CIFAR-10 binary version?");
            }
            total += size / RECORD;
        }
        if (total * (RECORD - 1) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(total + " CIFAR records do not fit one array");
        }
        int n = (int) total;
        float[] x = new float[n * (RECORD - 1)];
        float[] y = new float[n];
        byte[] rec = new byte[RECORD];
        int i = 0;
        for (Path f : files) {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                long records = Files.size(f) / RECORD;
                for (long r = 0; r < records; r++, i++) {
                    if (in.readNBytes(rec, 0, RECORD) != RECORD) {
                        throw new FormatException(f.getFileName() + ": file shrank while reading record " + r);
                    }
                    int label = rec[0] & 0xff;
                    if (label >= 10) {
                        throw new FormatException(f.getFileName() + ": record " + r + " (byte offset " + r * RECORD + ") has label "
                                + label + ", expected 0 to 9 (CIFAR-100's binary version, with two label bytes, is not supported)");
                    }
                    y[i] = label;
                    int base = i * (RECORD - 1);
                    for (int k = 1; k < RECORD; k++) {
                        x[base + k - 1] = (rec[k] & 0xff) / 255f;
                    }
                }
            }
        }
        return new TensorDataset(Tensor.wrap(x, n, 3, 32, 32), Tensor.wrap(y, n), 10, CLASSES);
    }

    /**
     * The training batches ({@code data_batch_1.bin} ...) and the test batch of a folder, or of its
     * {@code cifar-10-batches-bin} subfolder.
     */
    public static Datasets.TrainTest readFolder(Path dir) throws IOException {
        Path d = Files.isDirectory(dir.resolve("cifar-10-batches-bin")) ? dir.resolve("cifar-10-batches-bin") : dir;
        List<Path> train = new ArrayList<>();
        for (int k = 1; Files.isRegularFile(d.resolve("data_batch_" + k + ".bin")); k++) {
            train.add(d.resolve("data_batch_" + k + ".bin"));
        }
        Path test = d.resolve("test_batch.bin");
        if (train.isEmpty() || !Files.isRegularFile(test)) {
            throw new FormatException(d + ": expected CIFAR-10 binary files data_batch_1.bin ... data_batch_5.bin and test_batch.bin"
                    + (train.isEmpty() ? " (no data_batch_1.bin)" : " (no test_batch.bin)"));
        }
        return new Datasets.TrainTest(read(train), read(List.of(test)));
    }
}
