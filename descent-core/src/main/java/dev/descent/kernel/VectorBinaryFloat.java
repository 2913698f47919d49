package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.POW;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API kernels for {@link BinaryOp} on contiguous float runs: both operands contiguous, or one
 * of them a broadcast scalar.
 *
 * <p>One loop per op and operand form, because the Vector API compiles a lanewise operation to
 * machine instructions only when the operator is a constant at the call site; a loop shared through
 * a parameter would silently fall back to per-lane boxing code. Tails use masked loads and stores, so
 * the value computed for an element never depends on its position. Load this class only when
 * {@link EwSimd#ENABLED}.
 */
final class VectorBinaryFloat {

    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();

    private VectorBinaryFloat() {}

    /** {@code o[oo + i] = a[ao + i] op b[bo + i]} for {@code i < n}. */
    static void run(BinaryOp op, int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        switch (op) {
            case ADD -> add(n, a, ao, b, bo, o, oo);
            case SUB -> sub(n, a, ao, b, bo, o, oo);
            case MUL -> mul(n, a, ao, b, bo, o, oo);
            case DIV -> div(n, a, ao, b, bo, o, oo);
            case MAX -> max(n, a, ao, b, bo, o, oo);
            case MIN -> min(n, a, ao, b, bo, o, oo);
            case POW -> pow(n, a, ao, b, bo, o, oo);
        }
    }

    /** {@code o[oo + i] = a[ao + i] op s} for {@code i < n}. */
    static void runScalarRight(BinaryOp op, int n, float[] a, int ao, float s, float[] o, int oo) {
        switch (op) {
            case ADD -> add(n, a, ao, s, o, oo);
            case SUB -> sub(n, a, ao, s, o, oo);
            case MUL -> mul(n, a, ao, s, o, oo);
            case DIV -> div(n, a, ao, s, o, oo);
            case MAX -> max(n, a, ao, s, o, oo);
            case MIN -> min(n, a, ao, s, o, oo);
            case POW -> pow(n, a, ao, s, o, oo);
        }
    }

    /** {@code o[oo + i] = s op b[bo + i]} for {@code i < n}. */
    static void runScalarLeft(BinaryOp op, int n, float s, float[] b, int bo, float[] o, int oo) {
        switch (op) {
            case ADD -> add(n, s, b, bo, o, oo);
            case SUB -> sub(n, s, b, bo, o, oo);
            case MUL -> mul(n, s, b, bo, o, oo);
            case DIV -> div(n, s, b, bo, o, oo);
            case MAX -> max(n, s, b, bo, o, oo);
            case MIN -> min(n, s, b, bo, o, oo);
            case POW -> pow(n, s, b, bo, o, oo);
        }
    }

    /** {@code o[oo + i] = fma(a[ao + i], b[bo + i], c[co + i])}, one rounding, as {@link Math#fma}. */
    static void fma(int n, float[] a, int ao, float[] b, int bo, float[] c, int co, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i), FloatVector.fromArray(S, c, co + i))
                    .intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.FMA, FloatVector.fromArray(S, b, bo + i, m), FloatVector.fromArray(S, c, co + i, m))
                    .intoArray(o, oo + i, m);
        }
    }

    /** {@code o[oo + i] = c[co + i] ? a[ao + i] : b[bo + i]}: the mask is loaded straight from the boolean array. */
    static void where(int n, boolean[] c, int co, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Float> m = VectorMask.fromArray(S, c, co + i);
            FloatVector.fromArray(S, b, bo + i).blend(FloatVector.fromArray(S, a, ao + i), m).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = c[co + i] ? a[ao + i] : b[bo + i];
        }
    }

    private static void add(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void add(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.ADD, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.ADD, FloatVector.broadcast(S, s)).intoArray(o, oo + i, m);
        }
    }

    private static void add(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void sub(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.SUB, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.SUB, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void sub(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.SUB, FloatVector.broadcast(S, s)).intoArray(o, oo + i, m);
        }
    }

    private static void sub(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(VectorOperators.SUB, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(VectorOperators.SUB, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void mul(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.MUL, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.MUL, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void mul(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.MUL, FloatVector.broadcast(S, s)).intoArray(o, oo + i, m);
        }
    }

    private static void mul(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void div(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.DIV, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.DIV, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void div(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.DIV, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.DIV, FloatVector.broadcast(S, s)).intoArray(o, oo + i, m);
        }
    }

    private static void div(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(VectorOperators.DIV, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(VectorOperators.DIV, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void max(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void max(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.MAX, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.MAX, FloatVector.broadcast(S, s)).intoArray(o, oo + i, m);
        }
    }

    private static void max(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void min(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.MIN, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.MIN, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void min(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.MIN, FloatVector.broadcast(S, s)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.MIN, FloatVector.broadcast(S, s)).intoArray(o, oo + i, m);
        }
    }

    private static void min(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void pow(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(POW, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(POW, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

    private static void pow(int n, float[] a, int ao, float s, float[] o, int oo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(POW, s).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(POW, s).intoArray(o, oo + i, m);
        }
    }

    private static void pow(int n, float s, float[] b, int bo, float[] o, int oo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sv.lanewise(POW, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sv.lanewise(POW, FloatVector.fromArray(S, b, bo + i, m)).intoArray(o, oo + i, m);
        }
    }

}
