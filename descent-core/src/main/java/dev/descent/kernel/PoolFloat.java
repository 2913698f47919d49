package dev.descent.kernel;

import java.util.Arrays;

/**
 * Float32 pooling over {@code planes} contiguous {@code h×w} images (a batch {@code [N, C, H, W]} is
 * {@code N·C} planes), forward and adjoint, in parallel across planes.
 *
 * <p>Every output element is written by one thread in a fixed order, so the bits do not depend on
 * the thread count. Average pooling sums each window row (or, when the window spans the whole width,
 * the window's rows as one contiguous run) in pieces of at most {@link #SPAN} elements summed in float
 * and added to a double total, then divides in double; the Vector API twin ({@code PoolFloatVector})
 * sums the same pieces with lanes, which changes the float rounding only.
 * <pre>
 *   avg:         y[p, oi, oj] = Σ_window x / divisor(oi, oj)
 *   avgAdjoint:  dx[p, i, j]  = Σ_{windows ∋ (i, j)} g[p, oi, oj] / divisor(oi, oj)
 *   max:         y = max over the window, argmax = flat index of the first maximal element (NaN wins)
 *   maxAdjoint:  dx[argmax[q]] += g[q]
 * </pre>
 */
public final class PoolFloat {
    private PoolFloat() {}

    /** Elements summed in float before they join a window's double total. */
    static final int SPAN = 256;

    /** Planes per parallel task at least: enough work to be worth a hand-off. */
    private static int grain(int planeSize) {
        return Math.max(1, (1 << 15) / Math.max(1, planeSize));
    }

    // ---------------------------------------------------------------- average pooling

    /** {@code y[yOff ..]} (the plan's output, planes in a row) = window means of {@code x[xOff ..]}. */
    public static void avg(PoolPlan plan, float[] x, int xOff, float[] y, int yOff) {
        Layout.checkRange("x", x.length, xOff, plan.inSize());
        Layout.checkRange("y", y.length, yOff, plan.outSize());
        boolean simd = Simd.enabled();
        Parallel.forRange(plan.planes(), grain(plan.planeSize()), (p0, p1) -> avgPlanes(plan, x, xOff, y, yOff, p0, p1, simd));
    }

    private static void avgPlanes(PoolPlan plan, float[] x, int xOff, float[] y, int yOff, int p0, int p1, boolean simd) {
        PoolAxis r = plan.rows();
        PoolAxis c = plan.cols();
        int w = c.in();
        int per = r.out() * c.out();
        float[] lanes = new float[simd ? PoolFloatVector.lanes() : 0];
        for (int p = p0; p < p1; p++) {
            int base = xOff + p * plan.planeSize();
            int q = yOff + p * per;
            for (int oi = 0; oi < r.out(); oi++) {
                int r0 = r.lo()[oi];
                int r1 = r.hi()[oi];
                for (int oj = 0; oj < c.out(); oj++) {
                    double s;
                    if (c.full(oj)) {
                        s = span(x, base + r0 * w, (r1 - r0) * w, simd, lanes);
                    } else {
                        s = 0;
                        int c0 = c.lo()[oj];
                        int len = c.hi()[oj] - c0;
                        for (int i = r0; i < r1; i++) {
                            s += span(x, base + i * w + c0, len, simd, lanes);
                        }
                    }
                    y[q++] = (float) (s / plan.divisor(oi, oj));
                }
            }
        }
    }

    /** {@code Σ x[off .. off + len)}: float pieces of {@link #SPAN} elements added to a double. */
    private static double span(float[] x, int off, int len, boolean simd, float[] lanes) {
        double s = 0;
        for (int p = 0; p < len; p += SPAN) {
            int l = Math.min(SPAN, len - p);
            s += simd ? PoolFloatVector.sum(x, off + p, l, lanes) : sum(x, off + p, l);
        }
        return s;
    }

    /**
     * The adjoint of {@link #avg}: {@code dx[dxOff ..]} (the plan's input) = each output gradient
     * spread evenly over its window. Every element of {@code dx} is written.
     */
    public static void avgAdjoint(PoolPlan plan, float[] g, int gOff, float[] dx, int dxOff) {
        Layout.checkRange("g", g.length, gOff, plan.outSize());
        Layout.checkRange("dx", dx.length, dxOff, plan.inSize());
        boolean simd = Simd.enabled();
        Parallel.forRange(plan.planes(), grain(plan.planeSize()),
                (p0, p1) -> avgAdjointPlanes(plan, g, gOff, dx, dxOff, p0, p1, simd));
    }

