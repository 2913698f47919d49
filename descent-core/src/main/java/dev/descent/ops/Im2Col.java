package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;

/**
 * The unfold/fold pair that turns a convolution into a matrix product.
 *
 * <p>{@code im2col} copies every receptive field of an image batch {@code [n, c, h, w]} into a
 * column: {@code cols[(ci·kh + ki)·kw + kj, (b·oh + oi)·ow + oj] = x[b, ci, oi·sh − ph + ki·dh,
 * oj·sw − pw + kj·dw]} (zero outside the image). {@code col2im} is its adjoint: it adds each column
 * entry back to the pixel it came from. Each op's backward is the other, so a convolution written
 * with them and matmul is differentiable to every order.
 *
 * <p>Rows are ordered channel-major, so the rows of channel group {@code g} are the contiguous
 * block {@code [g·rows/groups, (g+1)·rows/groups)}: grouped convolutions view the matrix as
 * {@code [groups, rows/groups, n·oh·ow]} without copying.
 */
final class Im2Col {
    private Im2Col() {}

    /**
     * Sliding-window geometry: image {@code [n, c, h, w]}, kernel {@code kh×kw}, stride, padding,
     * dilation, and the number of window positions {@code oh×ow}.
     */
    record Geometry(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                    int dh, int dw, int oh, int ow) {
        /** Output positions per image. */
        int positions() {
            return oh * ow;
        }

        /** Rows of the column matrix: one per (channel, kernel offset). */
        int rows() {
            return c * kh * kw;
        }

        int[] imageShape() {
            return new int[] {n, c, h, w};
        }

        /** Number of window positions along an axis for a convolution (0 or less when the kernel does not fit). */
        static int outSize(int in, int k, int s, int p, int d) {
            return Math.floorDiv(in + 2 * p - d * (k - 1) - 1, s) + 1;
        }
    }

    // ---------------------------------------------------------------- autograd ops

    /** {@code [n, c, h, w]} → {@code [c·kh·kw, n·oh·ow]} (differentiable; backward is col2im). */
    static Tensor im2col(Tensor x, Geometry g) {
        Tensor xc = Dispatch.contiguous(x);
        Tensor out = Tensor.empty(x.dtype(), g.rows(), g.n() * g.positions());
        unfold(xc.storage(), xc.offset(), g, 0, g.n(), out.storage(), 0);
        return NnUtil.recording(x) ? out.withGradFn(new Im2ColBackward(g, x)) : out;
    }

    /** {@code [c·kh·kw, n·oh·ow]} → {@code [n, c, h, w]}, summing overlaps (differentiable; backward is im2col). */
    static Tensor col2im(Tensor cols, Geometry g) {
        Tensor cc = Dispatch.contiguous(cols);
        Tensor out = Tensor.zeros(cols.dtype(), g.imageShape());
        fold(cc.storage(), cc.offset(), g, 0, g.n(), out.storage(), 0);
        return NnUtil.recording(cols) ? out.withGradFn(new Col2ImBackward(g, cols)) : out;
    }

    static final class Im2ColBackward extends Node {
        private final Geometry g;

        Im2ColBackward(Geometry g, Tensor x) {
            super(x);
            this.g = g;
        }

        @Override
        protected Tensor[] backward(Tensor gradCols) {
            return new Tensor[] {col2im(gradCols, g)};
        }
    }

    static final class Col2ImBackward extends Node {
        private final Geometry g;

        Col2ImBackward(Geometry g, Tensor cols) {
            super(cols);
            this.g = g;
        }

        @Override
        protected Tensor[] backward(Tensor gradImage) {
            return new Tensor[] {im2col(gradImage, g)};
        }
    }

    // ---------------------------------------------------------------- kernels (no autograd)

    /**
     * Writes the columns of images {@code [n0, n0+nb)} of the contiguous batch at {@code xOff} into
     * {@code dst} at {@code dstOff}, as a {@code [rows, nb·oh·ow]} row-major matrix.
     */
    static void unfold(Storage x, int xOff, Geometry g, int n0, int nb, Storage dst, int dstOff) {
        if (x.floats() != null && dst.floats() != null) {
            unfoldF(x.floats(), xOff, g, n0, nb, dst.floats(), dstOff);
        } else if (x.doubles() != null && dst.doubles() != null) {
            unfoldD(x.doubles(), xOff, g, n0, nb, dst.doubles(), dstOff);
        } else {
            throw new IllegalArgumentException("im2col: image and columns must have the same dtype");
        }
    }

    /** Adds a {@code [rows, nb·oh·ow]} column matrix back into images {@code [n0, n0+nb)} of {@code dst}. */
    static void fold(Storage cols, int colsOff, Geometry g, int n0, int nb, Storage dst, int dstOff) {
        if (cols.floats() != null && dst.floats() != null) {
            foldF(cols.floats(), colsOff, g, n0, nb, dst.floats(), dstOff);
        } else if (cols.doubles() != null && dst.doubles() != null) {
            foldD(cols.doubles(), colsOff, g, n0, nb, dst.doubles(), dstOff);
        } else {
            throw new IllegalArgumentException("col2im: columns and image must have the same dtype");
        }
    }

