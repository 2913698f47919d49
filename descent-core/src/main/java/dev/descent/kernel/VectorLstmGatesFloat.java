package dev.descent.kernel;

import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link ScalarLstmGates}, in float with the JDK's vector {@code exp} and
 * {@code tanh}. The sigmoid is {@code 1/(1 + exp(−x))}, which saturates cleanly at both ends in
 * float (exp overflowing to ∞ gives 0). Tails are masked, so a lane's value never depends on
 * where it sits in the row.
 */
final class VectorLstmGatesFloat {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorLstmGatesFloat() {}

    static void forward(int h, float[] x, int xo, float[] s, int so, float[] cPrev, int cpo,
                        float[] act, int ao, float[] c, int co, float[] hOut, int ho) {
        for (int j = 0; j < h; j += L) {
            VectorMask<Float> m = S.indexInRange(j, h);
            FloatVector i = sigmoid(pre(x, xo + j, s, so + j, m));
            FloatVector f = sigmoid(pre(x, xo + h + j, s, so + h + j, m));
            FloatVector g = pre(x, xo + 2 * h + j, s, so + 2 * h + j, m).lanewise(TANH);
            FloatVector o = sigmoid(pre(x, xo + 3 * h + j, s, so + 3 * h + j, m));
            FloatVector cj = f.fma(FloatVector.fromArray(S, cPrev, cpo + j, m), i.mul(g));
            i.intoArray(act, ao + j, m);
            f.intoArray(act, ao + h + j, m);
            g.intoArray(act, ao + 2 * h + j, m);
            o.intoArray(act, ao + 3 * h + j, m);
            cj.intoArray(c, co + j, m);
            o.mul(cj.lanewise(TANH)).intoArray(hOut, ho + j, m);
        }
    }

    static void backward(int h, float[] act, int ao, float[] c, int co, float[] cPrev, int cpo,
                         float[] dh, int dho, float[] dc, int dco, float[] dx, int dxo) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < h; j += L) {
            VectorMask<Float> m = S.indexInRange(j, h);
            FloatVector i = FloatVector.fromArray(S, act, ao + j, m);
            FloatVector f = FloatVector.fromArray(S, act, ao + h + j, m);
            FloatVector g = FloatVector.fromArray(S, act, ao + 2 * h + j, m);
            FloatVector o = FloatVector.fromArray(S, act, ao + 3 * h + j, m);
            FloatVector tc = FloatVector.fromArray(S, c, co + j, m).lanewise(TANH);
            FloatVector dhj = FloatVector.fromArray(S, dh, dho + j, m);
            FloatVector dcc = dhj.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dc, dco + j, m));
            dcc.mul(g).mul(i.mul(one.sub(i))).intoArray(dx, dxo + j, m);
            dcc.mul(FloatVector.fromArray(S, cPrev, cpo + j, m)).mul(f.mul(one.sub(f))).intoArray(dx, dxo + h + j, m);
            dcc.mul(i).mul(one.sub(g.mul(g))).intoArray(dx, dxo + 2 * h + j, m);
            dhj.mul(tc).mul(o.mul(one.sub(o))).intoArray(dx, dxo + 3 * h + j, m);
            dcc.mul(f).intoArray(dc, dco + j, m);
            zero.intoArray(dh, dho + j, m);
        }
    }

    private static FloatVector pre(float[] x, int xo, float[] s, int so, VectorMask<Float> m) {
        return FloatVector.fromArray(S, x, xo, m).add(FloatVector.fromArray(S, s, so, m));
    }

    private static FloatVector sigmoid(FloatVector v) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(v.neg().lanewise(EXP)));
    }
}
