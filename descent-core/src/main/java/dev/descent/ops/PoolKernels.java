package dev.descent.ops;

/**
 * Tensor-free pooling loops over {@code planes} contiguous {@code h×w} images (a batch
 * {@code [N, C, H, W]} is {@code N·C} planes), and the window plans they follow.
 */
final class PoolKernels {
    private PoolKernels() {}

    /**
     * The windows along one axis: output {@code o} averages input rows {@code [lo[o], hi[o])};
     * {@code extent[o]} is the window length counting padding (the divisor with countIncludePad).
     */
    record Axis(int in, int out, int[] lo, int[] hi, int[] extent) {
        /** Windows of size {@code k} every {@code s} rows, starting at {@code −p} (PyTorch's avg_pool, ceil_mode off). */
        static Axis sliding(int in, int k, int s, int p) {
            int out = (in + 2 * p - k) / s + 1;
            int[] lo = new int[out];
            int[] hi = new int[out];
            int[] extent = new int[out];
            for (int o = 0; o < out; o++) {
                int start = o * s - p;
                lo[o] = Math.max(start, 0);
                hi[o] = Math.min(start + k, in);
                extent[o] = Math.min(start + k, in + p) - start;
            }
            return new Axis(in, out, lo, hi, extent);
        }

        /** PyTorch's adaptive windows: {@code [⌊o·in/out⌋, ⌈(o+1)·in/out⌉)}. */
        static Axis adaptive(int in, int out) {
            int[] lo = new int[out];
            int[] hi = new int[out];
            int[] extent = new int[out];
            for (int o = 0; o < out; o++) {
                lo[o] = (int) ((long) o * in / out);
                hi[o] = (int) (((long) (o + 1) * in + out - 1) / out);
                extent[o] = hi[o] - lo[o];
            }
            return new Axis(in, out, lo, hi, extent);
        }
    }

    /** A 2-D average-pooling plan: per-axis windows and which divisor to use. */
    record AvgPlan(int planes, Axis rows, Axis cols, boolean countIncludePad) {
        double divisor(int oi, int oj) {
            return countIncludePad
                    ? (double) rows.extent()[oi] * cols.extent()[oj]
                    : (double) (rows.hi()[oi] - rows.lo()[oi]) * (cols.hi()[oj] - cols.lo()[oj]);
        }

        int inSize() {
            return planes * rows.in() * cols.in();
        }

        int outSize() {
            return planes * rows.out() * cols.out();
        }
    }

    /** {@code out[p, oi, oj] = Σ_window x / divisor}. */
    static double[] avgPool(double[] x, AvgPlan plan) {
        Axis r = plan.rows();
        Axis c = plan.cols();
        double[] out = new double[plan.outSize()];
        int q = 0;
        for (int p = 0; p < plan.planes(); p++) {
            int base = p * r.in() * c.in();
            for (int oi = 0; oi < r.out(); oi++) {
                for (int oj = 0; oj < c.out(); oj++) {
                    double s = 0;
                    for (int i = r.lo()[oi]; i < r.hi()[oi]; i++) {
                        int row = base + i * c.in();
                        for (int j = c.lo()[oj]; j < c.hi()[oj]; j++) {
                            s += x[row + j];
                        }
                    }
                    out[q++] = s / plan.divisor(oi, oj);
                }
            }
        }
        return out;
    }

    /** The adjoint of {@link #avgPool}: each output gradient spread evenly over its window. */
    static double[] avgPoolAdjoint(double[] g, AvgPlan plan) {
        Axis r = plan.rows();
        Axis c = plan.cols();
        double[] out = new double[plan.inSize()];
        int q = 0;
        for (int p = 0; p < plan.planes(); p++) {
            int base = p * r.in() * c.in();
            for (int oi = 0; oi < r.out(); oi++) {
                for (int oj = 0; oj < c.out(); oj++) {
                    double v = g[q++] / plan.divisor(oi, oj);
                    for (int i = r.lo()[oi]; i < r.hi()[oi]; i++) {
                        int row = base + i * c.in();
                        for (int j = c.lo()[oj]; j < c.hi()[oj]; j++) {
                            out[row + j] += v;
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Max pooling with dilation. Writes the maxima to {@code out} and, for each, the flat index into
     * {@code x} of the first maximal element in row-major window order (NaN wins, as in PyTorch).
     */
    static void maxPool(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                        int dh, int dw, int oh, int ow, double[] out, int[] argmax) {
        int q = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int oi = 0; oi < oh; oi++) {
                int i0 = oi * sh - ph;
                for (int oj = 0; oj < ow; oj++) {
                    int j0 = oj * sw - pw;
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int ki = 0; ki < kh; ki++) {
                        int i = i0 + ki * dh;
                        if (i < 0 || i >= h) {
                            continue;
                        }
                        for (int kj = 0; kj < kw; kj++) {
                            int j = j0 + kj * dw;
                            if (j < 0 || j >= w) {
                                continue;
                            }
                            int pos = base + i * w + j;
                            double v = x[pos];
                            if (at < 0 || v > best || Double.isNaN(v)) {
                                best = v;
                                at = pos;
                            }
                        }
                    }
                    if (at < 0) { // only possible with dilation: every tap falls in the padding
                        throw new IllegalArgumentException("maxPool2d: the window of output (" + oi + ", " + oj
                                + ") lies entirely in the padding (kernel " + kh + "x" + kw + ", dilation " + dh + "x"
                                + dw + ", padding " + ph + "x" + pw + ", input " + h + "x" + w + ")");
                    }
                    out[q] = best;
                    argmax[q++] = at;
                }
            }
        }
    }
}