    /** First output column whose input column {@code oj·s + base} is ≥ 0. */
    private static int firstInside(int base, int s) {
        return base >= 0 ? 0 : (-base + s - 1) / s;
    }

    /** One past the last output column whose input column is < {@code size}. */
    private static int endInside(int base, int s, int size, int count) {
        int room = size - base;
        return room <= 0 ? 0 : Math.min(count, (room + s - 1) / s);
    }

    private static void unfoldF(float[] x, int xOff, Geometry g, int n0, int nb, float[] dst, int dstOff) {
        int L = g.positions();
        int ld = nb * L;
        int r = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int jBase = kj * g.dw() - g.pw();
                    int lo = Math.min(g.ow(), firstInside(jBase, g.sw()));
                    int hi = Math.max(lo, endInside(jBase, g.sw(), g.w(), g.ow()));
                    for (int b = 0; b < nb; b++) {
                        int plane = xOff + ((n0 + b) * g.c() + c) * g.h() * g.w();
                        for (int oi = 0; oi < g.oh(); oi++) {
                            int ih = oi * g.sh() - g.ph() + ki * g.dh();
                            int d = dstOff + r * ld + b * L + oi * g.ow();
                            if (ih < 0 || ih >= g.h()) {
                                java.util.Arrays.fill(dst, d, d + g.ow(), 0f);
                                continue;
                            }
                            int src = plane + ih * g.w() + jBase;
                            java.util.Arrays.fill(dst, d, d + lo, 0f);
                            for (int oj = lo; oj < hi; oj++) {
                                dst[d + oj] = x[src + oj * g.sw()];
                            }
                            java.util.Arrays.fill(dst, d + hi, d + g.ow(), 0f);
                        }
                    }
                }
            }
        }
    }

    private static void unfoldD(double[] x, int xOff, Geometry g, int n0, int nb, double[] dst, int dstOff) {
        int L = g.positions();
        int ld = nb * L;
        int r = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int jBase = kj * g.dw() - g.pw();
                    int lo = Math.min(g.ow(), firstInside(jBase, g.sw()));
                    int hi = Math.max(lo, endInside(jBase, g.sw(), g.w(), g.ow()));
                    for (int b = 0; b < nb; b++) {
                        int plane = xOff + ((n0 + b) * g.c() + c) * g.h() * g.w();
                        for (int oi = 0; oi < g.oh(); oi++) {
                            int ih = oi * g.sh() - g.ph() + ki * g.dh();
                            int d = dstOff + r * ld + b * L + oi * g.ow();
                            if (ih < 0 || ih >= g.h()) {
                                java.util.Arrays.fill(dst, d, d + g.ow(), 0.0);
                                continue;
                            }
                            int src = plane + ih * g.w() + jBase;
                            java.util.Arrays.fill(dst, d, d + lo, 0.0);
                            for (int oj = lo; oj < hi; oj++) {
                                dst[d + oj] = x[src + oj * g.sw()];
                            }
                            java.util.Arrays.fill(dst, d + hi, d + g.ow(), 0.0);
                        }
                    }
                }
            }
        }
    }

    private static void foldF(float[] cols, int colsOff, Geometry g, int n0, int nb, float[] dst, int dstOff) {
        int L = g.positions();
        int ld = nb * L;
        int r = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int jBase = kj * g.dw() - g.pw();
                    int lo = Math.min(g.ow(), firstInside(jBase, g.sw()));
                    int hi = endInside(jBase, g.sw(), g.w(), g.ow());
                    for (int b = 0; b < nb; b++) {
                        int plane = dstOff + ((n0 + b) * g.c() + c) * g.h() * g.w();
                        for (int oi = 0; oi < g.oh(); oi++) {
                            int ih = oi * g.sh() - g.ph() + ki * g.dh();
                            if (ih < 0 || ih >= g.h()) {
                                continue;
                            }
                            int s = colsOff + r * ld + b * L + oi * g.ow();
                            int to = plane + ih * g.w() + jBase;
                            for (int oj = lo; oj < hi; oj++) {
                                dst[to + oj * g.sw()] += cols[s + oj];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void foldD(double[] cols, int colsOff, Geometry g, int n0, int nb, double[] dst, int dstOff) {
        int L = g.positions();
        int ld = nb * L;
        int r = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int jBase = kj * g.dw() - g.pw();
                    int lo = Math.min(g.ow(), firstInside(jBase, g.sw()));
                    int hi = endInside(jBase, g.sw(), g.w(), g.ow());
                    for (int b = 0; b < nb; b++) {
                        int plane = dstOff + ((n0 + b) * g.c() + c) * g.h() * g.w();
                        for (int oi = 0; oi < g.oh(); oi++) {
                            int ih = oi * g.sh() - g.ph() + ki * g.dh();
                            if (ih < 0 || ih >= g.h()) {
                                continue;
                            }
                            int s = colsOff + r * ld + b * L + oi * g.ow();
                            int to = plane + ih * g.w() + jBase;
                            for (int oj = lo; oj < hi; oj++) {
                                dst[to + oj * g.sw()] += cols[s + oj];
                            }
                        }
                    }
                }
            }
        }
    }
}
