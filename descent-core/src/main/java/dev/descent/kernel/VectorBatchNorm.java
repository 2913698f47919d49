package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of the loops of {@link BatchNormKernels}: a plane's sums walk the same pieces (at
 * most {@link BatchNormKernels#SPAN} elements) in two vector accumulators per sum; at the end of a
 * piece its lanes go through a small array and are added in lane order, plus a scalar tail; the
 * elementwise maps are FMAs. A plane runs in one method and no vector is passed to another: a vector
 * that crosses a call C2 does not inline is boxed, and with a {@link LaneTree} call per piece the sums
 * ran at a third of the speed (ResNet-20's shapes on one thread: statistics 2.0 ms instead of 0.35 ms
 * for [128, 16, 1024]).
 */
final class VectorBatchNorm {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorBatchNorm() {}

    /** The scratch length {@link #planeSums} needs. */
    static int lanes() {
        return 2 * L;
    }

    /**
     * {@link BatchNormKernels#planeSums}: adds one plane's {@code Σ g'} and {@code Σ g'·(x − mu)} to
     * {@code out[at]} and {@code out[at + 1]}, piece by piece. {@code lanes} is scratch space of
     * {@link #lanes()} floats.
     */
    static void planeSums(int s, float[] g, int gOff, float[] x, int xOff, float mu, boolean relu, float scale,
                          float shift, float[] y, int yOff, float[] gm, int gmOff, double[] out, int at, float[] lanes) {
        boolean fromY = y != null;
        boolean noG = g == null;
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sc = FloatVector.broadcast(S, scale);
        FloatVector sh = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        double t1 = out[at];
        double t2 = out[at + 1];
        int vectorEnd = s - s % (2 * L);
        for (int p = 0; p < vectorEnd; p += BatchNormKernels.SPAN) {
            int end = Math.min(vectorEnd, p + BatchNormKernels.SPAN);
            FloatVector u0 = zero;
            FloatVector u1 = zero;
            FloatVector v0 = zero;
            FloatVector v1 = zero;
            for (int j = p; j < end; j += 2 * L) {
                FloatVector d0 = FloatVector.fromArray(S, x, xOff + j).sub(m);
                FloatVector d1 = FloatVector.fromArray(S, x, xOff + j + L).sub(m);
                FloatVector g0 = noG ? d0 : FloatVector.fromArray(S, g, gOff + j);
                FloatVector g1 = noG ? d1 : FloatVector.fromArray(S, g, gOff + j + L);
                if (relu) {
                    g0 = zero.blend(g0, d0.fma(sc, sh).compare(VectorOperators.GT, 0f));
                    g1 = zero.blend(g1, d1.fma(sc, sh).compare(VectorOperators.GT, 0f));
                } else if (fromY) {
                    g0 = zero.blend(g0, FloatVector.fromArray(S, y, yOff + j).compare(VectorOperators.GT, 0f));
                    g1 = zero.blend(g1, FloatVector.fromArray(S, y, yOff + j + L).compare(VectorOperators.GT, 0f));
                    g0.intoArray(gm, gmOff + j);
                    g1.intoArray(gm, gmOff + j + L);
                }
                u0 = u0.add(g0);
                u1 = u1.add(g1);
                v0 = g0.fma(d0, v0);
                v1 = g1.fma(d1, v1);
            }
            // the lanes through memory, added in lane order: no vector leaves this method
            u0.add(u1).intoArray(lanes, 0);
            v0.add(v1).intoArray(lanes, L);
            float a1 = 0f;
            float a2 = 0f;
            for (int k = 0; k < L; k++) {
                a1 += lanes[k];
                a2 += lanes[L + k];
            }
            t1 += a1;
            t2 += a2;
        }
        out[at] = t1;
        out[at + 1] = t2;
        // SPAN is a multiple of 2L: only the plane's last piece has a tail, summed as a piece of its own
        BatchNormKernels.planeSums(s - vectorEnd, g, gOff + vectorEnd, x, xOff + vectorEnd, mu, relu, scale, shift, y,
                yOff + vectorEnd, gm, gmOff + vectorEnd, out, at);
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