    private static void avgAdjointPlanes(PoolPlan plan, float[] g, int gOff, float[] dx, int dxOff, int p0, int p1,
                                         boolean simd) {
        PoolAxis r = plan.rows();
        PoolAxis c = plan.cols();
        int w = c.in();
        int hw = plan.planeSize();
        int per = r.out() * c.out();
        boolean global = per == 1 && r.full(0) && c.full(0);
        for (int p = p0; p < p1; p++) {
            int base = dxOff + p * hw;
            int q = gOff + p * per;
            if (global) { // one window over the whole plane: a fill, no accumulation
                Arrays.fill(dx, base, base + hw, (float) (g[q] / plan.divisor(0, 0)));
                continue;
            }
            Arrays.fill(dx, base, base + hw, 0f);
            for (int oi = 0; oi < r.out(); oi++) {
                int r0 = r.lo()[oi];
                int r1 = r.hi()[oi];
                for (int oj = 0; oj < c.out(); oj++) {
                    float v = (float) (g[q++] / plan.divisor(oi, oj));
                    if (c.full(oj)) {
                        addSpan(dx, base + r0 * w, (r1 - r0) * w, v, simd);
                    } else {
                        int c0 = c.lo()[oj];
                        int len = c.hi()[oj] - c0;
                        for (int i = r0; i < r1; i++) {
                            addSpan(dx, base + i * w + c0, len, v, simd);
                        }
                    }
                }
            }
        }
    }

    private static void addSpan(float[] y, int off, int len, float v, boolean simd) {
        if (simd) {
            PoolFloatVector.addTo(y, off, len, v);
        } else {
            addTo(y, off, len, v);
        }
    }

    // ---------------------------------------------------------------- max pooling

    /**
     * Max pooling with dilation over {@code planes} images {@code h×w} to {@code oh×ow}: writes the
     * maxima to {@code y[yOff ..]} and, for each, the index of the first maximal element in row-major
     * window order, counted from {@code xOff} ({@code p·h·w + i·w + j}), to {@code argmax}. Padding
     * never wins and a NaN is the maximum, as in PyTorch. Every window must hold at least one input
     * element (the caller checks).
     */
    public static void max(int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                           int oh, int ow, float[] x, int xOff, float[] y, int yOff, int[] argmax) {
        Layout.checkRange("x", x.length, xOff, planes * h * w);
        Layout.checkRange("y", y.length, yOff, planes * oh * ow);
        Layout.checkRange("argmax", argmax.length, 0, planes * oh * ow);
        Parallel.forRange(planes, grain(h * w), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int q = p * oh * ow;
                for (int oi = 0; oi < oh; oi++) {
                    int i0 = oi * sh - ph;
                    for (int oj = 0; oj < ow; oj++) {
                        int j0 = oj * sw - pw;
                        float best = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int ki = 0; ki < kh; ki++) {
                            int i = i0 + ki * dh;
                            if (i < 0 || i >= h) {
                                continue;
                            }
                            int row = p * h * w + i * w;
                            for (int kj = 0; kj < kw; kj++) {
                                int j = j0 + kj * dw;
                                if (j < 0 || j >= w) {
                                    continue;
                                }
                                float v = x[xOff + row + j];
                                if (at < 0 || v > best || Float.isNaN(v)) {
                                    best = v;
                                    at = row + j;
                                }
                            }
                        }
                        y[yOff + q] = best;
                        argmax[q++] = at;
                    }
                }
            }
        });
    }

    /**
     * The adjoint of {@link #max}: {@code dx[dxOff ..]} ({@code planes} planes of {@code inPlane}
     * elements, every element written) = zeros plus each output gradient added at its argmax, in
     * output order. The argmax of plane {@code p} lies in plane {@code p}, so planes run in parallel.
     */
    public static void maxAdjoint(int planes, int inPlane, int outPlane, float[] g, int gOff, int[] argmax, float[] dx,
                                  int dxOff) {
        Layout.checkRange("g", g.length, gOff, planes * outPlane);
        Layout.checkRange("dx", dx.length, dxOff, planes * inPlane);
        Parallel.forRange(planes, grain(inPlane), (p0, p1) -> {
            Arrays.fill(dx, dxOff + p0 * inPlane, dxOff + p1 * inPlane, 0f);
            for (int q = p0 * outPlane; q < p1 * outPlane; q++) {
                dx[dxOff + argmax[q]] += g[gOff + q];
            }
        });
    }

    // ---------------------------------------------------------------- scalar twins of PoolFloatVector

    static float sum(float[] x, int off, int len) {
        float acc = 0f;
        for (int i = 0; i < len; i++) {
            acc += x[off + i];
        }
        return acc;
    }

    static void addTo(float[] y, int off, int len, float v) {
        for (int i = 0; i < len; i++) {
            y[off + i] += v;
        }
    }
}
