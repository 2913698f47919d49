package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/** Vector API kernels for the BLAS-1 updates {@code y += alpha x} (one FMA per element) and {@code x *= alpha}. */
final class VectorBlas1Double {

    private static final VectorSpecies<Double> S = VectorShapes.STREAM_DOUBLE;
    private static final int L = S.length();

    private VectorBlas1Double() {}

    static void axpy(int n, double alpha, double[] x, int xo, double[] y, int yo) {
        DoubleVector a = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, x, xo + i).lanewise(VectorOperators.FMA, a, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector.fromArray(S, x, xo + i, m).lanewise(VectorOperators.FMA, a, DoubleVector.fromArray(S, y, yo + i, m)).intoArray(y, yo + i, m);
        }
    }

    static void scale(int n, double alpha, double[] x, int xo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, x, xo + i).lanewise(VectorOperators.MUL, DoubleVector.broadcast(S, alpha)).intoArray(x, xo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector.fromArray(S, x, xo + i, m).lanewise(VectorOperators.MUL, DoubleVector.broadcast(S, alpha)).intoArray(x, xo + i, m);
        }
    }
}
