package dev.descent.surface;

import dev.descent.data.Batch;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** SHA-256 over the values that define a computation (grid, directions, weights, data), for resumable logs. */
final class Fingerprint {
    private final MessageDigest md;

    Fingerprint() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    Fingerprint add(String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        return this;
    }

    Fingerprint add(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        md.update(b.array());
        return this;
    }

    Fingerprint add(Tensor t) {
        Tensor c = t.detach().contiguous();
        add(java.util.Arrays.toString(c.shape()) + c.dtype());
        if (c.dtype() == DType.FLOAT32) {
            float[] f = c.toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f);
            md.update(b.array());
        } else {
            add(c.toDoubleArray());
        }
        return this;
    }

    Fingerprint add(Map<String, Tensor> tensors) {
        tensors.forEach((k, v) -> add(k).add(v));
        return this;
    }

    Fingerprint add(EvalSet data) {
        for (Batch b : data.batches()) {
            add(b.x()).add(b.y());
        }
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(md.digest()).substring(0, 32);
    }
}
