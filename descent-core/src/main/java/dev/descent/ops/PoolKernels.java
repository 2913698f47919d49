package dev.descent.ops;

import dev.descent.kernel.PoolAxis;
import dev.descent.kernel.PoolPlan;

/**
 * Tensor-free float64 pooling loops over {@code planes} contiguous {@code h×w} images (a batch
 * {@code [N, C, H, W]} is {@code N·C} planes); float32 runs {@link dev.descent.kernel.PoolFloat}.
 */
final class PoolKernels {
    private PoolKernels() {}

    /** {@code out[p, oi, oj] = Σ_window x / divisor}. */
    static double[] avgPool(double[] x, PoolPlan plan) {
        PoolAxis r = plan.rows();
        PoolAxis c = plan.cols();
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
    static double[] avgPoolAdjoint(double[] g, PoolPlan plan) {
        PoolAxis r = plan.rows();
        PoolAxis c = plan.cols();
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
     * Every window must hold an input element ({@code Pool} checks).
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
                    out[q] = best;
                    argmax[q++] = at;
                }
            }
        }
    }
}
