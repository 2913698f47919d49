package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    @TempDir
    Path dir;

    /** Records whose label is {@code (first + i) % 10} and whose pixel k of channel c is {@code (i + 3c + k) % 256}. */
    private static byte[] records(int n, int first) {
        byte[] b = new byte[n * CifarReader.RECORD];
        for (int i = 0; i < n; i++) {
            int base = i * CifarReader.RECORD;
            b[base] = (byte) ((first + i) % 10);
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 1024; k++) {
                    b[base + 1 + c * 1024 + k] = (byte) ((i + 3 * c + k) % 256);
                }
            }
        }
        return b;
    }

    @Test
    void parsesRecordsIntoChannelMajorImagesInUnitRange() throws IOException {
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, records(4, 7));
        TensorDataset d = CifarReader.read(List.of(f));
        assertArrayEquals(new int[] {4, 3, 32, 32}, d.features().shape());
        assertArrayEquals(new float[] {7, 8, 9, 0}, d.labels().toFloatArray());
        assertEquals(10, d.numClasses());
        assertEquals("airplane", d.classNames().get(0));
        // sample 2, channel 1 (green), row 3, column 5: pixel k = 3*32+5
        assertEquals(((2 + 3 + 3 * 32 + 5) % 256) / 255f, (float) d.features().get(2, 1, 3, 5));
    }

    @Test
    void lengthMustBeAWholeNumberOfRecords() throws IOException {
        Path f = dir.resolve("data_batch_2.bin");
        byte[] r = records(2, 0);
        Files.write(f, java.util.Arrays.copyOf(r, r.length - 100));
        FormatException e = assertThrows(FormatException.class, () -> CifarReader.read(List.of(f)));
        assertTrue(e.getMessage().startsWith("data_batch_2.bin: 6046 bytes is not a whole number of 3073-byte"), e.getMessage());
    }

    @Test
    void labelsAboveNineAreRefusedWithTheRecordNumber() throws IOException {
        Path f = dir.resolve("test_batch.bin");
        byte[] r = records(3, 0);
        r[2 * CifarReader.RECORD] = 42;
        Files.write(f, r);
        FormatException e = assertThrows(FormatException.class, () -> CifarReader.read(List.of(f)));
        assertTrue(e.getMessage().startsWith("test_batch.bin: record 2 (byte offset 6146) has label 42, expected 0 to 9"), e.getMessage());
    }

    @Test
    void folderWithBatchesIsFoundDirectlyOrInItsSubfolder() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Files.write(sub.resolve("data_batch_1.bin"), records(3, 0));
        Files.write(sub.resolve("data_batch_2.bin"), records(2, 3));
        Files.write(sub.resolve("test_batch.bin"), records(2, 5));
        Datasets.TrainTest tt = Datasets.fromPath(dir);
        assertEquals(5, tt.train().size());
        assertEquals(2, tt.test().size());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, tt.train().labels().toFloatArray());
        assertEquals(5, Datasets.fromPath(sub).train().size());
    }
}
