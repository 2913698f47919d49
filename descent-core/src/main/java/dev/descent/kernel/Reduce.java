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
 * <p>Accuracy and determinism. Float sums use float SIMD lanes inside blocks of 4096 elements
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
    private static int outputGrain(ReducePlan p) {
        long work = (long) p.outputs * p.reduced;
        return work < Elementwise.PARALLEL_THRESHOLD ? p.outputs : (int) Math.max(1, Elementwise.GRAIN / Math.max(1, p.reduced));
    }

    private static int columnGrain(ReducePlan p, int tasks) {
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
        reduce(ReduceOp.SUM, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of squares over {@code dims} (null: all); the building block of norms and variances. */
    public static void sumOfSquares(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        reduce(ReduceOp.SUM_OF_SQUARES, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Product over {@code dims} (null: all), accumulated in double (scalar kernel). */
    public static void prod(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        reduce(ReduceOp.PROD, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Maximum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void max(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        reduce(ReduceOp.MAX, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Minimum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void min(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        reduce(ReduceOp.MIN, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /**
     * Index of the maximum over {@code dims} (null: all), as the row-major flat index within the
     * reduced dimensions (for one dim: the index along it). First occurrence on ties; a NaN counts as
     * the maximum, as in torch.
     */
    public static void argmax(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        arg(true, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Index of the minimum over {@code dims}; see {@link #argmax(int[], float[], int, int[], int[], int[], int)}. */
    public static void argmin(int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        arg(false, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of the contiguous run {@code a[aOff .. aOff + n)}, accurate and deterministic (see the class comment). */
    public static float sum(int n, float[] a, int aOff) {
        return (float) contiguous(ReduceOp.SUM, n, a, aOff);
    }

    /** Sum of squares of a contiguous run. */
    public static float sumOfSquares(int n, float[] a, int aOff) {
        return (float) contiguous(ReduceOp.SUM_OF_SQUARES, n, a, aOff);
    }

    /** Maximum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static float max(int n, float[] a, int aOff) {
        requireNonEmpty(n);
        return (float) contiguous(ReduceOp.MAX, n, a, aOff);
    }

    /** Minimum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static float min(int n, float[] a, int aOff) {
        requireNonEmpty(n);
        return (float) contiguous(ReduceOp.MIN, n, a, aOff);
    }

    private static double contiguous(ReduceOp op, int n, float[] a, int aOff) {
        Layout.checkRange("input", a.length, aOff, n);
        int chunks = EwParallel.chunks(n, ALL_GRAIN);
        double[] partial = new double[chunks];
        EwParallel.forRange(n, ALL_GRAIN, (s, e) -> partial[s / ALL_GRAIN] = run(op, e - s, a, aOff + s, 1));
        double acc = op.identity();
        for (double p : partial) {
            acc = op.combine(acc, p);
        }
        return acc;
    }

    private static double run(ReduceOp op, int n, float[] a, int off, int stride) {
        return EwSimd.ENABLED && stride == 1 ? VectorReduceFloat.run(op, n, a, off) : ScalarReduce.run(op, n, a, off, stride);
    }

    private static void reduce(ReduceOp op, int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        ReducePlan p = ReducePlan.of(shape, a.length, aOff, aStrides, dims);
        Layout.checkRange("out", out.length, outOff, p.outputs);
        if (p.outputs == 0) {
            return;
        }
        if (p.reduced == 0) {
            if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
                throw new IllegalArgumentException(op + " over an empty dimension of shape " + java.util.Arrays.toString(shape) + " has no value");
            }
            java.util.Arrays.fill(out, outOff, outOff + p.outputs, (float) op.identity());
            return;
        }
        switch (p.kind) {
            case ALL -> out[outOff] = (float) reduceAll(op, p, a, aOff);
            case INNER, GENERAL -> perOutput(op, p, a, aOff, out, outOff);
            case OUTER -> columns(op, p, a, aOff, out, outOff);
        }
    }

    /** One output: fixed chunks of the reduced range, partial results combined in chunk order. */
    private static double reduceAll(ReduceOp op, ReducePlan p, float[] a, int aOff) {
        Layout.Collapsed red = p.reducedLayout;
        int stride = red.innerStride(0);
        double[] partial = new double[EwParallel.chunks(p.reduced, ALL_GRAIN)];
        EwParallel.forRange(p.reduced, ALL_GRAIN, (s, e) -> {
            double[] acc = {op.identity()};
            StridedLoop.segments(red, aOff, 0, 0, s, e, (len, o, flat, unused) -> acc[0] = op.combine(acc[0], run(op, len, a, o, stride)));
            partial[s / ALL_GRAIN] = acc[0];
        });
        double acc = op.identity();
        for (double v : partial) {
            acc = op.combine(acc, v);
        }
        return acc;
    }

    /** Each output reduces its own sub-view, run by run (SIMD when the runs are contiguous). */
    private static void perOutput(ReduceOp op, ReducePlan p, float[] a, int aOff, float[] out, int outOff) {
        Layout.Collapsed kept = p.keptLayout;
        int keptStride = kept.innerStride(0);
        EwParallel.forRange(p.outputs, outputGrain(p), (s, e) -> {
            SegmentCursor cur = new SegmentCursor(p.reducedLayout);
            StridedLoop.segments(kept, aOff, outOff, 0, s, e, (len, ao, oo, unused) -> {
                for (int k = 0; k < len; k++) {
                    cur.reset(ao + k * keptStride, 0);
                    double acc = op.identity();
                    while (cur.next()) {
                        acc = op.combine(acc, run(op, cur.len, a, cur.off0, cur.stride0));
                    }
                    out[oo + k] = (float) acc;
                }
            });
        });
    }

    /**
     * Kept run contiguous: accumulate whole rows into {@value #COLUMN_BLOCK}-wide blocks of outputs.
     * Sums add {@value #FLUSH_ROWS} rows in float lanes, then flush into double accumulators.
     */
    private static void columns(ReduceOp op, ReducePlan p, float[] a, int aOff, float[] out, int outOff) {
        Layout.Collapsed kept = p.keptLayout;
        int cols = kept.inner();
        int blocksPerRow = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        int tasks = (p.outputs / cols) * blocksPerRow;
        boolean sumLike = op == ReduceOp.SUM || op == ReduceOp.SUM_OF_SQUARES;
        boolean vector = EwSimd.ENABLED && op != ReduceOp.PROD;
        EwParallel.forRange(tasks, columnGrain(p, tasks), (t0, t1) -> {
            SegmentCursor cur = new SegmentCursor(p.reducedLayout);
            float[] acc = new float[Math.min(cols, COLUMN_BLOCK)];
            double[] total = new double[acc.length];
            for (int t = t0; t < t1; t++) {
                int row = t / blocksPerRow;
                int c0 = (t - row * blocksPerRow) * COLUMN_BLOCK;
                int w = Math.min(COLUMN_BLOCK, cols - c0);
                int aBase = aOff + Layout.rowOffset(kept, 0, row) + c0;
                int oBase = outOff + Layout.rowOffset(kept, 1, row) + c0;
                java.util.Arrays.fill(acc, 0, w, (float) op.identity());
                java.util.Arrays.fill(total, 0, w, op.identity());
                cur.reset(aBase, 0);
                int pending = 0;
                while (cur.next()) {
                    for (int k = 0; k < cur.len; k++) {
                        int rowOff = cur.off0 + k * cur.stride0;
                        if (vector) {
                            VectorReduceFloat.accumulateRow(op, w, a, rowOff, acc);
                            if (sumLike && ++pending == FLUSH_ROWS) {
                                flush(w, acc, total);
                                pending = 0;
                            }
                        } else {
                            for (int j = 0; j < w; j++) {
                                double x = a[rowOff + j];
                                total[j] = op.combine(total[j], op == ReduceOp.SUM_OF_SQUARES ? x * x : x);
                            }
                        }
                    }
                }
                if (vector && sumLike) {
                    flush(w, acc, total);
                }
                for (int j = 0; j < w; j++) {
                    out[oBase + j] = (float) (vector && !sumLike ? acc[j] : total[j]);
                }
            }
        });
    }

    private static void flush(int w, float[] acc, double[] total) {
        for (int j = 0; j < w; j++) {
            total[j] += acc[j];
            acc[j] = 0;
        }
    }

    private static void arg(boolean max, int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        ReducePlan p = ReducePlan.of(shape, a.length, aOff, aStrides, dims);
        Layout.checkRange("out", out.length, outOff, p.outputs);
        if (p.outputs == 0) {
            return;
        }
        if (p.reduced == 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + " over an empty dimension of shape "
                    + java.util.Arrays.toString(shape) + " has no value");
        }
        Layout.Collapsed red = p.reducedLayout;
        if (p.kind == ReducePlan.Kind.ALL) {
            int chunks = EwParallel.chunks(p.reduced, ALL_GRAIN);
            float[] bestValue = new float[chunks];
            int[] bestIndex = new int[chunks];
            EwParallel.forRange(p.reduced, ALL_GRAIN, (s, e) -> {
                float[] bv = {0};
                int[] bi = {-1};
                StridedLoop.segments(red, aOff, 0, 0, s, e, (len, o, flat, unused) -> {
                    int i = argRun(max, len, a, o, red.innerStride(0));
                    float v = a[o + i * red.innerStride(0)];
                    if (bi[0] < 0 || ScalarReduce.better(max, v, bv[0])) {
                        bv[0] = v;
                        bi[0] = flat + i * red.innerStride(1);
                    }
                });
                bestValue[s / ALL_GRAIN] = bv[0];
                bestIndex[s / ALL_GRAIN] = bi[0];
            });
            int best = 0;
            for (int c = 1; c < chunks; c++) {
                if (ScalarReduce.better(max, bestValue[c], bestValue[best])) {
                    best = c;
                }
            }
            out[outOff] = bestIndex[best];
            return;
        }
        Layout.Collapsed kept = p.keptLayout;
        int keptStride = kept.innerStride(0);
        EwParallel.forRange(p.outputs, outputGrain(p), (s, e) -> {
            SegmentCursor cur = new SegmentCursor(red);
            StridedLoop.segments(kept, aOff, outOff, 0, s, e, (len, ao, oo, unused) -> {
                for (int k = 0; k < len; k++) {
                    cur.reset(ao + k * keptStride, 0);
                    float bv = 0;
                    int bi = -1;
                    while (cur.next()) {
                        int i = argRun(max, cur.len, a, cur.off0, cur.stride0);
                        float v = a[cur.off0 + i * cur.stride0];
                        if (bi < 0 || ScalarReduce.better(max, v, bv)) {
                            bv = v;
                            bi = cur.off1 + i * cur.stride1;
                        }
                    }
                    out[oo + k] = bi;
                }
            });
        });
    }

    private static int argRun(boolean max, int n, float[] a, int off, int stride) {
        return EwSimd.ENABLED && stride == 1 ? VectorReduceFloat.argRun(max, n, a, off) : ScalarReduce.argRun(max, n, a, off, stride);
    }

    /** {@code out[r] = log(sum_j exp(x[r, j]))} for each of {@code rows} contiguous rows of {@code cols}. */
    public static void logSumExp(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, 1);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xo = xOff + r * cols;
                out[outOff + r] = (float) (EwSimd.ENABLED ? VectorSoftmaxFloat.logSumExp(cols, x, xo) : ScalarSoftmax.logSumExp(cols, x, xo));
            }
        });
    }

    /** Row-wise softmax {@code out[r, j] = exp(x[r, j] - max_r) / sum}; {@code out} may be {@code x}. */
    public static void softmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (EwSimd.ENABLED) {
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
                if (EwSimd.ENABLED) {
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
                if (EwSimd.ENABLED) {
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
                if (EwSimd.ENABLED) {
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
        reduce(ReduceOp.SUM, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of squares over {@code dims} (null: all); the building block of norms and variances. */
    public static void sumOfSquares(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        reduce(ReduceOp.SUM_OF_SQUARES, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Product over {@code dims} (null: all), accumulated in double (scalar kernel). */
    public static void prod(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        reduce(ReduceOp.PROD, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Maximum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void max(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        reduce(ReduceOp.MAX, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Minimum over {@code dims} (null: all); NaN if any element reduced is NaN. Fails on an empty reduction. */
    public static void min(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        reduce(ReduceOp.MIN, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /**
     * Index of the maximum over {@code dims} (null: all), as the row-major flat index within the
     * reduced dimensions (for one dim: the index along it). First occurrence on ties; a NaN counts as
     * the maximum, as in torch.
     */
    public static void argmax(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        arg(true, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Index of the minimum over {@code dims}; see {@link #argmax(int[], double[], int, int[], int[], int[], int)}. */
    public static void argmin(int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        arg(false, shape, a, aOff, aStrides, dims, out, outOff);
    }

    /** Sum of the contiguous run {@code a[aOff .. aOff + n)}, accurate and deterministic (see the class comment). */
    public static double sum(int n, double[] a, int aOff) {
        return contiguous(ReduceOp.SUM, n, a, aOff);
    }

    /** Sum of squares of a contiguous run. */
    public static double sumOfSquares(int n, double[] a, int aOff) {
        return contiguous(ReduceOp.SUM_OF_SQUARES, n, a, aOff);
    }

    /** Maximum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static double max(int n, double[] a, int aOff) {
        requireNonEmpty(n);
        return contiguous(ReduceOp.MAX, n, a, aOff);
    }

    /** Minimum of a non-empty contiguous run (NaN if it holds a NaN). */
    public static double min(int n, double[] a, int aOff) {
        requireNonEmpty(n);
        return contiguous(ReduceOp.MIN, n, a, aOff);
    }

    private static double contiguous(ReduceOp op, int n, double[] a, int aOff) {
        Layout.checkRange("input", a.length, aOff, n);
        int chunks = EwParallel.chunks(n, ALL_GRAIN);
        double[] partial = new double[chunks];
        EwParallel.forRange(n, ALL_GRAIN, (s, e) -> partial[s / ALL_GRAIN] = run(op, e - s, a, aOff + s, 1));
        double acc = op.identity();
        for (double p : partial) {
            acc = op.combine(acc, p);
        }
        return acc;
    }

    private static double run(ReduceOp op, int n, double[] a, int off, int stride) {
        return EwSimd.ENABLED && stride == 1 ? VectorReduceDouble.run(op, n, a, off) : ScalarReduce.run(op, n, a, off, stride);
    }

    private static void reduce(ReduceOp op, int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, double[] out, int outOff) {
        ReducePlan p = ReducePlan.of(shape, a.length, aOff, aStrides, dims);
        Layout.checkRange("out", out.length, outOff, p.outputs);
        if (p.outputs == 0) {
            return;
        }
        if (p.reduced == 0) {
            if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
                throw new IllegalArgumentException(op + " over an empty dimension of shape " + java.util.Arrays.toString(shape) + " has no value");
            }
            java.util.Arrays.fill(out, outOff, outOff + p.outputs, op.identity());
            return;
        }
        switch (p.kind) {
            case ALL -> out[outOff] = reduceAll(op, p, a, aOff);
            case INNER, GENERAL -> perOutput(op, p, a, aOff, out, outOff);
            case OUTER -> columns(op, p, a, aOff, out, outOff);
        }
    }

    /** One output: fixed chunks of the reduced range, partial results combined in chunk order. */
    private static double reduceAll(ReduceOp op, ReducePlan p, double[] a, int aOff) {
        Layout.Collapsed red = p.reducedLayout;
        int stride = red.innerStride(0);
        double[] partial = new double[EwParallel.chunks(p.reduced, ALL_GRAIN)];
        EwParallel.forRange(p.reduced, ALL_GRAIN, (s, e) -> {
            double[] acc = {op.identity()};
            StridedLoop.segments(red, aOff, 0, 0, s, e, (len, o, flat, unused) -> acc[0] = op.combine(acc[0], run(op, len, a, o, stride)));
            partial[s / ALL_GRAIN] = acc[0];
        });
        double acc = op.identity();
        for (double v : partial) {
            acc = op.combine(acc, v);
        }
        return acc;
    }

    /** Each output reduces its own sub-view, run by run (SIMD when the runs are contiguous). */
    private static void perOutput(ReduceOp op, ReducePlan p, double[] a, int aOff, double[] out, int outOff) {
        Layout.Collapsed kept = p.keptLayout;
        int keptStride = kept.innerStride(0);
        EwParallel.forRange(p.outputs, outputGrain(p), (s, e) -> {
            SegmentCursor cur = new SegmentCursor(p.reducedLayout);
            StridedLoop.segments(kept, aOff, outOff, 0, s, e, (len, ao, oo, unused) -> {
                for (int k = 0; k < len; k++) {
                    cur.reset(ao + k * keptStride, 0);
                    double acc = op.identity();
                    while (cur.next()) {
                        acc = op.combine(acc, run(op, cur.len, a, cur.off0, cur.stride0));
                    }
                    out[oo + k] = acc;
                }
            });
        });
    }

    /**
     * Kept run contiguous: accumulate whole rows into {@value #COLUMN_BLOCK}-wide blocks of outputs.
     * Sums add {@value #FLUSH_ROWS} rows in double lanes, then flush into double accumulators.
     */
    private static void columns(ReduceOp op, ReducePlan p, double[] a, int aOff, double[] out, int outOff) {
        Layout.Collapsed kept = p.keptLayout;
        int cols = kept.inner();
        int blocksPerRow = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        int tasks = (p.outputs / cols) * blocksPerRow;
        boolean sumLike = op == ReduceOp.SUM || op == ReduceOp.SUM_OF_SQUARES;
        boolean vector = EwSimd.ENABLED && op != ReduceOp.PROD;
        EwParallel.forRange(tasks, columnGrain(p, tasks), (t0, t1) -> {
            SegmentCursor cur = new SegmentCursor(p.reducedLayout);
            double[] acc = new double[Math.min(cols, COLUMN_BLOCK)];
            double[] total = new double[acc.length];
            for (int t = t0; t < t1; t++) {
                int row = t / blocksPerRow;
                int c0 = (t - row * blocksPerRow) * COLUMN_BLOCK;
                int w = Math.min(COLUMN_BLOCK, cols - c0);
                int aBase = aOff + Layout.rowOffset(kept, 0, row) + c0;
                int oBase = outOff + Layout.rowOffset(kept, 1, row) + c0;
                java.util.Arrays.fill(acc, 0, w, op.identity());
                java.util.Arrays.fill(total, 0, w, op.identity());
                cur.reset(aBase, 0);
                int pending = 0;
                while (cur.next()) {
                    for (int k = 0; k < cur.len; k++) {
                        int rowOff = cur.off0 + k * cur.stride0;
                        if (vector) {
                            VectorReduceDouble.accumulateRow(op, w, a, rowOff, acc);
                            if (sumLike && ++pending == FLUSH_ROWS) {
                                flush(w, acc, total);
                                pending = 0;
                            }
                        } else {
                            for (int j = 0; j < w; j++) {
                                double x = a[rowOff + j];
                                total[j] = op.combine(total[j], op == ReduceOp.SUM_OF_SQUARES ? x * x : x);
                            }
                        }
                    }
                }
                if (vector && sumLike) {
                    flush(w, acc, total);
                }
                for (int j = 0; j < w; j++) {
                    out[oBase + j] = (vector && !sumLike ? acc[j] : total[j]);
                }
            }
        });
    }

    private static void flush(int w, double[] acc, double[] total) {
        for (int j = 0; j < w; j++) {
            total[j] += acc[j];
            acc[j] = 0;
        }
    }

    private static void arg(boolean max, int[] shape, double[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
        ReducePlan p = ReducePlan.of(shape, a.length, aOff, aStrides, dims);
        Layout.checkRange("out", out.length, outOff, p.outputs);
        if (p.outputs == 0) {
            return;
        }
        if (p.reduced == 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + " over an empty dimension of shape "
                    + java.util.Arrays.toString(shape) + " has no value");
        }
        Layout.Collapsed red = p.reducedLayout;
        if (p.kind == ReducePlan.Kind.ALL) {
            int chunks = EwParallel.chunks(p.reduced, ALL_GRAIN);
            double[] bestValue = new double[chunks];
            int[] bestIndex = new int[chunks];
            EwParallel.forRange(p.reduced, ALL_GRAIN, (s, e) -> {
                double[] bv = {0};
                int[] bi = {-1};
                StridedLoop.segments(red, aOff, 0, 0, s, e, (len, o, flat, unused) -> {
                    int i = argRun(max, len, a, o, red.innerStride(0));
                    double v = a[o + i * red.innerStride(0)];
                    if (bi[0] < 0 || ScalarReduce.better(max, v, bv[0])) {
                        bv[0] = v;
                        bi[0] = flat + i * red.innerStride(1);
                    }
                });
                bestValue[s / ALL_GRAIN] = bv[0];
                bestIndex[s / ALL_GRAIN] = bi[0];
            });
            int best = 0;
            for (int c = 1; c < chunks; c++) {
                if (ScalarReduce.better(max, bestValue[c], bestValue[best])) {
                    best = c;
                }
            }
            out[outOff] = bestIndex[best];
            return;
        }
        Layout.Collapsed kept = p.keptLayout;
        int keptStride = kept.innerStride(0);
        EwParallel.forRange(p.outputs, outputGrain(p), (s, e) -> {
            SegmentCursor cur = new SegmentCursor(red);
            StridedLoop.segments(kept, aOff, outOff, 0, s, e, (len, ao, oo, unused) -> {
                for (int k = 0; k < len; k++) {
                    cur.reset(ao + k * keptStride, 0);
                    double bv = 0;
                    int bi = -1;
                    while (cur.next()) {
                        int i = argRun(max, cur.len, a, cur.off0, cur.stride0);
                        double v = a[cur.off0 + i * cur.stride0];
                        if (bi < 0 || ScalarReduce.better(max, v, bv)) {
                            bv = v;
                            bi = cur.off1 + i * cur.stride1;
                        }
                    }
                    out[oo + k] = bi;
                }
            });
        });
    }

    private static int argRun(boolean max, int n, double[] a, int off, int stride) {
        return EwSimd.ENABLED && stride == 1 ? VectorReduceDouble.argRun(max, n, a, off) : ScalarReduce.argRun(max, n, a, off, stride);
    }

    /** {@code out[r] = log(sum_j exp(x[r, j]))} for each of {@code rows} contiguous rows of {@code cols}. */
    public static void logSumExp(int rows, int cols, double[] x, int xOff, double[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, 1);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xo = xOff + r * cols;
                out[outOff + r] = (EwSimd.ENABLED ? VectorSoftmaxDouble.logSumExp(cols, x, xo) : ScalarSoftmax.logSumExp(cols, x, xo));
            }
        });
    }

    /** Row-wise softmax {@code out[r, j] = exp(x[r, j] - max_r) / sum}; {@code out} may be {@code x}. */
    public static void softmax(int rows, int cols, double[] x, int xOff, double[] out, int outOff) {
        checkRows(rows, cols, x.length, xOff, out.length, outOff, cols);
        EwParallel.forRange(rows, rowGrain(rows, cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (EwSimd.ENABLED) {
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
                if (EwSimd.ENABLED) {
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
                if (EwSimd.ENABLED) {
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
                if (EwSimd.ENABLED) {
                    VectorSoftmaxDouble.logSoftmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                } else {
                    ScalarSoftmax.logSoftmaxBackward(cols, y, yOff + k, g, gOff + k, out, outOff + k);
                }
            }
        });
    }
}
