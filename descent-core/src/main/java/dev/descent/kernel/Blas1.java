package dev.descent.kernel;

/**
 * BLAS-1 helpers on contiguous float and double vectors, for optimizers, line searches and Hessian
 * code: {@code dot}, {@code norm2}, {@code axpy} ({@code y += alpha x}) and {@code scale}.
 *
 * <p>{@code dot} and {@code norm2} return doubles whatever the dtype, so callers that need the
 * extra precision (curvature pairs in L-BFGS, say) keep it. They are cut into fixed chunks of
 * {@value #CHUNK} elements whose partial results are added in chunk order: the same bits on any
 * number of threads.
 */
public final class Blas1 {

    /** Elements per chunk of a parallel dot or norm (a multiple of the 2048-element sum block). */
    static final int CHUNK = 1 << 16;

    private Blas1() {}

    private static double sumInOrder(double[] partial) {
        double acc = 0;
        for (double p : partial) {
            acc += p;
        }
        return acc;
    }

    // ---------------------------------------------------------------- float

    /**
     * {@code sum x[i] * y[i]} over {@code n} contiguous elements, returned in double: the products
     * are summed in float lanes within blocks of 2048 and in double across blocks (scalar kernel:
     * all in double). Deterministic for any thread count.
     */
    public static double dot(int n, float[] x, int xOff, float[] y, int yOff) {
        Layout.checkRange("x", x.length, xOff, n);
        Layout.checkRange("y", y.length, yOff, n);
        double[] partial = new double[EwParallel.chunks(n, CHUNK)];
        EwParallel.forRange(n, CHUNK, (s, e) -> partial[s / CHUNK] = EwSimd.ENABLED
                ? VectorReduceFloat.dot(e - s, x, xOff + s, y, yOff + s)
                : ScalarReduce.dot(e - s, x, xOff + s, y, yOff + s));
        return sumInOrder(partial);
    }

    /** Euclidean norm {@code sqrt(sum x[i]^2)}, accumulated as {@link #dot}. */
    public static double norm2(int n, float[] x, int xOff) {
        Layout.checkRange("x", x.length, xOff, n);
        double[] partial = new double[EwParallel.chunks(n, CHUNK)];
        EwParallel.forRange(n, CHUNK, (s, e) -> partial[s / CHUNK] = EwSimd.ENABLED
                ? VectorReduceFloat.sumOfSquares(e - s, x, xOff + s)
                : ScalarReduce.run(ReduceOp.SUM_OF_SQUARES, e - s, x, xOff + s, 1));
        return Math.sqrt(sumInOrder(partial));
    }

    /** {@code y[i] = fma(alpha, x[i], y[i])}: one rounding per element; {@code alpha} is rounded to float first. */
    public static void axpy(int n, double alpha, float[] x, int xOff, float[] y, int yOff) {
        Layout.checkRange("x", x.length, xOff, n);
        Layout.checkRange("y", y.length, yOff, n);
        float a = (float) alpha;
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBlas1Float.axpy(e - s, a, x, xOff + s, y, yOff + s);
            } else {
                for (int i = s; i < e; i++) {
                    y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
                }
            }
        });
    }

    /** {@code x[i] *= alpha}; {@code alpha} is rounded to float first. */
    public static void scale(int n, double alpha, float[] x, int xOff) {
        Layout.checkRange("x", x.length, xOff, n);
        float a = (float) alpha;
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBlas1Float.scale(e - s, a, x, xOff + s);
            } else {
                for (int i = s; i < e; i++) {
                    x[xOff + i] *= a;
                }
            }
        });
    }

    // ---------------------------------------------------------------- double

    /**
     * {@code sum x[i] * y[i]} over {@code n} contiguous elements, returned in double: the products
     * are summed in double lanes within blocks of 2048, the block totals sequentially.
     * Deterministic for any thread count.
     */
    public static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        Layout.checkRange("x", x.length, xOff, n);
        Layout.checkRange("y", y.length, yOff, n);
        double[] partial = new double[EwParallel.chunks(n, CHUNK)];
        EwParallel.forRange(n, CHUNK, (s, e) -> partial[s / CHUNK] = EwSimd.ENABLED
                ? VectorReduceDouble.dot(e - s, x, xOff + s, y, yOff + s)
                : ScalarReduce.dot(e - s, x, xOff + s, y, yOff + s));
        return sumInOrder(partial);
    }

    /** Euclidean norm {@code sqrt(sum x[i]^2)}, accumulated as {@link #dot}. */
    public static double norm2(int n, double[] x, int xOff) {
        Layout.checkRange("x", x.length, xOff, n);
        double[] partial = new double[EwParallel.chunks(n, CHUNK)];
        EwParallel.forRange(n, CHUNK, (s, e) -> partial[s / CHUNK] = EwSimd.ENABLED
                ? VectorReduceDouble.sumOfSquares(e - s, x, xOff + s)
                : ScalarReduce.run(ReduceOp.SUM_OF_SQUARES, e - s, x, xOff + s, 1));
        return Math.sqrt(sumInOrder(partial));
    }

    /** {@code y[i] = fma(alpha, x[i], y[i])}: one rounding per element. */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        Layout.checkRange("x", x.length, xOff, n);
        Layout.checkRange("y", y.length, yOff, n);
        double a = alpha;
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBlas1Double.axpy(e - s, a, x, xOff + s, y, yOff + s);
            } else {
                for (int i = s; i < e; i++) {
                    y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
                }
            }
        });
    }

    /** {@code x[i] *= alpha}. */
    public static void scale(int n, double alpha, double[] x, int xOff) {
        Layout.checkRange("x", x.length, xOff, n);
        double a = alpha;
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBlas1Double.scale(e - s, a, x, xOff + s);
            } else {
                for (int i = s; i < e; i++) {
                    x[xOff + i] *= a;
                }
            }
        });
    }
}
