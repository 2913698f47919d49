package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with an independent implementation of the format:
 * {@code scripts/safetensors_fixtures/make_fixtures.py}, written from the specification with
 * Python's {@code struct}/{@code json} and numpy.
 *
 * <p><b>Python → Java.</b> {@code make_fixtures.py write} produced the files in
 * {@code src/test/resources/fixtures/safetensors/}: valid files ({@code expected.json} lists their
 * exact values) and malformed ones ({@code malformed.json} gives, for each, a fragment the error
 * message must contain). They are committed; regenerate them only on purpose.
 *
 * <p><b>Java → Python.</b> {@link #javaWritesTheCanonicalFileByteForByte()} writes the canonical
 * input (the same formulas as {@code canonical_input()} in the script) to
 * {@code target/safetensors-interop/java_canonical.safetensors}. That file was checked once by hand
 * with {@code python3 scripts/safetensors_fixtures/make_fixtures.py verify
 * descent-core/target/safetensors-interop/java_canonical.safetensors --canonical}, which parsed it
 * strictly with numpy, compared every tensor and the metadata, found it byte-identical to the
 * script's own serialization, and printed its SHA-256; that digest is recorded in
 * {@code java_canonical.sha256}, so this test asserts byte identity without needing Python.
 */
class SafeTensorsInteropTest {
    private static Path fixture(String name) {
        try {
            return Path.of(SafeTensorsInteropTest.class.getResource("/fixtures/safetensors/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /** The canonical input; keep in step with {@code canonical_input()} in make_fixtures.py. */
    static LinkedHashMap<String, Tensor> canonicalTensors() {
        float[] weight = new float[12];
        for (int i = 0; i < 12; i++) {
            weight[i] = (float) ((i - 5) / 8.0);
        }
        float[] bias = new float[4];
        for (int i = 0; i < 4; i++) {
            bias[i] = (float) (0.1 * (i + 1));
        }
        double[] moments = new double[4];
        for (int i = 0; i < 4; i++) {
            moments[i] = 1.0 / (i + 3);
        }
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("layer.weight", Tensor.of(weight, 3, 4));
        t.put("layer.bias", Tensor.of(bias, 4));
        t.put("scale", Tensor.scalar(DType.FLOAT64, Math.PI));
        t.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        t.put("moments.m", Tensor.of(moments, 2, 1, 2));
        t.put("ünï/ç", Tensor.of(new double[] {1e-300, -0.0}, 2));
        return t;
    }

    static Map<String, String> canonicalMetadata() {
        return Map.of("format", "descent", "seed", "42", "note", "line1\nline2 \"quoted\" back\\slash tab\t ü");
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void javaWritesTheCanonicalFileByteForByte() throws Exception {
        Path out = Path.of("target", "safetensors-interop", "java_canonical.safetensors");
        SafeTensors.write(out, canonicalTensors(), canonicalMetadata());
        byte[] written = Files.readAllBytes(out);
        String recorded = Files.readString(fixture("java_canonical.sha256")).strip();
        assertEquals(recorded, sha256(written), "Java's bytes differ from those verified by make_fixtures.py");
        // and the same bytes as the Python writer's own canonical file
        assertArrayEquals(Files.readAllBytes(fixture("canonical.safetensors")), written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed.safetensors", "header_order.safetensors", "other_dtypes.safetensors",
            "canonical.safetensors"})
    void readsFilesWrittenByPython(String name) throws IOException {
        Map<?, ?> expected = (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(fixture("expected.json")))).get(name);
        SafeTensors.Loaded loaded = SafeTensors.read(fixture(name));
        assertEquals(expected.keySet(), loaded.tensors().keySet());
        for (var e : expected.entrySet()) {
            Map<?, ?> spec = (Map<?, ?>) e.getValue();
            Tensor t = loaded.tensors().get((String) e.getKey());
            int[] shape = ((List<?>) spec.get("shape")).stream().mapToInt(o -> ((Long) o).intValue()).toArray();
            assertArrayEquals(shape, t.shape(), e.getKey() + " shape");
            double[] values = ((List<?>) spec.get("values")).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
            assertArrayEquals(values, t.toDoubleArray(), 0.0, e.getKey() + " values");
            String dtype = (String) spec.get("dtype");
            DType want = switch (dtype) {
                case "F64", "I32", "U32", "I64", "U64" -> DType.FLOAT64;
                default -> DType.FLOAT32;
            };
            assertEquals(want, t.dtype(), e.getKey() + " dtype");
        }
    }

    @Test
    void headerOrderIsKeptEvenWhenItIsNotTheDataOrder() throws IOException {
        SafeTensors.Loaded loaded = SafeTensors.read(fixture("header_order.safetensors"));
        assertEquals(List.of("step", "cube", "conv.weight", "nothing", "conv.bias"), List.copyOf(loaded.tensors().keySet()));
        assertEquals(Map.of(), loaded.metadata());
        assertEquals(Map.of("framework", "numpy", "epoch", "7"), SafeTensors.read(fixture("mixed.safetensors")).metadata());
    }

    static Stream<Map.Entry<String, String>> malformed() throws IOException {
        Map<?, ?> m = (Map<?, ?>) Json.parse(Files.readString(fixture("malformed.json")));
        return m.entrySet().stream().map(e -> Map.entry((String) e.getKey(), (String) e.getValue()));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedFilesNamingTheFileAndTheProblem(Map.Entry<String, String> c) {
        FormatException e = assertThrows(FormatException.class, () -> SafeTensors.read(fixture(c.getKey())));
        assertTrue(e.getMessage().startsWith(c.getKey() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(c.getValue()), "expected '" + c.getValue() + "' in: " + e.getMessage());
    }
}
