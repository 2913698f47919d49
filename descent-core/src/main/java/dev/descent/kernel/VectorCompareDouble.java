package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for {@link CompareOp} on contiguous double runs; they write 1 or 0. One loop per comparison, for the reason given in {@link VectorBinaryDouble}.
 */
final class VectorCompareDouble {

    private static final VectorSpecies<Double> S = VectorShapes.STREAM_DOUBLE;
    private static final int L = S.length();

    private VectorCompareDouble() {}

    /** {@code o[oo + i] = a[ao + i] op b[bo + i] ? 1 : 0}. */
    static void run(CompareOp op, int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        switch (op) {
            case EQ -> eq(n, a, ao, b, bo, o, oo);
            case NE -> ne(n, a, ao, b, bo, o, oo);
            case LT -> lt(n, a, ao, b, bo, o, oo);
            case LE -> le(n, a, ao, b, bo, o, oo);
            case GT -> gt(n, a, ao, b, bo, o, oo);
            case GE -> ge(n, a, ao, b, bo, o, oo);
        }
    }

    /** {@code o[oo + i] = a[ao + i] op s ? 1 : 0}. */
    static void runScalarRight(CompareOp op, int n, double[] a, int ao, double s, double[] o, int oo) {
        switch (op) {
            case EQ -> eq(n, a, ao, s, o, oo);
            case NE -> ne(n, a, ao, s, o, oo);
            case LT -> lt(n, a, ao, s, o, oo);
            case LE -> le(n, a, ao, s, o, oo);
            case GT -> gt(n, a, ao, s, o, oo);
            case GE -> ge(n, a, ao, s, o, oo);
        }
    }

    private static void eq(int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, DoubleVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.EQ, DoubleVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void eq(int n, double[] a, int ao, double s, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.EQ, s)).intoArray(o, oo + i, m);
        }
    }

    private static void ne(int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, DoubleVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.NE, DoubleVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void ne(int n, double[] a, int ao, double s, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.NE, s)).intoArray(o, oo + i, m);
        }
    }

    private static void lt(int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, DoubleVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LT, DoubleVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void lt(int n, double[] a, int ao, double s, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LT, s)).intoArray(o, oo + i, m);
        }
    }

    private static void le(int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, DoubleVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LE, DoubleVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void le(int n, double[] a, int ao, double s, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LE, s)).intoArray(o, oo + i, m);
        }
    }

    private static void gt(int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, DoubleVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GT, DoubleVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void gt(int n, double[] a, int ao, double s, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GT, s)).intoArray(o, oo + i, m);
        }
    }

    private static void ge(int n, double[] a, int ao, double[] b, int bo, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.GE, DoubleVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GE, DoubleVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void ge(int n, double[] a, int ao, double s, double[] o, int oo) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.GE, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            zero.blend(one, DoubleVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GE, s)).intoArray(o, oo + i, m);
        }
    }

}
