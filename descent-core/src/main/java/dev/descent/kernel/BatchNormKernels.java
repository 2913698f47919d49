package dev.descent.kernel;

/**
 * Float32 batch normalization over a contiguous {@code [n, c, s]} tensor (statistics per channel
 * over {@code n·s} elements), in parallel across channels.
 *
 * <p>Every channel is reduced by one thread, in a fixed order (image by image, each plane of
 * {@code s} elements in {@link #SPAN}-element pieces summed in float and added to a double total),
 * so the bits do not depend on the thread count. The Vector API twin ({@code VectorBatchNorm})
 * follows the same order of pieces; within a piece the lanes change the float rounding only.
 * <pre>
 *   forward:   μ = mean x     σ² = mean (x − μ)²      y = (x − μ)·scale + shift    (ReLU optional)
 *   backward:  dβ = Σ g       dγ = Σ g·x̂             dx = a·g + b·(x − μ) + c
 *              with a = γ/σ̂,  b = −a·dγ/(m·σ̂),  c = −a·dβ/m,  σ̂ = √(σ² + eps),  x̂ = (x − μ)/σ̂
 * </pre>
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    /** Elements summed in float before they join a channel's double total. */
    static final int SPAN = 256;

    /** Channels per parallel task at least: enough work to be worth a hand-off. */
    private static int grain(int n, int s) {
        return (int) Math.max(1, (1L << 15) / Math.max(1L, (long) n * s));
    }

    /**
     * Per-channel mean and biased variance of {@code x} (two passes), written to {@code mean[c]}
     * and {@code var[c]}.
     */
    public static void stats(int n, int c, int s, float[] x, int xOff, double[] mean, double[] var) {
        boolean simd = Simd.enabled();
        Parallel.forRange(c, grain(n, s), (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    int base = xOff + (i * c + ch) * s;
                    for (int p = 0; p < s; p += SPAN) {
                        int len = Math.min(SPAN, s - p);
                        sum += simd ? VectorBatchNorm.sum(x, base + p, len) : sum(x, base + p, len);
                    }
                }
                double mu = sum / ((double) n * s);
                float muF = (float) mu;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    int base = xOff + (i * c + ch) * s;
                    for (int p = 0; p < s; p += SPAN) {
                        int len = Math.min(SPAN, s - p);
                        sq += simd ? VectorBatchNorm.sumSquares(x, base + p, len, muF) : sumSquares(x, base + p, len, muF);
                    }
                }
                mean[ch] = mu;
                var[ch] = sq / ((double) n * s);
            }
        });
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
     * The two sums of the backward: {@code dBeta[c] = Σ g} and {@code dGammaRaw[c] = Σ g·(x − μ)}
     * (multiply by 1/σ̂ for dγ).
     */
    public static void backwardSums(int n, int c, int s, float[] g, int gOff, float[] x, int xOff, double[] mean,
                                    double[] dBeta, double[] dGammaRaw) {
        boolean simd = Simd.enabled();
        Parallel.forRange(c, grain(n, s), (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                float muF = (float) mean[ch];
                double sg = 0;
                double sgx = 0;
                for (int i = 0; i < n; i++) {
                    int gb = gOff + (i * c + ch) * s;
                    int xb = xOff + (i * c + ch) * s;
                    for (int p = 0; p < s; p += SPAN) {
                        int len = Math.min(SPAN, s - p);
                        if (simd) {
                            sg += VectorBatchNorm.sum(g, gb + p, len);
                            sgx += VectorBatchNorm.dotCentered(g, gb + p, x, xb + p, len, muF);
                        } else {
                            sg += sum(g, gb + p, len);
                            sgx += dotCentered(g, gb + p, x, xb + p, len, muF);
                        }
                    }
                }
                dBeta[ch] = sg;
                dGammaRaw[ch] = sgx;
            }
        });
    }

    /** {@code dx = a[c]·g + b[c]·(x − mean[c]) + k[c]} over the batch. */
    public static void backwardInput(int n, int c, int s, float[] g, int gOff, float[] x, int xOff, float[] mean,
                                     float[] a, float[] b, float[] k, float[] dx, int dxOff) {
        boolean simd = Simd.enabled();
        Parallel.forRange(n * c, grain(1, s), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ch = p % c;
                if (simd) {
                    VectorBatchNorm.combine(g, gOff + p * s, x, xOff + p * s, mean[ch], a[ch], b[ch], k[ch], dx, dxOff + p * s, s);
                } else {
                    combine(g, gOff + p * s, x, xOff + p * s, mean[ch], a[ch], b[ch], k[ch], dx, dxOff + p * s, s);
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

    static float sumSquares(float[] x, int off, int len, float mu) {
        float acc = 0f;
        for (int i = 0; i < len; i++) {
            float d = x[off + i] - mu;
            acc += d * d;
        }
        return acc;
    }

    static float dotCentered(float[] g, int gOff, float[] x, int xOff, int len, float mu) {
        float acc = 0f;
        for (int i = 0; i < len; i++) {
            acc += g[gOff + i] * (x[xOff + i] - mu);
        }
        return acc;
    }

    static void affine(float[] x, int xOff, float mu, float scale, float shift, boolean relu, float[] y, int yOff,
                       int len) {
        for (int i = 0; i < len; i++) {
            float v = Math.fma(x[xOff + i] - mu, scale, shift);
            y[yOff + i] = relu ? Math.max(v, 0f) : v;
        }
    }

    static void combine(float[] g, int gOff, float[] x, int xOff, float mu, float a, float b, float k, float[] dx,
                        int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            dx[dxOff + i] = Math.fma(g[gOff + i], a, Math.fma(x[xOff + i] - mu, b, k));
        }
    }
}
