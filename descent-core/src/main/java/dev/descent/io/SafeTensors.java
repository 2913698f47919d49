package dev.descent.io;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * byte for byte as the reference implementation does.
 *
 * <pre>
 * [8 bytes]  N, the header length, unsigned 64-bit little-endian
 * [N bytes]  UTF-8 JSON: {"__metadata__": {"k": "v", ...},
 *                         "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
 *            padded with trailing spaces so that 8 + N is a multiple of 8
 * [rest]     the tensors' raw little-endian bytes, row-major; offsets are relative to this buffer
 * </pre>
 *
 * <p><b>Writing</b> follows the reference serializer: tensors are sorted by descending dtype
 * alignment (so F64 before F32), then by name in UTF-8 byte order; they are laid out in that order
 * with no gaps; the JSON is compact, {@code __metadata__} comes first and its keys are sorted (the
 * reference keeps a hash map, whose order is arbitrary); the header is padded with spaces to a
 * multiple of 8 bytes. Metadata that is null or empty is left out. The file is written atomically
 * ({@link AtomicFiles}).
 *
 * <p><b>Reading</b> checks everything before it allocates: the header length (at most 100 MB and
 * within the file), UTF-8, JSON syntax, that the header is an object of tensor entries with exactly
 * {@code dtype}, {@code shape} and {@code data_offsets}, that {@code __metadata__} maps strings to
 * strings, known dtypes, that each byte length equals the shape's element count times the dtype
 * size, and that the offsets, sorted, tile the data buffer exactly (no gap, no overlap, nothing past
 * the end, nothing left over). Any failure is a {@link FormatException} that names the file and the
 * tensor. F32 and F64 load as float32 and float64; F16, BF16, BOOL, U8, I8, U16 and I16 convert
 * exactly to float32; I32, U32, I64 and U64 convert to float64 (exact up to 2<sup>53</sup>). The
 * 8-bit and smaller float formats and complex numbers are refused with a clear message. Tensors are
 * returned in header order.
 */
public final class SafeTensors {
    /** Largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK = 1 << 16;

    private SafeTensors() {}

    /** What a file holds: tensors in header order, and the string metadata (empty if none). */
    public record Loaded(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Element types named by the format; the order is the reference's (increasing alignment). */
    enum Dtype {
        BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4),
        F64(8), I64(8), U64(8);

        final int size;

        Dtype(int size) {
            this.size = size;
        }

        static Dtype of(DType dtype) {
            return dtype == DType.FLOAT32 ? F32 : F64;
        }
    }

    /** Dtypes the reference knows but Descent does not read. */
    private static final List<String> REFUSED = List.of("F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    // ---------------------------------------------------------------- writing

    /**
     * Atomically writes {@code tensors} (float32 or float64, any shape, views allowed) and the
     * optional {@code metadata} to {@code path}.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Plan plan = plan(tensors, metadata);
        AtomicFiles.write(path, out -> plan.writeTo(out));
    }

    /** The bytes {@link #write} would put in a file. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Plan plan = plan(tensors, metadata);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            plan.writeTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private record Entry(String name, Tensor tensor, Dtype dtype) {}

    private record Plan(byte[] header, List<Entry> entries) {
        void writeTo(OutputStream out) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            out.write(buf.array(), 0, 8);
            out.write(header);
            for (Entry e : entries) {
                writeData(out, e.tensor, buf);
            }
        }
    }

    private static Plan plan(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Entry> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("safetensors: tensor names must be non-empty");
            }
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: '" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            entries.add(new Entry(name, t, Dtype.of(t.dtype())));
        }
        // descending dtype (alignment), then name by UTF-8 bytes, as the reference's prepare()
        entries.sort(Comparator.comparing((Entry x) -> x.dtype).reversed()
                .thenComparing((x, y) -> Arrays.compareUnsigned(utf8(x.name), utf8(y.name))));
        StringBuilder sb = new StringBuilder();
        sb.append('{');
        boolean first = true;
        if (metadata != null && !metadata.isEmpty()) {
            sb.append('"').append(METADATA_KEY).append("\":{");
            boolean firstKey = true;
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                if (m.getValue() == null) {
                    throw new IllegalArgumentException("safetensors: metadata value for '" + m.getKey() + "' is null");
                }
                sb.append(firstKey ? "" : ",");
                firstKey = false;
                Json.quote(sb, m.getKey());
                sb.append(':');
                Json.quote(sb, m.getValue());
            }
            sb.append('}');
            first = false;
        }
        long offset = 0;
        for (Entry e : entries) {
            long bytes = (long) e.tensor.numel() * e.dtype.size;
            sb.append(first ? "" : ",");
            first = false;
            Json.quote(sb, e.name);
            sb.append(":{\"dtype\":\"").append(e.dtype.name()).append("\",\"shape\":");
            sb.append(Json.write(e.tensor.shape()));
            sb.append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        sb.append('}');
        byte[] json = utf8(sb.toString());
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return new Plan(header, entries);
    }

    private static void writeData(OutputStream out, Tensor t, ByteBuffer buf) throws IOException {
        Tensor c = t.contiguous();
        int n = c.numel();
        int off = c.offset();
        buf.clear();
        if (c.dtype() == DType.FLOAT32) {
            float[] a = c.storage().floats();
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < 4) {
                    flush(out, buf);
                }
                buf.putFloat(a[off + i]);
            }
        } else {
            double[] a = c.storage().doubles();
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < 8) {
                    flush(out, buf);
                }
                buf.putDouble(a[off + i]);
            }
        }
        flush(out, buf);
    }

    private static void flush(OutputStream out, ByteBuffer buf) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates a safetensors file. */
    public static Loaded read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path), CHUNK)) {
            return read(in, size, path.getFileName().toString());
        }
    }

    /** Reads safetensors bytes held in memory; {@code name} is used in error messages. */
    public static Loaded fromBytes(byte[] bytes, String name) throws FormatException {
        try {
            return read(new ByteArrayInputStream(bytes), bytes.length, name);
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Info(String name, String dtypeName, Dtype dtype, int[] shape, long begin, long end) {}

    private static Loaded read(InputStream in, long fileSize, String file) throws IOException {
        if (fileSize < 8) {
            throw new FormatException(file + ": " + fileSize + " bytes is too short for a safetensors file"
                    + " (it starts with an 8-byte header length)");
        }
        byte[] lenBytes = in.readNBytes(8);
        long n = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new FormatException(file + ": header length " + Long.toUnsignedString(n)
                    + " is absurd (the limit is " + MAX_HEADER_BYTES + " bytes): not a safetensors file?");
        }
        if (n > fileSize - 8) {
            throw new FormatException(file + ": header length " + n + " runs past the end of the file ("
                    + fileSize + " bytes): file truncated or not safetensors?");
        }
        byte[] headerBytes = in.readNBytes((int) n);
        if (headerBytes.length != n) {
            throw new FormatException(file + ": file ends inside the header");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(file + ": header is not valid UTF-8", e);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new FormatException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new FormatException(file + ": header must be a JSON object, found " + kind(root));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Info> infos = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> meta)) {
                    throw new FormatException(file + ": " + METADATA_KEY + " must be an object of strings, found "
                            + kind(e.getValue()));
                }
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw new FormatException(file + ": " + METADATA_KEY + " value for '" + m.getKey()
                                + "' must be a string, found " + kind(m.getValue()));
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            infos.add(info(file, name, e.getValue()));
        }
        // the offsets, sorted, must tile [0, dataSize) exactly
        long dataSize = fileSize - 8 - n;
        List<Info> byOffset = new ArrayList<>(infos);
        byOffset.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long expected = 0;
        for (Info info : byOffset) {
            if (info.end > dataSize) {
                throw new FormatException(file + ": tensor '" + info.name + "' has data_offsets [" + info.begin + ", "
                        + info.end + "] past the end of the data buffer (" + dataSize + " bytes): file truncated?");
            }
            if (info.begin < expected) {
                throw new FormatException(file + ": tensor '" + info.name + "' has data_offsets [" + info.begin + ", "
                        + info.end + "] overlapping the previous tensor, which ends at " + expected);
            }
            if (info.begin > expected) {
                throw new FormatException(file + ": gap in the data buffer: bytes " + expected + " to " + info.begin
                        + " belong to no tensor (before tensor '" + info.name + "')");
            }
            expected = info.end;
        }
        if (expected != dataSize) {
            throw new FormatException(file + ": the tensors cover " + expected + " bytes of data but the file holds "
                    + dataSize + " (" + (dataSize - expected) + " bytes left over)");
        }
        // read in offset order (the data is then a single sequential pass), return in header order
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Info info : byOffset) {
            byName.put(info.name, readTensor(in, info, file));
        }
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Info info : infos) {
            tensors.put(info.name, byName.get(info.name));
        }
        return new Loaded(tensors, metadata);
    }

    private static Info info(String file, String name, Object value) throws FormatException {
        String where = file + ": tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw new FormatException(where + " must be an object with dtype, shape and data_offsets, found " + kind(value));
        }
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new FormatException(where + " has an unknown field '" + key + "'");
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new FormatException(where + ": dtype must be a string, found " + kind(m.get("dtype")));
        }
        Dtype dtype;
        try {
            dtype = Dtype.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            dtype = null;
        }
        if (dtype == null || REFUSED.contains(dtypeName)) {
            String why = REFUSED.contains(dtypeName) ? "is not supported by Descent" : "is unknown";
            throw new FormatException(where + ": dtype " + dtypeName + " " + why
                    + " (readable: F32, F64, F16, BF16, BOOL, U8, I8, U16, I16, U32, I32, U64, I64)");
        }
        if (!(m.get("shape") instanceof List<?> shapeList)) {
            throw new FormatException(where + ": shape must be an array of sizes, found " + kind(m.get("shape")));
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = shapeList.get(i);
            if (!(d instanceof Long size) || size < 0) {
                throw new FormatException(where + ": shape entry " + i + " must be a non-negative integer, found " + d);
            }
            if (size > Integer.MAX_VALUE) {
                throw new FormatException(where + ": dimension " + size + " is larger than a Java array holds");
            }
            shape[i] = (int) (long) size;
            numel = Math.multiplyHigh(numel, size) != 0 ? Long.MAX_VALUE : numel * size;
            if (numel < 0) {
                numel = Long.MAX_VALUE;
            }
        }
        if (numel > Integer.MAX_VALUE) {
            throw new FormatException(where + ": shape " + Arrays.toString(shape) + " has more elements than a Java array holds");
        }
        if (!(m.get("data_offsets") instanceof List<?> offs) || offs.size() != 2
                || !(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end)) {
            throw new FormatException(where + ": data_offsets must be [begin, end], found " + m.get("data_offsets"));
        }
        if (begin < 0 || end < begin) {
            throw new FormatException(where + ": data_offsets [" + begin + ", " + end + "] are out of order or negative");
        }
        long bytes = numel * dtype.size;
        if (end - begin != bytes) {
            throw new FormatException(where + ": shape " + Arrays.toString(shape) + " of " + dtypeName + " needs "
                    + bytes + " bytes (" + numel + " × " + dtype.size + ") but data_offsets [" + begin + ", " + end
                    + "] hold " + (end - begin));
        }
        return new Info(name, dtypeName, dtype, shape, begin, end);
    }

    private static Tensor readTensor(InputStream in, Info info, String file) throws IOException {
        int n = Math.toIntExact((info.end - info.begin) / info.dtype.size);
        boolean wide = switch (info.dtype) {
            case F64, I32, U32, I64, U64 -> true;
            default -> false;
        };
        float[] f = wide ? null : new float[n];
        double[] d = wide ? new double[n] : null;
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int size = info.dtype.size;
        int perChunk = CHUNK / size;
        for (int i = 0; i < n; i += perChunk) {
            int k = Math.min(perChunk, n - i);
            int got = in.readNBytes(chunk, 0, k * size);
            if (got != k * size) {
                throw new EOFException(file + ": file ended while reading tensor '" + info.name + "'");
            }
            buf.clear();
            switch (info.dtype) {
                case F32 -> buf.asFloatBuffer().get(f, i, k);
                case F64 -> buf.asDoubleBuffer().get(d, i, k);
                case F16 -> {
                    for (int j = 0; j < k; j++) {
                        f[i + j] = Float.float16ToFloat(buf.getShort(2 * j));
                    }
                }
                case BF16 -> {
                    for (int j = 0; j < k; j++) {
                        f[i + j] = Float.intBitsToFloat((buf.getShort(2 * j) & 0xffff) << 16);
                    }
                }
                case BOOL, U8 -> {
                    for (int j = 0; j < k; j++) {
                        f[i + j] = chunk[j] & 0xff;
                    }
                }
                case I8 -> {
                    for (int j = 0; j < k; j++) {
                        f[i + j] = chunk[j];
                    }
                }
                case I16 -> {
                    for (int j = 0; j < k; j++) {
                        f[i + j] = buf.getShort(2 * j);
                    }
                }
                case U16 -> {
                    for (int j = 0; j < k; j++) {
                        f[i + j] = buf.getShort(2 * j) & 0xffff;
                    }
                }
                case I32 -> {
                    for (int j = 0; j < k; j++) {
                        d[i + j] = buf.getInt(4 * j);
                    }
                }
                case U32 -> {
                    for (int j = 0; j < k; j++) {
                        d[i + j] = buf.getInt(4 * j) & 0xffffffffL;
                    }
                }
                case I64 -> {
                    for (int j = 0; j < k; j++) {
                        d[i + j] = buf.getLong(8 * j);
                    }
                }
                case U64 -> {
                    for (int j = 0; j < k; j++) {
                        long v = buf.getLong(8 * j);
                        d[i + j] = v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
                    }
                }
                default -> throw new AssertionError(info.dtype);
            }
        }
        return wide ? Tensor.wrap(d, info.shape) : Tensor.wrap(f, info.shape);
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string \"" + s + "\"";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case Boolean b -> "a boolean";
            default -> "the number " + v;
        };
    }
}
