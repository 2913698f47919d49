package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of the per-run loops of {@link PoolFloat}: a sum of at most
 * {@link PoolFloat#SPAN} elements in one vector accumulator whose lanes are added in a
 * fixed order (lane by lane, through a scratch array), and a constant added along a run. Runs shorter than a vector (the rows of a 2×2 or
 * 3×3 window) take the scalar loop.
 */
final class PoolFloatVector {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private PoolFloatVector() {}

    /** {@code Σ x[off .. off + len)}; {@code lanes} (at least {@link #lanes()} floats) is scratch space. */
    static float sum(float[] x, int off, int len, float[] lanes) {
        if (len < L) {
            return PoolFloat.sum(x, off, len);
        }
        FloatVector a = FloatVector.fromArray(S, x, off);
        int i = L;
        for (; i + L <= len; i += L) {
            a = a.add(FloatVector.fromArray(S, x, off + i));
        }
        // the lanes through memory, added in lane order: no vector leaves this method (it would be boxed)
        a.intoArray(lanes, 0);
        return PoolFloat.sum(lanes, 0, L) + PoolFloat.sum(x, off + i, len - i);
    }

    /** The scratch length {@link #sum} needs. */
    static int lanes() {
        return L;
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
