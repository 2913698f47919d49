package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.FormatException;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        // edge cases first: no images, a single 1x1 image; then random sizes, gzipped and plain
        Stream<Arguments> edges = Stream.of(Arguments.of(0L, 0, 28, 28, true), Arguments.of(1L, 1, 1, 1, false));
        Stream<Arguments> random = IntStream.range(0, 8).mapToObj(i -> {
            SplittableRandom r = new SplittableRandom(100 + i);
            return Arguments.of(100L + i, 1 + r.nextInt(40), 1 + r.nextInt(30), 1 + r.nextInt(30), i % 2 == 0);
        });
        return Stream.concat(edges, random);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void roundTripsImagesAndLabels(long seed, int n, int h, int w, boolean gz) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[n * h * w];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        IdxFiles.writeSet(dir, "train", pixels, n, h, w, labels, gz);
        String suffix = gz ? ".gz" : "";
        Tensor x = IdxReader.readImages(dir.resolve("train-images-idx3-ubyte" + suffix));
        Tensor y = IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte" + suffix));
        assertArrayEquals(new int[] {n, 1, h, w}, x.shape());
        assertArrayEquals(new int[] {n}, y.shape());
        float[] xs = x.toFloatArray();
        for (int i = 0; i < pixels.length; i++) {
            assertEquals((pixels[i] & 0xff) / 255f, xs[i]);
        }
        float[] ys = y.toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(i % 10, ys[i]);
        }
    }

    @Test
    void detectsGzipByMagicBytesNotByName() throws IOException {
        byte[] plain = IdxFiles.idx(1, new int[] {3}, new byte[] {7, 8, 9});
        Path gzNamedPlain = dir.resolve("labels.gz");
        Path plainNamedGz = dir.resolve("labels");
        Files.write(gzNamedPlain, plain);
        Files.write(plainNamedGz, IdxFiles.gzip(plain));
        assertArrayEquals(new float[] {7, 8, 9}, IdxReader.readLabels(gzNamedPlain).toFloatArray());
        assertArrayEquals(new float[] {7, 8, 9}, IdxReader.readLabels(plainNamedGz).toFloatArray());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedImageDataNamesTheFileAndTheByteCounts(boolean gz) throws IOException {
        byte[] full = IdxFiles.idx(3, new int[] {10000, 28, 28}, new byte[4096]); // declares 7840000 bytes, holds 4096
        Path file = dir.resolve("t10k-images-idx3-ubyte" + (gz ? ".gz" : ""));
        Files.write(file, gz ? IdxFiles.gzip(full) : full);
        FormatException e = assertThrows(FormatException.class, () -> IdxReader.readImages(file));
        assertEquals(file.getFileName() + ": expected 7840000 bytes of image data, found 4096 (file truncated?)", e.getMessage());
    }

    @Test
    void gzipStreamCutShortIsReportedAsTruncation() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.idx(1, new int[] {50000}, new byte[50000]));
        Path file = dir.resolve("train-labels-idx1-ubyte.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        FormatException e = assertThrows(FormatException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().startsWith("train-labels-idx1-ubyte.gz: "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptGzipDataIsReported() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.idx(1, new int[] {1000}, new byte[1000]));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] = (byte) 0xff;
        }
        Path file = dir.resolve("labels.gz");
        Files.write(file, gz);
        FormatException e = assertThrows(FormatException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().startsWith("labels.gz: "), e.getMessage());
    }

    @Test
    void rejectsWrongMagicSwappedFilesTrailingBytesAndShortHeaders() throws IOException {
        Path notIdx = dir.resolve("notes.txt");
        Files.writeString(notIdx, "hello world, this is not IDX");
        assertMessage(() -> IdxReader.readImages(notIdx), "notes.txt: not an IDX file (magic number 0x68656c6c");

        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(labels, IdxFiles.idx(1, new int[] {2}, new byte[] {1, 2}));
        assertMessage(() -> IdxReader.readImages(labels), "images and labels swapped?");

        Path trailing = dir.resolve("extra");
        Files.write(trailing, IdxFiles.idx(1, new int[] {2}, new byte[] {1, 2, 3, 4, 5}));
        assertMessage(() -> IdxReader.readLabels(trailing), "extra: 3 unexpected bytes after the 2 bytes of label data");

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertMessage(() -> IdxReader.readLabels(empty), "empty: file ends inside the IDX header");

        Path cutHeader = dir.resolve("cut");
        Files.write(cutHeader, Arrays.copyOf(IdxFiles.idx(3, new int[] {1, 2, 2}, new byte[4]), 10));
        assertMessage(() -> IdxReader.readImages(cutHeader), "cut: file ends inside the IDX header (at byte 8)");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Files.write(dir.resolve("a-images"), IdxFiles.idx(3, new int[] {3, 2, 2}, new byte[12]));
        Files.write(dir.resolve("a-labels"), IdxFiles.idx(1, new int[] {2}, new byte[2]));
        assertMessage(() -> IdxReader.read(dir.resolve("a-images"), dir.resolve("a-labels"), List.of()),
                "a-images holds 3 images but a-labels holds 2 labels");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        FormatException e = assertThrows(FormatException.class, call);
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
}
