package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Small Tensor-level helpers shared by the neural-network ops: recording checks for any number of
 * (nullable) inputs, moving data between tensors and plain {@code double[]} work arrays, and reading
 * integer-valued index tensors with clear errors.
 */
final class NnUtil {
    private NnUtil() {}

    /** True when grad mode is on and any non-null input requires grad. */
    static boolean recording(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The elements in row-major order as doubles. For a dense float64 tensor this is the backing
     * array itself (no copy): callers must treat the result as read-only.
     */
    static double[] doubles(Tensor t) {
        double[] d = t.storage().doubles();
        if (d != null && t.offset() == 0 && t.isContiguous() && d.length == t.numel()) {
            return d;
        }
        return t.toDoubleArray();
    }

    /** A new contiguous tensor of {@code dtype} holding {@code values} (taken over for float64). */
    static Tensor tensor(double[] values, DType dtype, int... shape) {
        if (dtype == DType.FLOAT64) {
            return Tensor.wrap(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.wrap(f, shape);
    }

    /** The common type of the non-null tensors (float64 if any is float64). */
    static DType promote(Tensor... ts) {
        DType dt = null;
        for (Tensor t : ts) {
            if (t != null) {
                dt = dt == null ? t.dtype() : DType.promote(dt, t.dtype());
            }
        }
        return dt == null ? DType.FLOAT32 : dt;
    }

    /** {@code t} converted to {@code dtype} (differentiably), or null for null. */
    static Tensor to(Tensor t, DType dtype) {
        return t == null ? null : t.to(dtype);
    }

    /**
     * Reads a tensor of integer-valued floats as ints. Values must be whole numbers; range checks
     * are left to the caller, which knows what the indices mean.
     */
    static int[] indices(String op, String what, Tensor t) {
        double[] v = t.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": " + what + " must hold integers, got " + x
                        + " at position " + i + " of " + what + " " + Shape.str(t.shapeRef()));
            }
            out[i] = (int) x;
        }
        return out;
    }

    /** Shape with the last {@code drop} dims removed and {@code extra} appended. */
    static int[] replaceTail(int[] shape, int drop, int... extra) {
        int keep = shape.length - drop;
        int[] out = new int[keep + extra.length];
        System.arraycopy(shape, 0, out, 0, keep);
        System.arraycopy(extra, 0, out, keep, extra.length);
        return out;
    }

    /** Product of {@code shape[from..to)}. */
    static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    static void checkPositive(String op, String what, int... values) {
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + v);
            }
        }
    }

    static void checkNonNegative(String op, String what, int... values) {
        for (int v : values) {
            if (v < 0) {
                throw new IllegalArgumentException(op + ": " + what + " must be non-negative, got " + v);
            }
        }
    }
}
