package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/** Vector API kernels for the BLAS-1 updates {@code y += alpha x} (one FMA per element) and {@code x *= alpha}. */
final class VectorBlas1Float {

    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorBlas1Float() {}

    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.FMA, a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xo + i, m).lanewise(VectorOperators.FMA, a, FloatVector.fromArray(S, y, yo + i, m)).intoArray(y, yo + i, m);
        }
    }

    static void scale(int n, float alpha, float[] x, int xo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, alpha)).intoArray(x, xo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xo + i, m).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, alpha)).intoArray(x, xo + i, m);
        }
    }
}
