package dev.descent.data;

import dev.descent.io.FormatException;
import dev.descent.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, plain or gzipped (detected by the gzip magic
 * bytes {@code 1f 8b}, not by the file name).
 *
 * <p>An IDX file is a 4-byte magic number {@code 00 00 TT DD} (TT the element type, {@code 08} for
 * unsigned bytes; DD the number of dimensions), DD big-endian 32-bit sizes, then the elements in
 * row-major order. Images are {@code 0x00000803} ({@code [N, H, W]}), labels {@code 0x00000801}
 * ({@code [N]}). The magic number, the dimension count and the data length are checked; a short or
 * corrupt file gives a {@link FormatException} naming the file and the problem, e.g.
 * {@code t10k-images-idx3-ubyte.gz: expected 7840000 bytes of image data, found 4096 (file truncated?)}.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned-byte labels {@code [N]}. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an IDX file of unsigned-byte images {@code [N, H, W]}. */
    public static final int IMAGES_MAGIC = 0x00000803;

    private IdxReader() {}

    /** Images as float32 {@code [N, 1, H, W]} scaled to [0, 1] (byte / 255). */
    public static Tensor readImages(Path file) throws IOException {
        Raw raw = read(file, IMAGES_MAGIC, "image");
        int[] s = raw.shape;
        float[] x = new float[raw.data.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (raw.data[i] & 0xff) / 255f;
        }
        return Tensor.wrap(x, s[0], 1, s[1], s[2]);
    }

    /** Labels as float32 {@code [N]} (the byte values, 0 to 255). */
    public static Tensor readLabels(Path file) throws IOException {
        Raw raw = read(file, LABELS_MAGIC, "label");
        float[] y = new float[raw.data.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = raw.data[i] & 0xff;
        }
        return Tensor.wrap(y, raw.shape[0]);
    }

    /**
     * Images and labels as a dataset; the counts must agree. The number of classes is the largest
     * label plus one; {@code classNames} may be empty.
     */
    public static TensorDataset read(Path images, Path labels, List<String> classNames) throws IOException {
        Tensor x = readImages(images);
        Tensor y = readLabels(labels);
        if (x.size(0) != y.size(0)) {
            throw new FormatException(images.getFileName() + " holds " + x.size(0) + " images but " + labels.getFileName()
                    + " holds " + y.size(0) + " labels: the files do not belong together");
        }
        int k = 0;
        for (float v : y.storage().floats()) {
            k = Math.max(k, (int) v + 1);
        }
        if (!classNames.isEmpty()) {
            if (k > classNames.size()) {
                throw new FormatException(labels.getFileName() + ": label " + (k - 1) + " but only " + classNames.size() + " classes");
            }
            k = classNames.size();
        }
        return new TensorDataset(x, y, k, classNames);
    }

    /** The raw bytes and shape of an IDX file of unsigned bytes. */
    private record Raw(int[] shape, byte[] data) {}

    private static Raw read(Path file, int expectedMagic, String what) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = open(file)) {
            DataInputStream data = new DataInputStream(in);
            int magic = readHeaderInt(data, name, 0);
            if ((magic & 0xffff0000) != 0) {
                throw new FormatException(name + ": not an IDX file (magic number 0x" + hex(magic) + ", expected 0x"
                        + hex(expectedMagic) + " for " + what + "s)");
            }
            if (magic != expectedMagic) {
                int type = (magic >> 8) & 0xff;
                int dims = magic & 0xff;
                String typeName = type == 0x08 ? "unsigned bytes" : "element type 0x" + Integer.toHexString(type);
                throw new FormatException(name + ": magic number 0x" + hex(magic) + " (" + typeName + ", " + dims
                        + " dimensions), expected 0x" + hex(expectedMagic) + " for " + what + "s ("
                        + (expectedMagic == IMAGES_MAGIC ? "unsigned bytes [N, H, W]" : "unsigned bytes [N]")
                        + ")" + (magic == (expectedMagic ^ 0x2) ? ": images and labels swapped?" : ""));
            }
            int[] shape = new int[magic & 0xff];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                int d = readHeaderInt(data, name, 4 + 4 * i);
                if (d < 0) {
                    throw new FormatException(name + ": dimension " + i + " has negative size " + d + " (corrupt header)");
                }
                shape[i] = d;
                count *= d;
            }
            if (count > Integer.MAX_VALUE - 16) {
                throw new FormatException(name + ": shape " + Arrays.toString(shape) + " is too large for one array");
            }
            byte[] bytes = new byte[(int) count];
            int got = readFully(in, bytes, name);
            if (got < bytes.length) {
                throw new FormatException(name + ": expected " + bytes.length + " bytes of " + what + " data, found " + got
                        + " (file truncated?)");
            }
            long extra = countRest(in, name);
            if (extra > 0) {
                throw new FormatException(name + ": " + extra + " unexpected bytes after the " + bytes.length + " bytes of "
                        + what + " data declared by shape " + Arrays.toString(shape) + " (corrupt or concatenated file?)");
            }
            return new Raw(shape, bytes);
        }
    }

    /** Opens {@code file}, through gunzip when it starts with the gzip magic bytes. */
    static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                in.close();
                throw new FormatException(file.getFileName() + ": corrupt gzip header (" + e.getMessage() + ")", e);
            }
        }
        return in;
    }

    private static int readHeaderInt(DataInputStream in, String name, int offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new FormatException(name + ": file ends inside the IDX header (at byte " + offset + "): file truncated or empty?", e);
        } catch (ZipException e) {
            throw new FormatException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    /** Reads until {@code buf} is full or the data ends; a gzip stream cut short counts as the end. */
    private static int readFully(InputStream in, byte[] buf, String name) throws IOException {
        int n = 0;
        try {
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (EOFException e) {
            // GZIPInputStream: "Unexpected end of ZLIB input stream"; report what we got
        } catch (ZipException e) {
            throw new FormatException(name + ": corrupt gzip data after " + n + " bytes (" + e.getMessage() + ")", e);
        }
        return n;
    }

    private static long countRest(InputStream in, String name) throws IOException {
        long extra = 0;
        byte[] buf = new byte[8192];
        try {
            int r;
            while ((r = in.read(buf)) > 0) {
                extra += r;
            }
        } catch (EOFException e) {
            // truncated gzip trailer after all the data: the data itself is complete
        } catch (ZipException e) {
            throw new FormatException(name + ": corrupt gzip data after the image data (" + e.getMessage() + ")", e);
        }
        return extra;
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }
}
