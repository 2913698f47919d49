package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of the loops of {@link BatchNormKernels}: the per-channel sums walk the same pieces
 * (at least {@link BatchNormKernels#SPAN} elements, across planes when the planes are small) in two
 * vector accumulators per sum; when a piece is complete its lanes go through a small array and are
 * added to the double total in lane order, plus scalar tails; the elementwise maps are FMAs. A whole
 * channel runs in one method and no vector is passed to another: a vector that crosses a call C2 does
 * not inline is boxed, and with a {@link LaneTree} call per piece the sums ran at a third of the speed
 * (ResNet-20's shapes on one thread: statistics 2.0 ms instead of 0.35 ms for [128, 16, 1024]).
 */
final class VectorBatchNorm {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorBatchNorm() {}

    /** The scratch length {@link #gradSums} needs. */
    static int lanes() {
        return 2 * L;
    }

    /**
     * {@code sg[ch] = Σ g'}, {@code sgx[ch] = Σ g'·(x − mu)}: g' is g, or g masked by
     * {@code fma(x − mu, scale, shift) > 0} when {@code relu}, or by {@code y > 0} when {@code y} is not
     * null, and then also written to {@code gm}; without {@code g}, g' is {@code x − mu} (the shifted sums
     * of the statistics). {@code lanes} is scratch space of {@link #lanes()} floats.
     */
    static void gradSums(int n, int c, int s, float[] g, int gOff, float[] x, int xOff, int ch, float mu, boolean relu,
                         float scale, float shift, float[] y, int yOff, float[] gm, int gmOff, double[] sg,
                         double[] sgx, float[] lanes) {
        boolean fromY = y != null;
        boolean noG = g == null;
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        FloatVector u0 = zero;
        FloatVector u1 = zero;
        FloatVector v0 = zero;
        FloatVector v1 = zero;
        double t1 = 0;
        double t2 = 0;
        int pending = 0;
        for (int i = 0; i < n; i++) {
            int at = (i * c + ch) * s;
            for (int p = 0; p < s; p += BatchNormKernels.SPAN) {
                int len = Math.min(BatchNormKernels.SPAN, s - p);
                int o = at + p;
                int j = 0;
                for (; j + 2 * L <= len; j += 2 * L) {
                    FloatVector d0 = FloatVector.fromArray(S, x, xOff + o + j).sub(m);
                    FloatVector d1 = FloatVector.fromArray(S, x, xOff + o + j + L).sub(m);
                    FloatVector g0 = noG ? d0 : FloatVector.fromArray(S, g, gOff + o + j);
                    FloatVector g1 = noG ? d1 : FloatVector.fromArray(S, g, gOff + o + j + L);
                    if (relu) {
                        g0 = zero.blend(g0, d0.fma(sc, sh).compare(VectorOperators.GT, 0f));
                        g1 = zero.blend(g1, d1.fma(sc, sh).compare(VectorOperators.GT, 0f));
                    } else if (fromY) {
                        g0 = zero.blend(g0, FloatVector.fromArray(S, y, yOff + o + j).compare(VectorOperators.GT, 0f));
                        g1 = zero.blend(g1, FloatVector.fromArray(S, y, yOff + o + j + L).compare(VectorOperators.GT, 0f));
                        g0.intoArray(gm, gmOff + o + j);
                        g1.intoArray(gm, gmOff + o + j + L);
                    }
                    u0 = u0.add(g0);
                    u1 = u1.add(g1);
                    v0 = g0.fma(d0, v0);
                    v1 = g1.fma(d1, v1);
                }
                float tail1 = 0f;
                float tail2 = 0f;
                for (; j < len; j++) {
                    float d = x[xOff + o + j] - mu;
                    float gj = noG ? d
                            : BatchNormKernels.maskedGradient(g[gOff + o + j], d, relu, scale, shift, y, yOff + o + j);
                    if (fromY) {
                        gm[gmOff + o + j] = gj;
                    }
                    tail1 += gj;
                    tail2 = Math.fma(gj, d, tail2);
                }
                pending += len;
                if (pending >= BatchNormKernels.SPAN || i == n - 1 && p + len == s) {
                    // the lanes through memory, added in lane order: no vector leaves this method
                    u0.add(u1).intoArray(lanes, 0);
                    v0.add(v1).intoArray(lanes, L);
                    for (int k = 0; k < L; k++) {
                        t1 += lanes[k];
                        t2 += lanes[L + k];
                    }
                    t1 += tail1;
                    t2 += tail2;
                    u0 = zero;
                    u1 = zero;
                    v0 = zero;
                    v1 = zero;
                    pending = 0;
                } else {
                    t1 += tail1;
                    t2 += tail2;
                }
            }
        }
        sg[ch] = t1;
        sgx[ch] = t2;
    }

    static void affine(float[] x, int xOff, float mu, float scale, float shift, boolean relu, float[] y, int yOff,
                       int len) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i).sub(m).fma(sc, sh);
            (relu ? v.max(zero) : v).intoArray(y, yOff + i);
        }
        BatchNormKernels.affine(x, xOff + i, mu, scale, shift, relu, y, yOff + i, len - i);
    }

    static void affineAddRelu(float[] x, int xOff, float mu, float scale, float shift, float[] r, int rOff, float[] y,
                              int yOff, int len) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i).sub(m).fma(sc, sh);
            v.add(FloatVector.fromArray(S, r, rOff + i)).max(zero).intoArray(y, yOff + i);
        }
        BatchNormKernels.affineAddRelu(x, xOff + i, mu, scale, shift, r, rOff + i, y, yOff + i, len - i);
    }

    static void combine(float[] g, int gOff, float[] x, int xOff, float mu, float a, float b, float k, boolean relu,
                        float scale, float shift, float[] dx, int dxOff, int len) {
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector vk = FloatVector.broadcast(S, k);
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(m);
            FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
            if (relu) {
                gv = zero.blend(gv, d.fma(sc, sh).compare(VectorOperators.GT, 0f));
            }
            gv.fma(va, d.fma(vb, vk)).intoArray(dx, dxOff + i);
        }
        BatchNormKernels.combine(g, gOff + i, x, xOff + i, mu, a, b, k, relu, scale, shift, dx, dxOff + i, len - i);
    }
}
