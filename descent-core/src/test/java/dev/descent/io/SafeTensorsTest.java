package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        return IntStream.range(0, 12).mapToObj(i -> 77L * i);
    }

    /** Random tensors: scalars, size-1 and empty dimensions first, then random shapes of both dtypes. */
    private static LinkedHashMap<String, Tensor> randomTensors(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Generator g = new Generator(seed);
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("scalar", Tensor.scalar(DType.FLOAT32, 1.5f));
        m.put("ones.1x1", Tensor.randn(g, DType.FLOAT64, 1, 1));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        int count = r.nextInt(6);
        for (int i = 0; i < count; i++) {
            int rank = r.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = r.nextInt(5);
            }
            DType dtype = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            m.put("layer" + r.nextInt(100) + ".w" + i, Tensor.randn(g, dtype, shape));
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void roundTripKeepsValuesShapesTypesAndMetadata(long seed) throws IOException {
        LinkedHashMap<String, Tensor> tensors = randomTensors(seed);
        Map<String, String> meta = Map.of("seed", Long.toString(seed), "note", "ü \"q\"\n");
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, tensors, meta);
        SafeTensors.Loaded loaded = SafeTensors.read(file);
        assertEquals(meta, loaded.metadata());
        assertEquals(tensors.keySet(), loaded.tensors().keySet());
        for (var e : tensors.entrySet()) {
            Tensor got = loaded.tensors().get(e.getKey());
            assertEquals(e.getValue().dtype(), got.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), got.toDoubleArray(), 0.0, e.getKey());
        }
        long size = Files.size(file);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "header padded to 8-byte alignment");
        assertTrue(size >= 8 + headerLength);
    }

    @Test
    void writerSortsByDtypeAlignmentThenNameAndReaderKeepsHeaderOrder() throws IOException {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("b32", Tensor.zeros(DType.FLOAT32, 2));
        t.put("a32", Tensor.zeros(DType.FLOAT32, 1));
        t.put("z64", Tensor.zeros(DType.FLOAT64, 1));
        t.put("c64", Tensor.zeros(DType.FLOAT64, 1));
        SafeTensors.Loaded l = SafeTensors.fromBytes(SafeTensors.toBytes(t, null), "mem");
        assertEquals(List.of("c64", "z64", "a32", "b32"), List.copyOf(l.tensors().keySet()));
        assertEquals(Map.of(), l.metadata());
    }

    @Test
    void emptyFileMatchesTheReferenceBytes() {
        // the reference implementation's own test vectors for an empty dictionary
        byte[] empty = SafeTensors.toBytes(Map.of(), null);
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', 32, 32, 32, 32, 32, 32}, empty);
        byte[] withMeta = SafeTensors.toBytes(Map.of(), Map.of("framework", "pt"));
        String expectedHeader = "{\"__metadata__\":{\"framework\":\"pt\"}}     ";
        assertEquals(40, withMeta[0]);
        assertEquals(expectedHeader, new String(withMeta, 8, withMeta.length - 8, StandardCharsets.UTF_8));
    }

    @Test
    void singleTensorMatchesTheReferenceBytes() {
        // reference test_serialization: "attn.0", F32, shape [1,2,3], values 0..5
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        byte[] out = SafeTensors.toBytes(Map.of("attn.0", t), null);
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(64, out[0]);
        assertEquals(header, new String(out, 8, 64, StandardCharsets.UTF_8));
        assertEquals(8 + 64 + 24, out.length);
        assertEquals(1.0f, ByteBuffer.wrap(out, 8 + 64 + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void writesViewsAsContiguousData() throws IOException {
        Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor view = base.t(); // [3, 2], strided
        SafeTensors.Loaded l = SafeTensors.fromBytes(SafeTensors.toBytes(Map.of("v", view), null), "mem");
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, l.tensors().get("v").toDoubleArray(), 0.0);
    }

    @Test
    void rejectsReservedAndEmptyNames() {
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.zeros(1)), null));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(Map.of("", Tensor.zeros(1)), null));
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaryBehind() throws IOException {
        Path file = dir.resolve("sub/ckpt.safetensors");
        SafeTensors.write(file, Map.of("a", Tensor.ones(3)), null);
        SafeTensors.write(file, Map.of("b", Tensor.ones(2)), null);
        assertEquals(List.of("b"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
        }
    }

    @Test
    void failedAtomicWriteKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("keep.txt");
        AtomicFiles.writeString(file, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary file removed");
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomByteCorruptionNeverEscapesAsAnUncheckedException(long seed) {
        byte[] good = SafeTensors.toBytes(randomTensors(seed), Map.of("k", "v"));
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 50; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(3);
            for (int i = 0; i < flips; i++) {
                bad[r.nextInt(Math.min(bad.length, 8 + 200))] = (byte) r.nextInt(256);
            }
            if (r.nextInt(4) == 0) {
                bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length));
            }
            byte[] input = bad;
            try {
                SafeTensors.fromBytes(input, "fuzz.safetensors");
            } catch (FormatException e) {
                assertTrue(e.getMessage().startsWith("fuzz.safetensors: "), e.getMessage());
                assertFalse(e.getMessage().isBlank());
            }
        }
    }
}
