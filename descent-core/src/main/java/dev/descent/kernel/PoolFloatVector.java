package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of the per-run loops of {@link PoolFloat}: a sum of at most
 * {@link PoolFloat#SPAN} elements in one vector accumulator whose lanes {@link LaneTree} adds in a
 * fixed order, and a constant added along a run. Runs shorter than a vector (the rows of a 2×2 or
 * 3×3 window) take the scalar loop.
 */
final class PoolFloatVector {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private PoolFloatVector() {}

    static float sum(float[] x, int off, int len) {
        if (len < L) {
            return PoolFloat.sum(x, off, len);
        }
        FloatVector a = FloatVector.fromArray(S, x, off);
        int i = L;
        for (; i + L <= len; i += L) {
            a = a.add(FloatVector.fromArray(S, x, off + i));
        }
        return LaneTree.addLanes(a) + PoolFloat.sum(x, off + i, len - i);
    }

    static void addTo(float[] y, int off, int len, float v) {
        FloatVector b = FloatVector.broadcast(S, v);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(S, y, off + i).add(b).intoArray(y, off + i);
        }
        PoolFloat.addTo(y, off + i, len - i, v);
    }
}
