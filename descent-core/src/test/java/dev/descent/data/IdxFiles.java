package dev.descent.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** A small IDX writer for tests: magic {@code 00 00 08 DD}, big-endian sizes, unsigned bytes. */
final class IdxFiles {
    private IdxFiles() {}

    static byte[] idx(int dims, int[] shape, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000800 | dims);
        for (int d : shape) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    /** Writes images [n, h, w] and labels [n] under the standard MNIST names. */
    static void writeSet(Path dir, String prefix, byte[] images, int n, int h, int w, byte[] labels, boolean gz) throws IOException {
        byte[] img = idx(3, new int[] {n, h, w}, images);
        byte[] lab = idx(1, new int[] {n}, labels);
        String suffix = gz ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz ? gzip(img) : img);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz ? gzip(lab) : lab);
    }
}
