package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API twin of {@link ScalarLstmGates}, in float with the JDK's vector {@code exp} and
 * {@code tanh}. The sigmoid is {@code 1/(1 + exp(−x))}, which saturates cleanly at both ends in
 * float (exp overflowing to ∞ gives 0).
 *
 * <p>Whole vectors run unmasked: with a mask on every load and store, and with the gate math in
 * small helpers taking vectors, the loop ran 1.3 to 2.5 times slower once C2 had recompiled it
 * (helpers it declines to inline box their vectors). The loop bodies are therefore written out in
 * one method each, over vectors only. A tail shorter than a vector is copied into vector-sized
 * scratch rows (zeros beyond the row), run through the same body and copied back under a mask,
 * so a lane's value never depends on where it sits in the row.
 */
final class VectorLstmGatesFloat {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorLstmGatesFloat() {}

    static void forward(int h, float[] x, int xo, float[] s, int so, float[] cPrev, int cpo,
                        float[] act, int ao, float[] c, int co, float[] hOut, int ho) {
        int j = 0;
        for (; j + L <= h; j += L) {
            forwardLanes(h, x, xo + j, s, so + j, cPrev, cpo + j, act, ao + j, c, co + j, hOut, ho + j);
        }
        if (j < h) {
            VectorMask<Float> m = S.indexInRange(j, h);
            Tail t = new Tail();
            t.load(t.x, 4, x, xo + j, h, m);
            t.load(t.s, 4, s, so + j, h, m);
            t.load(t.c0, 1, cPrev, cpo + j, h, m);
            forwardLanes(L, t.x, 0, t.s, 0, t.c0, 0, t.act, 0, t.c1, 0, t.h, 0);
            t.store(t.act, 4, act, ao + j, h, m);
            t.store(t.c1, 1, c, co + j, h, m);
            t.store(t.h, 1, hOut, ho + j, h, m);
        }
    }

    /** One vector of each gate; gate q of a row starts {@code q·gs} after its offset. */
    private static void forwardLanes(int gs, float[] x, int xo, float[] s, int so, float[] cPrev, int cpo,
                                     float[] act, int ao, float[] c, int co, float[] hOut, int ho) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector i = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, xo).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, s, so))
                .lanewise(VectorOperators.NEG).lanewise(EXP)));
        FloatVector f = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, xo + gs).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, s, so + gs))
                .lanewise(VectorOperators.NEG).lanewise(EXP)));
        FloatVector g = FloatVector.fromArray(S, x, xo + 2 * gs).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, s, so + 2 * gs))
                .lanewise(TANH);
        FloatVector o = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, xo + 3 * gs)
                .lanewise(VectorOperators.ADD, FloatVector.fromArray(S, s, so + 3 * gs)).lanewise(VectorOperators.NEG).lanewise(EXP)));
        FloatVector cj = f.lanewise(VectorOperators.FMA, FloatVector.fromArray(S, cPrev, cpo), i.lanewise(VectorOperators.MUL, g));
        i.intoArray(act, ao);
        f.intoArray(act, ao + gs);
        g.intoArray(act, ao + 2 * gs);
        o.intoArray(act, ao + 3 * gs);
        cj.intoArray(c, co);
        o.lanewise(VectorOperators.MUL, cj.lanewise(TANH)).intoArray(hOut, ho);
    }

    static void backward(int h, float[] act, int ao, float[] c, int co, float[] cPrev, int cpo,
                         float[] dh, int dho, float[] dc, int dco, float[] dx, int dxo) {
        int j = 0;
        for (; j + L <= h; j += L) {
            backwardLanes(h, act, ao + j, c, co + j, cPrev, cpo + j, dh, dho + j, dc, dco + j, dx, dxo + j);
        }
        if (j < h) {
            VectorMask<Float> m = S.indexInRange(j, h);
            Tail t = new Tail();
            t.load(t.act, 4, act, ao + j, h, m);
            t.load(t.c1, 1, c, co + j, h, m);
            t.load(t.c0, 1, cPrev, cpo + j, h, m);
            t.load(t.h, 1, dh, dho + j, h, m);
            t.load(t.dc, 1, dc, dco + j, h, m);
            backwardLanes(L, t.act, 0, t.c1, 0, t.c0, 0, t.h, 0, t.dc, 0, t.x, 0);
            t.store(t.x, 4, dx, dxo + j, h, m);
            t.store(t.dc, 1, dc, dco + j, h, m);
            t.store(t.h, 1, dh, dho + j, h, m);
        }
    }

    private static void backwardLanes(int gs, float[] act, int ao, float[] c, int co, float[] cPrev, int cpo,
                                      float[] dh, int dho, float[] dc, int dco, float[] dx, int dxo) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector i = FloatVector.fromArray(S, act, ao);
        FloatVector f = FloatVector.fromArray(S, act, ao + gs);
        FloatVector g = FloatVector.fromArray(S, act, ao + 2 * gs);
        FloatVector o = FloatVector.fromArray(S, act, ao + 3 * gs);
        FloatVector tc = FloatVector.fromArray(S, c, co).lanewise(TANH);
        FloatVector dhj = FloatVector.fromArray(S, dh, dho);
        FloatVector dcc = dhj.lanewise(VectorOperators.MUL, o).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, tc.lanewise(VectorOperators.MUL, tc))).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, dc, dco));
        dcc.lanewise(VectorOperators.MUL, g).lanewise(VectorOperators.MUL, i.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, i))).intoArray(dx, dxo);
        dcc.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, cPrev, cpo)).lanewise(VectorOperators.MUL, f.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, f))).intoArray(dx, dxo + gs);
        dcc.lanewise(VectorOperators.MUL, i).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, g.lanewise(VectorOperators.MUL, g))).intoArray(dx, dxo + 2 * gs);
        dhj.lanewise(VectorOperators.MUL, tc).lanewise(VectorOperators.MUL, o.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, o))).intoArray(dx, dxo + 3 * gs);
        dcc.lanewise(VectorOperators.MUL, f).intoArray(dc, dco);
        FloatVector.zero(S).intoArray(dh, dho);
    }

    /** Vector-sized scratch rows for a row's last, partial vector (zeros beyond the row). */
    private static final class Tail {
        final float[] x = new float[4 * L];
        final float[] s = new float[4 * L];
        final float[] act = new float[4 * L];
        final float[] c0 = new float[L];
        final float[] c1 = new float[L];
        final float[] h = new float[L];
        final float[] dc = new float[L];

        /** Copies {@code blocks} gate blocks (stride {@code h} in {@code src}) into scratch {@code dst}. */
        void load(float[] dst, int blocks, float[] src, int off, int h, VectorMask<Float> m) {
            for (int q = 0; q < blocks; q++) {
                FloatVector.fromArray(S, src, off + q * h, m).intoArray(dst, q * L);
            }
        }

        /** The inverse of {@link #load}: only the lanes of the row are written. */
        void store(float[] src, int blocks, float[] dst, int off, int h, VectorMask<Float> m) {
            for (int q = 0; q < blocks; q++) {
                FloatVector.fromArray(S, src, q * L).intoArray(dst, off + q * h, m);
            }
        }
    }
}
