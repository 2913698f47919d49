package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random data, random strided views, multi-index iteration and ulp comparisons for the kernel tests. */
final class KernelTestSupport {

    private KernelTestSupport() {}

    /** Sizes around the vector width and the parallel threshold, edge cases first. */
    static final int[] SIZES = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4097,
        Elementwise.PARALLEL_THRESHOLD - 1, Elementwise.PARALLEL_THRESHOLD + 3, 3 * Elementwise.GRAIN + 5};

    /** {@link #SIZES} up to a few vector blocks: enough for the raw kernels, which never split work. */
    static final int[] KERNEL_SIZES = java.util.Arrays.stream(SIZES).filter(n -> n <= 4097).toArray();

    /** A strided view: an offset, one stride per dimension of a shape, and the array it lives in. */
    record View(int[] shape, int offset, int[] strides, int length) {
        int at(int[] idx) {
            int o = offset;
            for (int d = 0; d < idx.length; d++) {
                o += idx[d] * strides[d];
            }
            return o;
        }

        @Override
        public String toString() {
            return "View(off " + offset + ", strides " + Arrays.toString(strides) + ", len " + length + ")";
        }
    }

    /** A contiguous row-major view. */
    static View contiguous(int[] shape) {
        return new View(shape, 0, Layout.rowMajorStrides(shape), Math.max(1, Layout.size(shape)));
    }

    /**
     * A random view of {@code shape}: dimensions laid out in a random order with random padding, a
     * random offset, some dimensions broadcast (stride 0) when allowed, rarely a reversed dimension.
     */
    static View randomView(int[] shape, SplittableRandom rnd, boolean broadcast) {
        int r = shape.length;
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        if (rnd.nextInt(3) > 0) {
            for (int i = r - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
        }
        int[] strides = new int[r];
        long acc = 1;
        for (int k = r - 1; k >= 0; k--) {
            int d = perm[k];
            if (broadcast && rnd.nextInt(5) == 0) {
                strides[d] = 0;
                continue;
            }
            strides[d] = (int) acc;
            int pad = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0;
            acc *= Math.max(1, shape[d]) + pad;
        }
        int offset = rnd.nextInt(4);
        // rarely reverse a dimension: negative stride, offset moved to its far end
        if (r > 0 && rnd.nextInt(6) == 0) {
            int d = rnd.nextInt(r);
            if (shape[d] > 0 && strides[d] != 0) {
                offset += (shape[d] - 1) * strides[d];
                strides[d] = -strides[d];
            }
        }
        long hi = offset;
        for (int d = 0; d < r; d++) {
            if (shape[d] > 0 && strides[d] > 0) {
                hi += (long) (shape[d] - 1) * strides[d];
            }
        }
        return new View(shape, offset, strides, (int) hi + 1 + rnd.nextInt(3));
    }

    /** A random shape of the given rank with sizes mostly 1..6 (sometimes 0 when allowed). */
    static int[] randomShape(SplittableRandom rnd, int rank, boolean allowEmpty) {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) {
            s[d] = allowEmpty && rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 1 : 6);
        }
        return s;
    }

    /** Calls {@code body} for every multi-index of {@code shape} in row-major order. */
    static void forEachIndex(int[] shape, java.util.function.Consumer<int[]> body) {
        int n = Layout.size(shape);
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            body.accept(idx);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    /** Each element within {@code tol} times its magnitude (at least 1): float math against a double reference. */
    static void assertCloseScaled(float[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double bound = tol * Math.max(1, Math.abs(expected[i]));
            org.junit.jupiter.api.Assertions.assertEquals(expected[i], actual[i], bound, what + " element " + i);
        }
    }

    static float[] randomFloats(SplittableRandom rnd, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return a;
    }

    static double[] randomDoubles(SplittableRandom rnd, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return a;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Distance in ulps of {@code expected}, 0 when both are the same value or both NaN. */
    static double ulps(float expected, float actual) {
        if (Float.compare(expected, actual) == 0 || expected == actual) {
            return 0;
        }
        if (Float.isNaN(expected) || Float.isNaN(actual) || Float.isInfinite(expected) || Float.isInfinite(actual)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs((double) expected - actual) / Math.ulp(expected);
    }

    static double ulps(double expected, double actual) {
        if (Double.compare(expected, actual) == 0 || expected == actual) {
            return 0;
        }
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(expected - actual) / Math.ulp(expected);
    }

    /**
     * Asserts {@code actual} is within {@code maxUlps} of {@code expected}, or within {@code absTol}
     * (for results that underflow toward the subnormals, where ulps mean nothing).
     */
    static void assertClose(float[] expected, float[] actual, double maxUlps, double absTol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double u = ulps(expected[i], actual[i]);
            if (u > maxUlps && !(Math.abs((double) expected[i] - actual[i]) <= absTol)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i] + " (" + u + " ulps)");
            }
        }
    }

    static void assertClose(double[] expected, double[] actual, double maxUlps, double absTol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double u = ulps(expected[i], actual[i]);
            if (u > maxUlps && !(Math.abs(expected[i] - actual[i]) <= absTol)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i] + " (" + u + " ulps)");
            }
        }
    }

    /** Bitwise equality (NaN payloads aside), with the first difference in the message. */
    static void assertBitwise(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) != 0) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    static void assertBitwise(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.compare(expected[i], actual[i]) != 0) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /** Runs {@code body} with the kernel thread count set to {@code threads}, restoring it after. */
    static void withThreads(int threads, Runnable body) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            body.run();
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Special values every op must treat as the scalar reference does. */
    static final float[] SPECIAL_FLOATS = {0f, -0f, 1f, -1f, 0.5f, -0.5f, 2f, 20f, 20.5f, -20f, 88f, -88f, 100f, -100f,
        1e-30f, -1e-30f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, 3f, -3f, 1e-8f, 0.84375f, 1.5f, -1.5f};
}
