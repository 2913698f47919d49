package dev.descent.kernel;

import java.util.Arrays;

/**
 * Shape and stride arithmetic shared by the strided kernels: validation, bounds, row-major strides
 * and dimension collapsing.
 *
 * <p>Collapsing is what lets one code path serve every layout: size-1 dimensions are dropped and two
 * neighbouring dimensions are merged when they are "contiguous with each other" in every operand
 * ({@code stride[d] == stride[d+1] * shape[d+1]}). A contiguous tensor of any rank becomes one run; a
 * bias broadcast over a contiguous matrix becomes rows of the length of the bias; a transposed view
 * keeps its two dimensions.
 */
final class Layout {

    private Layout() {}

    /** A collapsed layout: {@code shape[r]} and, per operand, {@code strides[k][r]}; the last dimension is the inner run. */
    record Collapsed(int[] shape, int[][] strides) {
        int rank() {
            return shape.length;
        }

        int inner() {
            return shape[shape.length - 1];
        }

        int innerStride(int operand) {
            return strides[operand][shape.length - 1];
        }
    }

    /** The number of elements of {@code shape}; fails if a size is negative or the count exceeds an int. */
    static int size(int[] shape) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException("negative size " + shape[d] + " in dimension " + d + " of shape " + Arrays.toString(shape));
            }
            n *= shape[d];
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements; Java arrays cannot hold it");
            }
        }
        return (int) n;
    }

    /** Row-major (C order) strides of a contiguous array of {@code shape}. */
    static int[] rowMajorStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= Math.max(shape[d], 1);
        }
        return s;
    }

    /** Fails unless {@code strides} has one entry per dimension. */
    static void checkRank(String name, int[] shape, int[] strides) {
        if (strides.length != shape.length) {
            throw new IllegalArgumentException(name + " strides " + Arrays.toString(strides) + " have rank " + strides.length
                    + " but the shape " + Arrays.toString(shape) + " has rank " + shape.length + "; give one stride per dimension");
        }
    }

    /**
     * Fails unless every element a strided view addresses lies inside the array, so that a kernel
     * never stops half way with an {@link ArrayIndexOutOfBoundsException}. Call only for non-empty shapes.
     */
    static void checkBounds(String name, int arrayLength, int offset, int[] shape, int[] strides) {
        long lo = offset;
        long hi = offset;
        for (int d = 0; d < shape.length; d++) {
            long span = (long) (shape[d] - 1) * strides[d];
            if (span < 0) {
                lo += span;
            } else {
                hi += span;
            }
        }
        if (lo < 0 || hi >= arrayLength) {
            throw new IndexOutOfBoundsException(name + " view (offset " + offset + ", shape " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(strides) + ") reaches indices " + lo + ".." + hi + " of an array of length " + arrayLength);
        }
    }

    /** Fails unless a contiguous run {@code [offset, offset + n)} lies inside the array. */
    static void checkRange(String name, int arrayLength, int offset, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative element count " + n);
        }
        if (n == 0) {
            return; // an empty run touches nothing, wherever a view of empty storage says it starts
        }
        if (offset < 0 || (long) offset + n > arrayLength) {
            throw new IndexOutOfBoundsException(name + " range [" + offset + ", " + ((long) offset + n) + ") is outside an array of length " + arrayLength);
        }
    }

    /**
     * Fails if an output view writes some element twice (a stride 0 or overlapping dimensions), which
     * would make an in-place result depend on the order of the loop. Checks the common cases only:
     * zero strides on dimensions larger than one.
     */
    static void checkWritable(String name, int[] shape, int[] strides) {
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] == 0) {
                throw new IllegalArgumentException(name + " has stride 0 in dimension " + d + " of shape " + Arrays.toString(shape)
                        + ": an in-place result cannot be broadcast; make it contiguous first");
            }
        }
    }

    /** {@link #flatStride} of a view that is not one run. */
    static final int NOT_FLAT = Integer.MIN_VALUE;

    /**
     * The stride {@code k} when the view reads its row-major element {@code f} at {@code offset + k*f}
     * for every {@code f} ({@code k = 1} contiguous, {@code k = 0} a broadcast scalar), else
     * {@link #NOT_FLAT}. Exactly the views that {@link #collapse} turns into a single run next to a
     * contiguous output, with the same inner stride (1 for a single element), found without allocating:
     * the small-tensor fast paths use it to skip the collapse and the segment loop.
     */
    static int flatStride(int[] shape, int[] strides) {
        int k = NOT_FLAT;
        long run = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            if (k == NOT_FLAT) {
                k = strides[d];
            } else if (strides[d] != k * run) {
                return NOT_FLAT;
            }
            run *= shape[d];
        }
        return k == NOT_FLAT ? 1 : k;
    }

    /** Collapses {@code shape} for the given per-operand strides (see the class comment); the result has rank at least 1. */
    static Collapsed collapse(int[] shape, int[]... strides) {
        int rank = shape.length;
        int k = strides.length;
        int[] cs = new int[Math.max(rank, 1)];
        int[][] cst = new int[k][Math.max(rank, 1)];
        int r = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = r > 0;
            for (int j = 0; j < k && merge; j++) {
                merge = (long) strides[j][d] == (long) cst[j][r - 1] * cs[r - 1];
            }
            if (merge) {
                cs[r - 1] *= shape[d];
            } else {
                cs[r] = shape[d];
                for (int j = 0; j < k; j++) {
                    cst[j][r] = strides[j][d];
                }
                r++;
            }
        }
        if (r == 0) {
            // a single element: call it a contiguous run of length 1
            int[][] one = new int[k][1];
            for (int[] s : one) {
                s[0] = 1;
            }
            return new Collapsed(new int[] {1}, one);
        }
        int[] outShape = new int[r];
        int[][] outStrides = new int[k][r];
        for (int i = 0; i < r; i++) {
            outShape[i] = cs[r - 1 - i];
            for (int j = 0; j < k; j++) {
                outStrides[j][i] = cst[j][r - 1 - i];
            }
        }
        return new Collapsed(outShape, outStrides);
    }

    /**
     * Offset in operand {@code k} of row {@code row} of a collapsed layout, rows being the row-major
     * enumeration of all dimensions but the last.
     */
    static int rowOffset(Collapsed c, int k, int row) {
        int[] shape = c.shape();
        int[] s = c.strides()[k];
        int off = 0;
        for (int d = shape.length - 2; d >= 0; d--) {
            int i = row % shape[d];
            row /= shape[d];
            off += i * s[d];
        }
        return off;
    }
}
