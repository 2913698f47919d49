package dev.descent.kernel;

/**
 * The float reductions behind {@link Reduce}: picks the strategy of {@link ReducePlan}, splits the
 * work into fixed chunks, and calls the vector or scalar run kernels.
 */
final class ReduceFloat {

    private ReduceFloat() {}

    static double contiguous(ReduceOp op, int n, float[] a, int aOff) {
        Layout.checkRange("input", a.length, aOff, n);
        int chunks = EwParallel.chunks(n, Reduce.ALL_GRAIN);
        double[] partial = new double[chunks];
        EwParallel.forRange(n, Reduce.ALL_GRAIN, (s, e) -> partial[s / Reduce.ALL_GRAIN] = run(op, e - s, a, aOff + s, 1));
        double acc = op.identity();
        for (double p : partial) {
            acc = op.combine(acc, p);
        }
        return acc;
    }

    private static double run(ReduceOp op, int n, float[] a, int off, int stride) {
        return EwSimd.ENABLED && stride == 1 ? VectorReduceFloat.run(op, n, a, off) : ScalarReduce.run(op, n, a, off, stride);
    }

    static void reduce(ReduceOp op, int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, float[] out, int outOff) {
        int flat = ReducePlan.flatAll(shape, a.length, aOff, aStrides, dims);
        if (flat != Layout.NOT_FLAT) {
            // a small view reduced whole in one run: reduceAll's single chunk, without the plan's arrays
            Layout.checkRange("out", out.length, outOff, 1);
            double chunk = op.combine(op.identity(), run(op, Layout.size(shape), a, aOff, flat));
            out[outOff] = (float) op.combine(op.identity(), chunk);
            return;
        }
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
        double[] partial = new double[EwParallel.chunks(p.reduced, Reduce.ALL_GRAIN)];
        EwParallel.forRange(p.reduced, Reduce.ALL_GRAIN, (s, e) -> {
            double[] acc = {op.identity()};
            StridedLoop.segments(red, aOff, 0, 0, s, e, (len, o, flat, unused) -> acc[0] = op.combine(acc[0], run(op, len, a, o, stride)));
            partial[s / Reduce.ALL_GRAIN] = acc[0];
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
        EwParallel.forRange(p.outputs, Reduce.outputGrain(p), (s, e) -> {
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
     * Kept run contiguous: accumulate whole rows into {@value Reduce#COLUMN_BLOCK}-wide blocks of outputs.
     * Sums add {@value Reduce#FLUSH_ROWS} rows in float lanes, then flush into double accumulators.
     */
    private static void columns(ReduceOp op, ReducePlan p, float[] a, int aOff, float[] out, int outOff) {
        Layout.Collapsed kept = p.keptLayout;
        int cols = kept.inner();
        int blocksPerRow = (cols + Reduce.COLUMN_BLOCK - 1) / Reduce.COLUMN_BLOCK;
        int tasks = (p.outputs / cols) * blocksPerRow;
        boolean sumLike = op == ReduceOp.SUM || op == ReduceOp.SUM_OF_SQUARES;
        boolean vector = EwSimd.ENABLED && op != ReduceOp.PROD;
        EwParallel.forRange(tasks, Reduce.columnGrain(p, tasks), (t0, t1) -> {
            SegmentCursor cur = new SegmentCursor(p.reducedLayout);
            float[] acc = new float[Math.min(cols, Reduce.COLUMN_BLOCK)];
            double[] total = new double[acc.length];
            for (int t = t0; t < t1; t++) {
                int row = t / blocksPerRow;
                int c0 = (t - row * blocksPerRow) * Reduce.COLUMN_BLOCK;
                int w = Math.min(Reduce.COLUMN_BLOCK, cols - c0);
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
                            if (sumLike && ++pending == Reduce.FLUSH_ROWS) {
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

    static void arg(boolean max, int[] shape, float[] a, int aOff, int[] aStrides, int[] dims, int[] out, int outOff) {
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
            int chunks = EwParallel.chunks(p.reduced, Reduce.ALL_GRAIN);
            float[] bestValue = new float[chunks];
            int[] bestIndex = new int[chunks];
            EwParallel.forRange(p.reduced, Reduce.ALL_GRAIN, (s, e) -> {
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
                bestValue[s / Reduce.ALL_GRAIN] = bv[0];
                bestIndex[s / Reduce.ALL_GRAIN] = bi[0];
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
        EwParallel.forRange(p.outputs, Reduce.outputGrain(p), (s, e) -> {
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
}
