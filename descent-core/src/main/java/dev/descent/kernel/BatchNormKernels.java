package dev.descent.kernel;

/**
 * Float32 batch normalization over a contiguous {@code [n, c, s]} tensor (statistics per channel
 * over {@code n·s} elements), in parallel across channels.
 *
 * <p>The per-channel sums run in a fixed order whatever the thread count: each plane of {@code s}
 * elements in pieces of at most {@link #SPAN}, summed in float and added to a double partial sum of
 * its block of images (blocks of a size set by the shape), the partials added in block order. The
 * elementwise maps run in parallel over planes. The Vector API twin ({@code VectorBatchNorm}) follows
 * the same pieces; within a piece the lanes change the float rounding only.
 * <pre>
 *   forward:   k = mean of the channel's first run        S₁ = Σ (x − k)     S₂ = Σ (x − k)²      (one pass)
 *              μ = k + S₁/m     σ² = S₂/m − (S₁/m)²        y = (x − μ)·scale + shift    (ReLU optional)
 *   backward:  dβ = Σ g       dγ = Σ g·x̂             dx = a·g + b·(x − μ) + c
 *              with a = γ/σ̂,  b = −a·dγ/(m·σ̂),  c = −a·dβ/m,  σ̂ = √(σ² + eps),  x̂ = (x − μ)/σ̂
 * </pre>
 * The shift {@code k} keeps the one-pass variance safe: {@code S₂} is about {@code m·(σ² + (μ − k)²)},
 * and a run's mean is within a few σ/√SPAN of μ, so the subtraction cancels little; an offset mean
 * (data around 1000 with σ = 1) costs no more digits than data around 0.
 *
 * <p>After a fused ReLU the backward needs the mask {@code y > 0}: the kernels recompute it from x
 * with the forward's own float coefficients ({@code fma(x − μ, scale, shift) > 0}, the very value
 * the forward compared), so the output is not read again. After a fused add and ReLU (a residual
 * block's tail) the mask comes from the output, and the masked gradient is written out, since the
 * shortcut needs it too.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    /** Elements summed in float before they join a channel's double total. */
    static final int SPAN = 256; // a multiple of 32: VectorBatchNorm's pieces are whole pairs of vectors

    /** Channels per parallel task at least: enough work to be worth a hand-off. */
    private static int grain(int n, int s) {
        return (int) Math.max(1, (1L << 15) / Math.max(1L, (long) n * s));
    }

    /** Per-channel mean and biased variance of {@code x} (one pass), written to {@code mean[c]} and {@code var[c]}. */
    public static void stats(int n, int c, int s, float[] x, int xOff, double[] mean, double[] var) {
        Layout.checkRange("x", x.length, xOff, n * c * s);
        float[] k = new float[c];
        int first = Math.min(SPAN, s);
        for (int ch = 0; ch < c; ch++) {
            k[ch] = (float) ((double) sum(x, xOff + ch * s, first) / first);
        }
        channelSums(n, c, s, null, 0, x, xOff, k, null, null, null, 0, null, 0, mean, var);
        double m = (double) n * s;
        for (int ch = 0; ch < c; ch++) {
            double d = mean[ch] / m;
            mean[ch] = k[ch] + d;
            var[ch] = Math.max(0.0, var[ch] / m - d * d);
        }
    }

    /**
     * {@code y = (x − mean[c])·scale[c] + shift[c]}, then {@code max(y, 0)} when {@code relu}. Centring
     * first keeps the float rounding relative to the spread of x, not to its mean.
     */
    public static void normalize(int n, int c, int s, float[] x, int xOff, float[] mean, float[] scale, float[] shift,
                                 boolean relu, float[] y, int yOff) {
        boolean simd = Simd.enabled();
        Parallel.forRange(n * c, grain(1, s), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ch = p % c;
                if (simd) {
                    VectorBatchNorm.affine(x, xOff + p * s, mean[ch], scale[ch], shift[ch], relu, y, yOff + p * s, s);
                } else {
                    affine(x, xOff + p * s, mean[ch], scale[ch], shift[ch], relu, y, yOff + p * s, s);
                }
            }
        });
    }

    /**
     * A residual block's tail, {@code y = max((x − mean[c])·scale[c] + shift[c] + r, 0)}: the batch norm's
     * value rounded to float, plus the shortcut {@code r}, rounded, then the ReLU (the bits of the three ops).
     */
    public static void normalizeAddRelu(int n, int c, int s, float[] x, int xOff, float[] mean, float[] scale,
                                        float[] shift, float[] r, int rOff, float[] y, int yOff) {
        Layout.checkRange("r", r.length, rOff, n * c * s);
        boolean simd = Simd.enabled();
        Parallel.forRange(n * c, grain(1, s), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ch = p % c;
                if (simd) {
                    VectorBatchNorm.affineAddRelu(x, xOff + p * s, mean[ch], scale[ch], shift[ch], r, rOff + p * s, y,
                            yOff + p * s, s);
                } else {
                    affineAddRelu(x, xOff + p * s, mean[ch], scale[ch], shift[ch], r, rOff + p * s, y, yOff + p * s, s);
                }
            }
        });
    }

    /**
     * The two sums of the backward, {@code dBeta[c] = Σ g} and {@code dGammaRaw[c] = Σ g·(x − μ)}
     * (multiply by 1/σ̂ for dγ), with {@code μ = mean[c]}. When {@code reluScale} is not null the
     * gradient is that of a fused ReLU's input: g where {@code fma(x − μ, reluScale[c], reluShift[c]) > 0}, else 0.
     */
    public static void backwardSums(int n, int c, int s, float[] g, int gOff, float[] x, int xOff, float[] mean,
                                    float[] reluScale, float[] reluShift, double[] dBeta, double[] dGammaRaw) {
        Layout.checkRange("g", g.length, gOff, n * c * s);
        Layout.checkRange("x", x.length, xOff, n * c * s);
        channelSums(n, c, s, g, gOff, x, xOff, mean, reluScale, reluShift, null, 0, null, 0, dBeta, dGammaRaw);
    }

    /**
     * The backward sums after a fused add and ReLU: {@code gm = g·[y > 0]} written out (the gradient of
     * the sum, which the shortcut receives as well), {@code dBeta[c] = Σ gm}, {@code dGammaRaw[c] = Σ gm·(x − μ)}.
     */
    public static void backwardSumsMasked(int n, int c, int s, float[] g, int gOff, float[] y, int yOff, float[] x,
                                          int xOff, float[] mean, float[] gm, int gmOff, double[] dBeta,
                                          double[] dGammaRaw) {
        Layout.checkRange("g", g.length, gOff, n * c * s);
        Layout.checkRange("y", y.length, yOff, n * c * s);
        Layout.checkRange("x", x.length, xOff, n * c * s);
        Layout.checkRange("gm", gm.length, gmOff, n * c * s);
        channelSums(n, c, s, g, gOff, x, xOff, mean, null, null, y, yOff, gm, gmOff, dBeta, dGammaRaw);
    }

    /**
     * {@code out1[ch] = Σ g'}, {@code out2[ch] = Σ g'·(x − mu[ch])} per channel, with g' as
     * {@link #planeSums} makes it. Memory order, not channel by channel: images are cut into blocks
     * of a fixed size (from the shape only), a block's planes are read in a row, each adding its
     * pieces to the block's per-channel partial sums, and the partials are added in block order, so
     * the bits do not depend on the thread count. Read channel by channel, a channel's planes lie
     * {@code c·s} floats apart and every plane restarts the prefetcher.
     */
    private static void channelSums(int n, int c, int s, float[] g, int gOff, float[] x, int xOff, float[] mu,
                                    float[] reluScale, float[] reluShift, float[] y, int yOff, float[] gm, int gmOff,
                                    double[] out1, double[] out2) {
        int per = (int) Math.max(1, Math.min(n, (1L << 16) / Math.max(1L, (long) c * s)));
        int blocks = (n + per - 1) / per;
        double[] part = new double[2 * blocks * c];
        boolean simd = Simd.enabled();
        boolean relu = reluScale != null;
        Parallel.forRange(blocks, 1, (b0, b1) -> {
            float[] lanes = simd ? new float[VectorBatchNorm.lanes()] : null;
            for (int b = b0; b < b1; b++) {
                for (int i = b * per; i < Math.min(n, (b + 1) * per); i++) {
                    for (int ch = 0; ch < c; ch++) {
                        int o = (i * c + ch) * s;
                        float sc = relu ? reluScale[ch] : 0f;
                        float sh = relu ? reluShift[ch] : 0f;
                        int at = 2 * (b * c + ch);
                        if (simd) {
                            VectorBatchNorm.planeSums(s, g, gOff + o, x, xOff + o, mu[ch], relu, sc, sh, y, yOff + o, gm,
                                    gmOff + o, part, at, lanes);
                        } else {
                            planeSums(s, g, gOff + o, x, xOff + o, mu[ch], relu, sc, sh, y, yOff + o, gm, gmOff + o, part,
                                    at);
                        }
                    }
                }
            }
        });
        for (int ch = 0; ch < c; ch++) {
            double t1 = 0;
            double t2 = 0;
            for (int b = 0; b < blocks; b++) {
                t1 += part[2 * (b * c + ch)];
                t2 += part[2 * (b * c + ch) + 1];
            }
            out1[ch] = t1;
            out2[ch] = t2;
        }
    }

    /**
     * {@code dx = a[c]·g + b[c]·(x − mean[c]) + k[c]} over the batch, with g masked as in
     * {@link #backwardSums} when {@code reluScale} is not null.
     */
    public static void backwardInput(int n, int c, int s, float[] g, int gOff, float[] x, int xOff, float[] mean,
                                     float[] a, float[] b, float[] k, float[] reluScale, float[] reluShift, float[] dx,
                                     int dxOff) {
        boolean simd = Simd.enabled();
        boolean relu = reluScale != null;
        Parallel.forRange(n * c, grain(1, s), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ch = p % c;
                float sc = relu ? reluScale[ch] : 0f;
                float sh = relu ? reluShift[ch] : 0f;
                if (simd) {
                    VectorBatchNorm.combine(g, gOff + p * s, x, xOff + p * s, mean[ch], a[ch], b[ch], k[ch], relu, sc, sh,
                            dx, dxOff + p * s, s);
                } else {
                    combine(g, gOff + p * s, x, xOff + p * s, mean[ch], a[ch], b[ch], k[ch], relu, sc, sh, dx,
                            dxOff + p * s, s);
                }
            }
        });
    }

    // ---------------------------------------------------------------- scalar twins of VectorBatchNorm

    static float sum(float[] x, int off, int len) {
        float acc = 0f;
        for (int i = 0; i < len; i++) {
            acc += x[off + i];
        }
        return acc;
    }

    /**
     * Adds one plane's sums to {@code out[at]} ({@code Σ g'}) and {@code out[at + 1]} ({@code Σ g'·(x − mu)}),
     * piece by piece ({@link #SPAN} elements summed in float, then added in double), with g' the gradient
     * as {@link #maskedGradient} gives it, also written to {@code gm} when the mask comes from {@code y}.
     * Without a gradient ({@code g} null) g' is {@code x − mu}: the shifted sums {@code Σ (x − k)} and
     * {@code Σ (x − k)²} of the statistics, with {@code mu = k}.
     */
    static void planeSums(int s, float[] g, int gOff, float[] x, int xOff, float mu, boolean relu, float scale,
                          float shift, float[] y, int yOff, float[] gm, int gmOff, double[] out, int at) {
        double t1 = out[at];
        double t2 = out[at + 1];
        for (int p = 0; p < s; p += SPAN) {
            float a1 = 0f;
            float a2 = 0f;
            for (int j = p; j < Math.min(s, p + SPAN); j++) {
                float d = x[xOff + j] - mu;
                float gj = g == null ? d : maskedGradient(g[gOff + j], d, relu, scale, shift, y, yOff + j);
                if (y != null) {
                    gm[gmOff + j] = gj;
                }
                a1 += gj;
                a2 = Math.fma(gj, d, a2);
            }
            t1 += a1;
            t2 += a2;
        }
        out[at] = t1;
        out[at + 1] = t2;
    }

    /**
     * The gradient that reaches batch norm: {@code g} itself, or after a fused ReLU {@code g} where
     * {@code fma(d, scale, shift) > 0} ({@code d = x − μ}; the forward's value), or after a fused add and
     * ReLU {@code g} where {@code y[yAt] > 0}; else 0.
     */
    static float maskedGradient(float g, float d, boolean relu, float scale, float shift, float[] y, int yAt) {
        if (relu) {
            return Math.fma(d, scale, shift) > 0f ? g : 0f;
        }
        if (y != null) {
            return y[yAt] > 0f ? g : 0f;
        }
        return g;
    }

    static void affine(float[] x, int xOff, float mu, float scale, float shift, boolean relu, float[] y, int yOff,
                       int len) {
        for (int i = 0; i < len; i++) {
            float v = Math.fma(x[xOff + i] - mu, scale, shift);
            y[yOff + i] = relu ? Math.max(v, 0f) : v;
        }
    }

    static void affineAddRelu(float[] x, int xOff, float mu, float scale, float shift, float[] r, int rOff, float[] y,
                              int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = Math.max(Math.fma(x[xOff + i] - mu, scale, shift) + r[rOff + i], 0f);
        }
    }

    static void combine(float[] g, int gOff, float[] x, int xOff, float mu, float a, float b, float k, boolean relu,
                        float scale, float shift, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            float d = x[xOff + i] - mu;
            dx[dxOff + i] = Math.fma(maskedGradient(g[gOff + i], d, relu, scale, shift, null, 0), a, Math.fma(d, b, k));
        }
    }
}
