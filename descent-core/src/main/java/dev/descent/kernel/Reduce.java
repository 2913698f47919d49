package dev.descent.kernel;

/**
 * Reductions of strided float and double views over any set of dimensions ({@code sum},
 * {@code sumOfSquares}, {@code prod}, {@code max}, {@code min}, {@code argmax}, {@code argmin}), and
 * row kernels for log-sum-exp, softmax and log-softmax with their backward passes.
 *
 * <p>Output: one value per kept index, contiguous and row-major from the output offset (the reduced
 * dimensions kept as size 1, conceptually). {@code dims == null} reduces everything; an empty array
 * reduces nothing. Empty sums are 0 and empty products 1; {@code max}, {@code min} and the arg
 * reductions fail on empty dimensions. {@code mean} and {@code var} compose from these in the tensor
 * layer. How the work is laid out is described in {@link ReducePlan}.
 *
 * <p>Accuracy and determinism. Float sums use float SIMD lanes inside blocks of 2048 elements
 * (or 64 rows, for column sums) and a double across blocks, so the error stays near
 * {@code 70 ulps * sum |a|} however long the reduction; the scalar kernels (no Vector API) accumulate
 * in double. Whole-array reductions are cut into fixed chunks of {@value #ALL_GRAIN} elements whose
 * partial results are combined in chunk order, and every other output is reduced by one thread start
 * to end: results are bitwise the same for any number of threads. Row kernels for softmax subtract
 * the row max before exponentiating.
 */
public final class Reduce {

    /** Elements per chunk of a whole-array reduction (a multiple of the sum block). */
    static final int ALL_GRAIN = 1 << 16;
    /** Outputs per column block in column-wise reductions. */
    static final int COLUMN_BLOCK = 256;
    /** Rows summed in float lanes before a column sum flushes into double. */
    static final int FLUSH_ROWS = 64;

    private Reduce() {}

