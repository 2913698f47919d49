package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API twin of the GRU loops of {@link RecurrentCells} (same formulas, in float with the
 * JDK's vector {@code exp} and {@code tanh}). Written as {@link VectorLstmGatesFloat}: whole vectors
 * unmasked, the loop body in one method over vectors only, and a partial last vector run through
 * the same body on vector-sized scratch rows, so a lane's value never depends on where it sits.
 */
final class VectorGruGatesFloat {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorGruGatesFloat() {}

    static void forward(int h, float[] x, int xo, float[] s, int so, float[] hPrev, int hpo,
                        float[] act, int ao, float[] hOut, int ho) {
        int j = 0;
        for (; j + L <= h; j += L) {
            forwardLanes(h, x, xo + j, s, so + j, hPrev, hpo + j, act, ao + j, hOut, ho + j);
        }
        if (j < h) {
            VectorMask<Float> m = S.indexInRange(j, h);
            float[] tx = load(3, x, xo + j, h, m);
            float[] ts = load(3, s, so + j, h, m);
            float[] thp = load(1, hPrev, hpo + j, h, m);
            float[] tact = new float[4 * L];
            float[] th = new float[L];
            forwardLanes(L, tx, 0, ts, 0, thp, 0, tact, 0, th, 0);
            store(4, tact, act, ao + j, h, m);
            store(1, th, hOut, ho + j, h, m);
        }
    }

    /** One vector of each gate; gate q of a row starts {@code q·gs} after its offset. */
    private static void forwardLanes(int gs, float[] x, int xo, float[] s, int so, float[] hPrev, int hpo,
                                     float[] act, int ao, float[] hOut, int ho) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector r = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, xo).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, s, so))
                .lanewise(VectorOperators.NEG).lanewise(EXP)));
        FloatVector z = one.lanewise(VectorOperators.DIV, one.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, xo + gs).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, s, so + gs))
                .lanewise(VectorOperators.NEG).lanewise(EXP)));
        FloatVector hn = FloatVector.fromArray(S, s, so + 2 * gs);
        FloatVector n = r.lanewise(VectorOperators.FMA, hn, FloatVector.fromArray(S, x, xo + 2 * gs)).lanewise(TANH);
        r.intoArray(act, ao);
        z.intoArray(act, ao + gs);
        n.intoArray(act, ao + 2 * gs);
        hn.intoArray(act, ao + 3 * gs);
        // (1 − z)·n + z·h_prev = n + z·(h_prev − n)
        z.lanewise(VectorOperators.FMA, FloatVector.fromArray(S, hPrev, hpo).lanewise(VectorOperators.SUB, n), n).intoArray(hOut, ho);
    }

    static void backward(int h, float[] act, int ao, float[] hPrev, int hpo, float[] dh, int dho,
                         float[] dx, int dxo, float[] dgh, int dgo) {
        int j = 0;
        for (; j + L <= h; j += L) {
            backwardLanes(h, act, ao + j, hPrev, hpo + j, dh, dho + j, dx, dxo + j, dgh, dgo + j);
        }
        if (j < h) {
            VectorMask<Float> m = S.indexInRange(j, h);
            float[] tact = load(4, act, ao + j, h, m);
            float[] thp = load(1, hPrev, hpo + j, h, m);
            float[] tdh = load(1, dh, dho + j, h, m);
            float[] tdx = new float[3 * L];
            float[] tdg = new float[3 * L];
            backwardLanes(L, tact, 0, thp, 0, tdh, 0, tdx, 0, tdg, 0);
            store(3, tdx, dx, dxo + j, h, m);
            store(3, tdg, dgh, dgo + j, h, m);
            store(1, tdh, dh, dho + j, h, m);
        }
    }

    private static void backwardLanes(int gs, float[] act, int ao, float[] hPrev, int hpo, float[] dh, int dho,
                                      float[] dx, int dxo, float[] dgh, int dgo) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector r = FloatVector.fromArray(S, act, ao);
        FloatVector z = FloatVector.fromArray(S, act, ao + gs);
        FloatVector n = FloatVector.fromArray(S, act, ao + 2 * gs);
        FloatVector hn = FloatVector.fromArray(S, act, ao + 3 * gs);
        FloatVector d = FloatVector.fromArray(S, dh, dho);
        FloatVector dnPre = d.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, z)).lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, n.lanewise(VectorOperators.MUL, n)));
        FloatVector drPre = dnPre.lanewise(VectorOperators.MUL, hn).lanewise(VectorOperators.MUL, r.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, r)));
        FloatVector dzPre = d.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, hPrev, hpo).lanewise(VectorOperators.SUB, n)).lanewise(VectorOperators.MUL, z.lanewise(VectorOperators.MUL, one.lanewise(VectorOperators.SUB, z)));
        drPre.intoArray(dx, dxo);
        dzPre.intoArray(dx, dxo + gs);
        dnPre.intoArray(dx, dxo + 2 * gs);
        drPre.intoArray(dgh, dgo);
        dzPre.intoArray(dgh, dgo + gs);
        dnPre.lanewise(VectorOperators.MUL, r).intoArray(dgh, dgo + 2 * gs);
        d.lanewise(VectorOperators.MUL, z).intoArray(dh, dho);
    }

    /** {@code blocks} gate blocks (stride {@code h} in {@code src}) copied into a zero-padded scratch row. */
    private static float[] load(int blocks, float[] src, int off, int h, VectorMask<Float> m) {
        float[] dst = new float[blocks * L];
        for (int q = 0; q < blocks; q++) {
            FloatVector.fromArray(S, src, off + q * h, m).intoArray(dst, q * L);
        }
        return dst;
    }

    /** The inverse of {@link #load}: only the lanes of the row are written. */
    private static void store(int blocks, float[] src, float[] dst, int off, int h, VectorMask<Float> m) {
        for (int q = 0; q < blocks; q++) {
            FloatVector.fromArray(S, src, q * L).intoArray(dst, off + q * h, m);
        }
    }
}
