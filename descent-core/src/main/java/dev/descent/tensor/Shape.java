package dev.descent.tensor;

import java.util.Arrays;

/**
 * Helpers for shapes and strides, kept as plain {@code int[]} so hot paths never box.
 * Shapes are row-major; a contiguous tensor of shape {@code [a, b, c]} has strides {@code [b*c, c, 1]}.
 */
public final class Shape {
    private Shape() {}

    /** Number of elements of a shape; 1 for a scalar (rank 0). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + str(shape) + " has " + n
                    + " elements, more than the 2^31-1 a Java array holds");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** True when {@code strides} are the row-major strides of {@code shape} (size-1 dims are ignored). */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Checks a shape for negative sizes and returns a defensive copy. */
    public static int[] checked(int... shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            }
        }
        return shape.clone();
    }

    /** NumPy broadcasting of two shapes; the error names the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shape mismatch in " + op + ": " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides to read a tensor of {@code shape}/{@code strides} as if it had the broadcast shape {@code target}. */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int j = i - shift;
            out[i] = j < 0 || shape[j] == 1 ? 0 : strides[j];
        }
        return out;
    }

    /** Normalises a possibly negative dimension index; the error names the op. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw new IllegalArgumentException("dimension " + dim + " out of range in " + op
                    + " for a tensor of rank " + rank + " (expected " + (-r) + " to " + (r - 1) + ")");
        }
        return d;
    }

    /** {@code [2, 3]} style text. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
