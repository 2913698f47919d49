package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for {@link CompareOp} on contiguous float runs; they write 1 or 0. One loop per comparison, for the reason given in {@link VectorBinaryFloat}.
 */
final class VectorCompareFloat {

    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorCompareFloat() {}

    /** {@code o[oo + i] = a[ao + i] op b[bo + i] ? 1 : 0}. */
    static void run(CompareOp op, int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
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
    static void runScalarRight(CompareOp op, int n, float[] a, int ao, float s, float[] o, int oo) {
        switch (op) {
            case EQ -> eq(n, a, ao, s, o, oo);
            case NE -> ne(n, a, ao, s, o, oo);
            case LT -> lt(n, a, ao, s, o, oo);
            case LE -> le(n, a, ao, s, o, oo);
            case GT -> gt(n, a, ao, s, o, oo);
            case GE -> ge(n, a, ao, s, o, oo);
        }
    }

    private static void eq(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void eq(int n, float[] a, int ao, float s, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.EQ, s)).intoArray(o, oo + i, m);
        }
    }

    private static void ne(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, FloatVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.NE, FloatVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void ne(int n, float[] a, int ao, float s, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.NE, s)).intoArray(o, oo + i, m);
        }
    }

    private static void lt(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void lt(int n, float[] a, int ao, float s, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LT, s)).intoArray(o, oo + i, m);
        }
    }

    private static void le(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void le(int n, float[] a, int ao, float s, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.LE, s)).intoArray(o, oo + i, m);
        }
    }

    private static void gt(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, FloatVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GT, FloatVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void gt(int n, float[] a, int ao, float s, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GT, s)).intoArray(o, oo + i, m);
        }
    }

    private static void ge(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GE, FloatVector.fromArray(S, b, bo + i)))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GE, FloatVector.fromArray(S, b, bo + i, m)))
                    .intoArray(o, oo + i, m);
        }
    }

    private static void ge(int n, float[] a, int ao, float s, float[] o, int oo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            zero.blend(one, FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GE, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            zero.blend(one, FloatVector.fromArray(S, a, ao + i, m).compare(VectorOperators.GE, s)).intoArray(o, oo + i, m);
        }
    }

}
