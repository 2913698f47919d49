package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link ScalarRowNorm}: the row sums in float lanes (reduced once per row, in
 * {@link LaneTree}'s fixed order so the bits do not change when the JIT compiles the kernel), the
 * elementwise passes as fused multiply-adds. Tails are masked.
 */
final class VectorRowNormFloat {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorRowNormFloat() {}

    static void forwardRow(int n, float[] x, int o, float[] gamma, float[] beta, double eps, float[] y,
                           float[] mean, float[] rstd, int r) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            acc = acc.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, o + j, S.indexInRange(j, n)));
        }
        float mu = LaneTree.addLanes(acc) / n;
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector sq = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector d = FloatVector.fromArray(S, x, o + j, m).lanewise(VectorOperators.SUB, muV);
            sq = d.lanewise(VectorOperators.FMA, d, sq).blend(sq, m.not());
        }
        float inv = (float) (1.0 / Math.sqrt(LaneTree.addLanes(sq) / (double) n + eps));
        FloatVector invV = FloatVector.broadcast(S, inv);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector v = FloatVector.fromArray(S, x, o + j, m).lanewise(VectorOperators.SUB, muV).lanewise(VectorOperators.MUL, invV);
            if (gamma != null) {
                v = v.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, gamma, j, m));
            }
            if (beta != null) {
                v = v.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, beta, j, m));
            }
            v.intoArray(y, o + j, m);
        }
        mean[r] = mu;
        rstd[r] = inv;
    }

    static void backwardRow(int n, float[] x, float[] g, int o, float[] gamma, float mu, float inv, float[] dx) {
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector invV = FloatVector.broadcast(S, inv);
        FloatVector sumD = FloatVector.zero(S);
        FloatVector sumDX = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector d = scaled(g, o + j, gamma, j, m);
            FloatVector xh = FloatVector.fromArray(S, x, o + j, m).lanewise(VectorOperators.SUB, muV).lanewise(VectorOperators.MUL, invV);
            sumD = sumD.lanewise(VectorOperators.ADD, d);
            sumDX = d.lanewise(VectorOperators.FMA, xh, sumDX).blend(sumDX, m.not());
        }
        FloatVector meanD = FloatVector.broadcast(S, LaneTree.addLanes(sumD) / n);
        FloatVector meanDX = FloatVector.broadcast(S, LaneTree.addLanes(sumDX) / n);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector d = scaled(g, o + j, gamma, j, m);
            FloatVector xh = FloatVector.fromArray(S, x, o + j, m).lanewise(VectorOperators.SUB, muV).lanewise(VectorOperators.MUL, invV);
            d.lanewise(VectorOperators.SUB, meanD).lanewise(VectorOperators.SUB, xh.lanewise(VectorOperators.MUL, meanDX)).lanewise(VectorOperators.MUL, invV).intoArray(dx, o + j, m);
        }
    }

    static void affineRow(int n, float[] x, float[] g, int o, float mu, float inv, float[] dGamma, float[] dBeta) {
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector invV = FloatVector.broadcast(S, inv);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector gv = FloatVector.fromArray(S, g, o + j, m);
            if (dGamma != null) {
                FloatVector xh = FloatVector.fromArray(S, x, o + j, m).lanewise(VectorOperators.SUB, muV).lanewise(VectorOperators.MUL, invV);
                gv.lanewise(VectorOperators.FMA, xh, FloatVector.fromArray(S, dGamma, j, m)).intoArray(dGamma, j, m);
            }
            if (dBeta != null) {
                gv.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, dBeta, j, m)).intoArray(dBeta, j, m);
            }
        }
    }

    private static FloatVector scaled(float[] g, int go, float[] gamma, int j, VectorMask<Float> m) {
        FloatVector d = FloatVector.fromArray(S, g, go, m);
        return gamma == null ? d : d.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, gamma, j, m));
    }
}