    private static void requireNonEmpty(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("max/min of an empty run has no value (n = " + n + ")");
        }
    }

    /** Outputs per parallel chunk so that a chunk reduces about {@link Elementwise#GRAIN} elements. */
    static int outputGrain(ReducePlan p) {
        long work = (long) p.outputs * p.reduced;
        return work < Elementwise.PARALLEL_THRESHOLD ? p.outputs : (int) Math.max(1, Elementwise.GRAIN / Math.max(1, p.reduced));
    }

    static int columnGrain(ReducePlan p, int tasks) {
        long work = (long) p.outputs * p.reduced;
        return work < Elementwise.PARALLEL_THRESHOLD ? Math.max(tasks, 1)
                : (int) Math.max(1, Elementwise.GRAIN / ((long) COLUMN_BLOCK * p.reduced));
    }

    private static int rowGrain(int rows, int cols) {
        long work = (long) rows * cols;
        return work < Elementwise.PARALLEL_THRESHOLD ? Math.max(rows, 1) : Math.max(1, Elementwise.GRAIN / Math.max(1, cols));
    }

    private static void checkRows(int rows, int cols, int xLength, int xOff, int outLength, int outOff, int outPerRow) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative row kernel size " + rows + " x " + cols);
        }
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(rows + " x " + cols + " elements do not fit a Java array");
        }
        Layout.checkRange("x", xLength, xOff, (int) n);
        Layout.checkRange("out", outLength, outOff, rows * outPerRow);
    }

    // ---------------------------------------------------------------- float

    /** Sum over {@code dims} (null: all) of a strided view; {@code out} gets one value per kept index, row-major. */
    public static void sum(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        ReduceFloat.reduce(ReduceOp.SUM, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of squares over {@code dims} (null: all); the building block of norms and variances. */
    public static void sumOfSquares(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        ReduceFloat.reduce(ReduceOp.SUM_OF_SQUARES, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Product over {@code dims} (null: all), accumulated in double (scalar kernel). */
    public static void prod(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        ReduceFloat.reduce(ReduceOp.PROD, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Maximum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void max(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        ReduceFloat.reduce(ReduceOp.MAX, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Minimum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void min(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        ReduceFloat.reduce(ReduceOp.MIN, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /**
     * Index of the maximum over {@code dims} (null: all), as the row-major flat index within the
     * reduced dimensions (for one dim: the index along it). First occurrence on ties; a NaN counts as
     * the maximum, as in torch.
     */
    public static void argmax(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        ReduceFloat.arg(true, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Index of the minimum over {@code dims}; see {@link #argmax(int[], float[], int, int[], int[], int[], int)}. */
    public static void argmin(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        ReduceFloat.arg(false, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of the contiguous run {@code a[aOff .. aOff + n)}, accurate and deterministic (see the class comment). */
    public static float sum(int n, float[] a, int aOff) {
        return (float) ReduceFloat.contiguous(ReduceOp.SUM, n, a, aOff);
    }

    /** Sum of squares of a contiguous run. */
    public static float sumOfSquares(int n, float[] a, int aOff) {
        return (float) ReduceFloat.contiguous(ReduceOp.SUM_OF_SQUARES, n, a, aOff);
    }

    /** Maximum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static float max(int n, float[] a, int aOff) {
        requireNonEmpty(n);
        return (float) ReduceFloat.contiguous(ReduceOp.MAX, n, a, aOff);
    }

    /** Minimum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static float min(int n, float[] a, int aOff) {
        requireNonEmpty(n);
        return (float) ReduceFloat.contiguous(ReduceOp.MIN, n, a, aOff);
    }


    /** {@code out[r] = log(sum_j exp(x[r, j]))} for each of {@code rows} contiguous rows of {@code cols}. */
    public static void logSumExp(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, 1);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xo = xOff + r * cols;
                out[outOff + r] = (float) (EwSimd.FAST_MATH ? VectorSoftmaxFloat.logSumExp(cols, x, xo) : ScalarSoftmax.logSumExp(cols, x, xo));
            }
        });
    }

    /** Row-wise softmax {@code out[r, j] = exp(x[r, j] - max_r) / sum}; {@code out} may be {@code x}. */
    public static void softmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxFloat.softmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                } else {
                    ScalarSoftmax.softmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                }
            }
        });
    }

    /** Row-wise log-softmax {@code out[r, j] = x[r, j] - max_r - log(sum_j exp(x[r, j] - max_r))}; {@code out} may be {@code x}. */
    public static void logSoftmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxFloat.logSoftmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                } else {
                    ScalarSoftmax.logSoftmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                }
            }
        });
    }

    /** Backward of {@link #softmax}: {@code out = y * (g - sum_j g*y)} row-wise, from the output {@code y}; {@code out} may be {@code g}. */
    public static void softmaxBackward(int rows, int cols, float[] y, int yOff, float[] g, int gOff, float[] out, int outOff) {
        checkRows(rows, cols, y.length, yOff, out.length, outOff, cols);
        Layout.checkRange("g", g.length, gOff, rows * cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int k = r * cols;
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxFloat.softmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                } else {
                    ScalarSoftmax.softmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                }
            }
        });
    }

    /** Backward of {@link #logSoftmax}: {@code out = g - exp(y) * sum_j g} row-wise, from the output {@code y}; {@code out} may be {@code g}. */
    public static void logSoftmaxBackward(int rows, int cols, float[] y, int yOff, float[] g, int gOff, float[] out, int outOff) {
        checkRows(rows, cols, y.length, yOff, out.length, outOff, cols);
        Layout.checkRange("g", g.length, gOff, rows * cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int k = r * cols;
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxFloat.logSoftmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                } else {
                    ScalarSoftmax.logSoftmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                }
            }
        });
    }

    // ---------------------------------------------------------------- double

    /** Sum over {@code dims} (null: all) of a strided view; {@code out} gets one value per kept index, row-major. */
    public static void sum(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        ReduceDouble.reduce(ReduceOp.SUM, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of squares over {@code dims} (null: all); the building block of norms and variances. */
    public static void sumOfSquares(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        ReduceDouble.reduce(ReduceOp.SUM_OF_SQUARES, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Product over {@code dims} (null: all), accumulated in double (scalar kernel). */
    public static void prod(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        ReduceDouble.reduce(ReduceOp.PROD, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Maximum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void max(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        ReduceDouble.reduce(ReduceOp.MAX, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Minimum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void min(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        ReduceDouble.reduce(ReduceOp.MIN, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /**
     * Index of the maximum over {@code dims} (null: all), as the row-major flat index within the
     * reduced dimensions (for one dim: the index along it). First occurrence on ties; a NaN counts as
     * the maximum, as in torch.
     */
    public static void argmax(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        ReduceDouble.arg(true, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Index of the minimum over {@code dims}; see {@link #argmax(int[], double[], int, int[], int[], int[], int)}. */
    public static void argmin(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        ReduceDouble.arg(false, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of the contiguous run {@code a[aOff .. aOff + n)}, accurate and deterministic (see the class comment). */
    public static double sum(int n, double[] a, int aOff) {
        return ReduceDouble.contiguous(ReduceOp.SUM, n, a, aOff);
    }

    /** Sum of squares of a contiguous run. */
    public static double sumOfSquares(int n, double[] a, int aOff) {
        return ReduceDouble.contiguous(ReduceOp.SUM_OF_SQUARES, n, a, aOff);
    }

    /** Maximum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static double max(int n, double[] a, int aOff) {
        requireNonEmpty(n);
        return ReduceDouble.contiguous(ReduceOp.MAX, n, a, aOff);
    }

    /** Minimum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static double min(int n, double[] a, int aOff) {
        requireNonEmpty(n);
        return ReduceDouble.contiguous(ReduceOp.MIN, n, a, aOff);
    }


    /** {@code out[r] = log(sum_j exp(x[r, j]))} for each of {@code rows} contiguous rows of {@code cols}. */
    public static void logSumExp(int rows, int cols, double[] x, int xOff, double[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, 1);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xo = xOff + r * cols;
                out[outOff + r] = (EwSimd.FAST_MATH ? VectorSoftmaxDouble.logSumExp(cols, x, xo) : ScalarSoftmax.logSumExp(cols, x, xo));
            }
        });
    }

    /** Row-wise softmax {@code out[r, j] = exp(x[r, j] - max_r) / sum}; {@code out} may be {@code x}. */
    public static void softmax(int rows, int cols, double[] x, int xOff, double[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxDouble.softmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                } else {
                    ScalarSoftmax.softmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                }
            }
        });
    }

    /** Row-wise log-softmax {@code out[r, j] = x[r, j] - max_r - log(sum_j exp(x[r, j] - max_r))}; {@code out} may be {@code x}. */
    public static void logSoftmax(int rows, int cols, double[] x, int xOff, double[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxDouble.logSoftmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                } else {
                    ScalarSoftmax.logSoftmax(cols, x, xOff + r * cols, out, outOff + r * cols);
                }
            }
        });
    }

    /** Backward of {@link #softmax}: {@code out = y * (g - sum_j g*y)} row-wise, from the output {@code y}; {@code out} may be {@code g}. */
    public static void softmaxBackward(int rows, int cols, double[] y, int yOff, double[] g, int gOff, double[] out, int outOff) {
        checkRows(rows, cols, y.length, yOff, out.length, outOff, cols);
        Layout.checkRange("g", g.length, gOff, rows * cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int k = r * cols;
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxDouble.softmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                } else {
                    ScalarSoftmax.softmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                }
            }
        });
    }

    /** Backward of {@link #logSoftmax}: {@code out = g - exp(y) * sum_j g} row-wise, from the output {@code y}; {@code out} may be {@code g}. */
    public static void logSoftmaxBackward(int rows, int cols, double[] y, int yOff, double[] g, int gOff, double[] out, int outOff) {
        checkRows(rows, cols, y.length, yOff, out.length, outOff, cols);
        Layout.checkRange("g", g.length, gOff, rows * cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int k = r * cols;
                if (EwSimd.FAST_MATH) {
                    VectorSoftmaxDouble.logSoftmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                } else {
                    ScalarSoftmax.logSoftmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                }
            }
        });
    }
}
