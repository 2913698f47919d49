package dev.descent.kernel;

import java.util.Arrays;

/**
 * Unfold (im2col) and fold (col2im) of one float image, the per-image steps of {@link ConvKernels}.
 *
 * <p>Each row of the column matrix is a fixed (channel, kernel offset): for stride 1 every output
 * row of it is a contiguous run of an input row, so the copy is {@link System#arraycopy} and the
 * fold a plain add loop that the JIT vectorizes. Only the zero border is written separately.
 */
public final class Im2ColKernels {
    private Im2ColKernels() {}

    /** First output column whose input column {@code oj·s + base} is ≥ 0. */
    private static int firstInside(int base, int s, int count) {
        return Math.min(count, base >= 0 ? 0 : (-base + s - 1) / s);
    }

    /** One past the last output column whose input column {@code oj·s + base} is < {@code size}. */
    private static int endInside(int base, int s, int size, int count) {
        int room = size - base;
        return room <= 0 ? 0 : Math.min(count, (room + s - 1) / s);
    }

    /**
     * Writes the {@code [rows, oh·ow]} column matrix of the image at {@code xOff} (channels
     * {@code [c0, c0 + cs)} of it, {@code cs·kh·kw} rows) to {@code dst} at {@code dstOff}.
     */
    public static void unfold(ConvShape g, float[] x, int xOff, int c0, int cs, float[] dst, int dstOff) {
        int ow = g.ow();
        int len = g.positions();
        int plane = g.h() * g.w();
        int r = 0;
        for (int c = c0; c < c0 + cs; c++) {
            int src0 = xOff + c * plane;
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int jBase = kj * g.dw() - g.pw();
                    int lo = firstInside(jBase, g.sw(), ow);
                    int hi = Math.max(lo, endInside(jBase, g.sw(), g.w(), ow));
                    int rowStart = dstOff + r * len;
                    for (int oi = 0; oi < g.oh(); oi++) {
                        int ih = oi * g.sh() - g.ph() + ki * g.dh();
                        int d = rowStart + oi * ow;
                        if (ih < 0 || ih >= g.h()) {
                            Arrays.fill(dst, d, d + ow, 0f);
                            continue;
                        }
                        int src = src0 + ih * g.w() + jBase;
                        if (lo > 0) {
                            Arrays.fill(dst, d, d + lo, 0f);
                        }
                        if (g.sw() == 1) {
                            if (hi > lo) { // an empty run may start past the end of x, which arraycopy rejects
                                System.arraycopy(x, src + lo, dst, d + lo, hi - lo);
                            }
                        } else {
                            int sw = g.sw();
                            for (int oj = lo; oj < hi; oj++) {
                                dst[d + oj] = x[src + oj * sw];
                            }
                        }
                        if (hi < ow) {
                            Arrays.fill(dst, d + hi, d + ow, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds the {@code [cs·kh·kw, oh·ow]} column matrix at {@code colsOff} back into channels
     * {@code [c0, c0 + cs)} of the image at {@code dstOff} (the adjoint of {@link #unfold}).
     */
    public static void fold(ConvShape g, float[] cols, int colsOff, int c0, int cs, float[] dst, int dstOff) {
        int ow = g.ow();
        int len = g.positions();
        int plane = g.h() * g.w();
        int r = 0;
        for (int c = c0; c < c0 + cs; c++) {
            int dst0 = dstOff + c * plane;
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int jBase = kj * g.dw() - g.pw();
                    int lo = firstInside(jBase, g.sw(), ow);
                    int hi = endInside(jBase, g.sw(), g.w(), ow);
                    int rowStart = colsOff + r * len;
                    for (int oi = 0; oi < g.oh(); oi++) {
                        int ih = oi * g.sh() - g.ph() + ki * g.dh();
                        if (ih < 0 || ih >= g.h()) {
                            continue;
                        }
                        int s = rowStart + oi * ow;
                        int to = dst0 + ih * g.w() + jBase;
                        if (g.sw() == 1) {
                            addRun(cols, s + lo, dst, to + lo, hi - lo);
                        } else {
                            int sw = g.sw();
                            for (int oj = lo; oj < hi; oj++) {
                                dst[to + oj * sw] += cols[s + oj];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code dst[to..to+len) += src[from..from+len)}: a counted loop the JIT turns into vector adds. */
    private static void addRun(float[] src, int from, float[] dst, int to, int len) {
        for (int i = 0; i < len; i++) {
            dst[to + i] += src[from + i];
        }
    }
}
