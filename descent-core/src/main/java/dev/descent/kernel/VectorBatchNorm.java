package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of the per-piece loops of {@link BatchNormKernels}: sums of at most
 * {@link BatchNormKernels#SPAN} elements in two vector accumulators whose lanes are added by
 * {@link LaneTree} (a fixed order), plus a scalar tail; elementwise maps with FMAs.
 */
final class VectorBatchNorm {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorBatchNorm() {}

    static float sum(float[] x, int off, int len) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + i));
            a1 = a1.add(FloatVector.fromArray(S, x, off + i + L));
        }
        for (; i + L <= len; i += L) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + i));
        }
        float acc = LaneTree.addLanes(a0.add(a1));
        for (; i < len; i++) {
            acc += x[off + i];
        }
        return acc;
    }

    static float sumSquares(float[] x, int off, int len, float mu) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, x, off + i + L).sub(m);
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
        }
        for (; i + L <= len; i += L) {
            FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(m);
            a0 = d0.fma(d0, a0);
        }
        float acc = LaneTree.addLanes(a0.add(a1));
        for (; i < len; i++) {
            float d = x[off + i] - mu;
            acc += d * d;
        }
        return acc;
    }

    static float dotCentered(float[] g, int gOff, float[] x, int xOff, int len, float mu) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            a0 = FloatVector.fromArray(S, g, gOff + i).fma(FloatVector.fromArray(S, x, xOff + i).sub(m), a0);
            a1 = FloatVector.fromArray(S, g, gOff + i + L).fma(FloatVector.fromArray(S, x, xOff + i + L).sub(m), a1);
        }
        for (; i + L <= len; i += L) {
            a0 = FloatVector.fromArray(S, g, gOff + i).fma(FloatVector.fromArray(S, x, xOff + i).sub(m), a0);
        }
        float acc = LaneTree.addLanes(a0.add(a1));
        for (; i < len; i++) {
            acc += g[gOff + i] * (x[xOff + i] - mu);
        }
        return acc;
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
        for (; i < len; i++) {
            float v = Math.fma(x[xOff + i] - mu, scale, shift);
            y[yOff + i] = relu ? Math.max(v, 0f) : v;
        }
    }

    static void combine(float[] g, int gOff, float[] x, int xOff, float mu, float a, float b, float k, float[] dx,
                        int dxOff, int len) {
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector vk = FloatVector.broadcast(S, k);
        FloatVector m = FloatVector.broadcast(S, mu);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector t = FloatVector.fromArray(S, x, xOff + i).sub(m).fma(vb, vk);
            FloatVector.fromArray(S, g, gOff + i).fma(va, t).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            dx[dxOff + i] = Math.fma(g[gOff + i], a, Math.fma(x[xOff + i] - mu, b, k));
        }
    }
}
