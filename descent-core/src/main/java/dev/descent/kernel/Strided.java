package dev.descent.kernel;

/**
 * Data movement: strided copies (making views contiguous), fills and float/double conversion.
 *
 * <p>Same conventions as {@link Elementwise}: an offset and one stride per dimension describe a view,
 * views are bounds-checked before anything is written, large jobs are split into fixed chunks.
 */
public final class Strided {

    private Strided() {}

    private static int checkCopy(int[] shape, int srcLength, int srcOff, int[] srcStrides, int dstLength, int dstOff, int[] dstStrides) {
        Layout.checkRank("src", shape, srcStrides);
        Layout.checkRank("dst", shape, dstStrides);
        int n = Layout.size(shape);
        if (n > 0) {
            Layout.checkBounds("src", srcLength, srcOff, shape, srcStrides);
            Layout.checkBounds("dst", dstLength, dstOff, shape, dstStrides);
            Layout.checkWritable("dst", shape, dstStrides);
        }
        return n;
    }

    // ---------------------------------------------------------------- float

    /**
     * Copies the strided view {@code src} into the strided view {@code dst} of the same shape:
     * {@code dst[idx] = src[idx]} for every multi-index. {@code src} may broadcast (stride 0);
     * {@code dst} must not. Contiguous runs use {@link System#arraycopy}; a view whose last two
     * dimensions are transposed relative to the destination goes through a cache-blocked transpose.
     * The two views must not overlap (except identically).
     */
    public static void copy(int[] shape, float[] src, int srcOff, int[] srcStrides, float[] dst, int dstOff, int[] dstStrides) {
        int n = checkCopy(shape, src.length, srcOff, srcStrides, dst.length, dstOff, dstStrides);
        if (n == 0) {
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, dstStrides, srcStrides, new int[shape.length]);
        if (Transpose.applies(c)) {
            Transpose.copy(c, src, srcOff, dst, dstOff);
            return;
        }
        int ds = c.innerStride(0);
        int ss = c.innerStride(1);
        // one segment body per call, not one per chunk
        StridedLoop.Segment run = (len, d, o, unused) -> {
            if (ds == 1 && ss == 1) {
                System.arraycopy(src, o, dst, d, len);
            } else if (ss == 0) {
                fillRun(dst, d, ds, len, src[o]);
            } else {
                for (int i = 0; i < len; i++) {
                    dst[d + i * ds] = src[o + i * ss];
                }
            }
        };
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> StridedLoop.segments(c, dstOff, srcOff, 0, s, e, run));
    }

    /** {@link #copy} into a new contiguous (row-major) destination starting at {@code dstOff}. */
    public static void copyToContiguous(int[] shape, float[] src, int srcOff, int[] srcStrides, float[] dst, int dstOff) {
        copy(shape, src, srcOff, srcStrides, dst, dstOff, Layout.rowMajorStrides(shape));
    }

    /** Sets {@code dst[dstOff .. dstOff + n)} to {@code value}. */
    public static void fill(int n, float[] dst, int dstOff, float value) {
        Layout.checkRange("dst", dst.length, dstOff, n);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> java.util.Arrays.fill(dst, dstOff + s, dstOff + e, value));
    }

    /** Sets every element of the strided view {@code dst} to {@code value}. */
    public static void fill(int[] shape, float[] dst, int dstOff, int[] dstStrides, float value) {
        Layout.checkRank("dst", shape, dstStrides);
        int n = Layout.size(shape);
        if (n == 0) {
            return;
        }
        Layout.checkBounds("dst", dst.length, dstOff, shape, dstStrides);
        Layout.Collapsed c = Layout.collapse(shape, dstStrides, new int[shape.length], new int[shape.length]);
        int ds = c.innerStride(0);
        StridedLoop.Segment run = (len, d, u1, u2) -> fillRun(dst, d, ds, len, value);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> StridedLoop.segments(c, dstOff, 0, 0, s, e, run));
    }

    private static void fillRun(float[] dst, int d, int ds, int len, float value) {
        if (ds == 1) {
            java.util.Arrays.fill(dst, d, d + len, value);
        } else {
            for (int i = 0; i < len; i++) {
                dst[d + i * ds] = value;
            }
        }
    }

    /** Converts {@code src[srcOff .. + n)} to double (exactly) into {@code dst[dstOff .. + n)}. */
    public static void convert(int n, float[] src, int srcOff, double[] dst, int dstOff) {
        Layout.checkRange("src", src.length, srcOff, n);
        Layout.checkRange("dst", dst.length, dstOff, n);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            for (int i = s; i < e; i++) {
                dst[dstOff + i] = src[srcOff + i];
            }
        });
    }

    /** Copies the strided float view {@code src} into the strided double view {@code dst}, converting exactly. */
    public static void convert(int[] shape, float[] src, int srcOff, int[] srcStrides, double[] dst, int dstOff, int[] dstStrides) {
        int n = checkCopy(shape, src.length, srcOff, srcStrides, dst.length, dstOff, dstStrides);
        if (n == 0) {
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, dstStrides, srcStrides, new int[shape.length]);
        int ds = c.innerStride(0);
        int ss = c.innerStride(1);
        // one segment body per call, not one per chunk
        StridedLoop.Segment run = (len, d, o, unused) -> {
            for (int i = 0; i < len; i++) {
                dst[d + i * ds] = src[o + i * ss];
            }
        };
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> StridedLoop.segments(c, dstOff, srcOff, 0, s, e, run));
    }

    // ---------------------------------------------------------------- double

    /**
     * Copies the strided view {@code src} into the strided view {@code dst} of the same shape:
     * {@code dst[idx] = src[idx]} for every multi-index. {@code src} may broadcast (stride 0);
     * {@code dst} must not. Contiguous runs use {@link System#arraycopy}; a view whose last two
     * dimensions are transposed relative to the destination goes through a cache-blocked transpose.
     * The two views must not overlap (except identically).
     */
    public static void copy(int[] shape, double[] src, int srcOff, int[] srcStrides, double[] dst, int dstOff, int[] dstStrides) {
        int n = checkCopy(shape, src.length, srcOff, srcStrides, dst.length, dstOff, dstStrides);
        if (n == 0) {
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, dstStrides, srcStrides, new int[shape.length]);
        if (Transpose.applies(c)) {
            Transpose.copy(c, src, srcOff, dst, dstOff);
            return;
        }
        int ds = c.innerStride(0);
        int ss = c.innerStride(1);
        // one segment body per call, not one per chunk
        StridedLoop.Segment run = (len, d, o, unused) -> {
            if (ds == 1 && ss == 1) {
                System.arraycopy(src, o, dst, d, len);
            } else if (ss == 0) {
                fillRun(dst, d, ds, len, src[o]);
            } else {
                for (int i = 0; i < len; i++) {
                    dst[d + i * ds] = src[o + i * ss];
                }
            }
        };
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> StridedLoop.segments(c, dstOff, srcOff, 0, s, e, run));
    }

    /** {@link #copy} into a new contiguous (row-major) destination starting at {@code dstOff}. */
    public static void copyToContiguous(int[] shape, double[] src, int srcOff, int[] srcStrides, double[] dst, int dstOff) {
        copy(shape, src, srcOff, srcStrides, dst, dstOff, Layout.rowMajorStrides(shape));
    }

    /** Sets {@code dst[dstOff .. dstOff + n)} to {@code value}. */
    public static void fill(int n, double[] dst, int dstOff, double value) {
        Layout.checkRange("dst", dst.length, dstOff, n);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> java.util.Arrays.fill(dst, dstOff + s, dstOff + e, value));
    }

    /** Sets every element of the strided view {@code dst} to {@code value}. */
    public static void fill(int[] shape, double[] dst, int dstOff, int[] dstStrides, double value) {
        Layout.checkRank("dst", shape, dstStrides);
        int n = Layout.size(shape);
        if (n == 0) {
            return;
        }
        Layout.checkBounds("dst", dst.length, dstOff, shape, dstStrides);
        Layout.Collapsed c = Layout.collapse(shape, dstStrides, new int[shape.length], new int[shape.length]);
        int ds = c.innerStride(0);
        StridedLoop.Segment run = (len, d, u1, u2) -> fillRun(dst, d, ds, len, value);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> StridedLoop.segments(c, dstOff, 0, 0, s, e, run));
    }

    private static void fillRun(double[] dst, int d, int ds, int len, double value) {
        if (ds == 1) {
            java.util.Arrays.fill(dst, d, d + len, value);
        } else {
            for (int i = 0; i < len; i++) {
                dst[d + i * ds] = value;
            }
        }
    }

    /** Converts {@code src[srcOff .. + n)} to float (exactly) into {@code dst[dstOff .. + n)}. */
    public static void convert(int n, double[] src, int srcOff, float[] dst, int dstOff) {
        Layout.checkRange("src", src.length, srcOff, n);
        Layout.checkRange("dst", dst.length, dstOff, n);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            for (int i = s; i < e; i++) {
                dst[dstOff + i] = (float) src[srcOff + i];
            }
        });
    }

    /** Copies the strided double view {@code src} into the strided float view {@code dst}, rounding to nearest. */
    public static void convert(int[] shape, double[] src, int srcOff, int[] srcStrides, float[] dst, int dstOff, int[] dstStrides) {
        int n = checkCopy(shape, src.length, srcOff, srcStrides, dst.length, dstOff, dstStrides);
        if (n == 0) {
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, dstStrides, srcStrides, new int[shape.length]);
        int ds = c.innerStride(0);
        int ss = c.innerStride(1);
        // one segment body per call, not one per chunk
        StridedLoop.Segment run = (len, d, o, unused) -> {
            for (int i = 0; i < len; i++) {
                dst[d + i * ds] = (float) src[o + i * ss];
            }
        };
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> StridedLoop.segments(c, dstOff, srcOff, 0, s, e, run));
    }
}
