package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link ScalarRowNorm}: the row sums in float lanes (reduced once per row, in
 * {@link LaneTree}'s fixed order so the bits do not change when the JIT compiles the kernel), the
 * elementwise passes as fused multiply-adds. Whole vectors, then the tail element by element in
 * float: masked loads and blends on every step were boxed in some Transformer runs (JFR, 2026-11-29).
 */
final class VectorRowNormFloat {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();

    private VectorRowNormFloat() {}

    static void forwardRow(int n, float[] x, int o, float[] gamma, float[] beta, double eps, float[] y,
                           float[] mean, float[] rstd, int r) {
        int full = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < full; j += L) {
            acc = acc.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, o + j));
        }
        float sum = LaneTree.addLanes(acc);
        for (int j = full; j < n; j++) {
            sum += x[o + j];
        }
        float mu = sum / n;
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector sq = FloatVector.zero(S);
        for (int j = 0; j < full; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, o + j).lanewise(VectorOperators.SUB, muV);
            sq = d.lanewise(VectorOperators.FMA, d, sq);
        }
        float sqSum = LaneTree.addLanes(sq);
        for (int j = full; j < n; j++) {
            float d = x[o + j] - mu;
            sqSum = Math.fma(d, d, sqSum);
        }
        float inv = (float) (1.0 / Math.sqrt(sqSum / (double) n + eps));
        FloatVector invV = FloatVector.broadcast(S, inv);
        for (int j = 0; j < full; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + j).lanewise(VectorOperators.SUB, muV)
                    .lanewise(VectorOperators.MUL, invV);
            if (gamma != null) {
                v = v.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, gamma, j));
            }
            if (beta != null) {
                v = v.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, beta, j));
            }
            v.intoArray(y, o + j);
        }
        for (int j = full; j < n; j++) {
            float v = (x[o + j] - mu) * inv;
            if (gamma != null) {
                v *= gamma[j];
            }
            if (beta != null) {
                v += beta[j];
            }
            y[o + j] = v;
        }
        mean[r] = mu;
        rstd[r] = inv;
    }

    static void backwardRow(int n, float[] x, float[] g, int o, float[] gamma, float mu, float inv, float[] dx) {
        int full = S.loopBound(n);
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector invV = FloatVector.broadcast(S, inv);
        FloatVector sumD = FloatVector.zero(S);
        FloatVector sumDX = FloatVector.zero(S);
        for (int j = 0; j < full; j += L) {
            FloatVector d = FloatVector.fromArray(S, g, o + j);
            if (gamma != null) {
                d = d.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, gamma, j));
            }
            FloatVector xh = FloatVector.fromArray(S, x, o + j).lanewise(VectorOperators.SUB, muV)
                    .lanewise(VectorOperators.MUL, invV);
            sumD = sumD.lanewise(VectorOperators.ADD, d);
            sumDX = d.lanewise(VectorOperators.FMA, xh, sumDX);
        }
        float sd = LaneTree.addLanes(sumD);
        float sdx = LaneTree.addLanes(sumDX);
        for (int j = full; j < n; j++) {
            float d = gamma == null ? g[o + j] : g[o + j] * gamma[j];
            sd += d;
            sdx = Math.fma(d, (x[o + j] - mu) * inv, sdx);
        }
        float meanD = sd / n;
        float meanDX = sdx / n;
        FloatVector meanDV = FloatVector.broadcast(S, meanD);
        FloatVector meanDXV = FloatVector.broadcast(S, meanDX);
        // the first loop's loads again, written out: a helper returning the vector would box it
        // whenever the JIT did not inline it (the form this replaced did so in some runs)
        for (int j = 0; j < full; j += L) {
            FloatVector d = FloatVector.fromArray(S, g, o + j);
            if (gamma != null) {
                d = d.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, gamma, j));
            }
            FloatVector xh = FloatVector.fromArray(S, x, o + j).lanewise(VectorOperators.SUB, muV)
                    .lanewise(VectorOperators.MUL, invV);
            d.lanewise(VectorOperators.SUB, meanDV).lanewise(VectorOperators.SUB, xh.lanewise(VectorOperators.MUL, meanDXV))
                    .lanewise(VectorOperators.MUL, invV).intoArray(dx, o + j);
        }
        for (int j = full; j < n; j++) {
            float d = gamma == null ? g[o + j] : g[o + j] * gamma[j];
            float xh = (x[o + j] - mu) * inv;
            dx[o + j] = (d - meanD - xh * meanDX) * inv;
        }
    }

    static void affineRow(int n, float[] x, float[] g, int o, float mu, float inv, float[] dGamma, float[] dBeta) {
        int full = S.loopBound(n);
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector invV = FloatVector.broadcast(S, inv);
        for (int j = 0; j < full; j += L) {
            FloatVector gv = FloatVector.fromArray(S, g, o + j);
            if (dGamma != null) {
                FloatVector xh = FloatVector.fromArray(S, x, o + j).lanewise(VectorOperators.SUB, muV)
                        .lanewise(VectorOperators.MUL, invV);
                gv.lanewise(VectorOperators.FMA, xh, FloatVector.fromArray(S, dGamma, j)).intoArray(dGamma, j);
            }
            if (dBeta != null) {
                gv.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, dBeta, j)).intoArray(dBeta, j);
            }
        }
        for (int j = full; j < n; j++) {
            if (dGamma != null) {
                dGamma[j] = Math.fma(g[o + j], (x[o + j] - mu) * inv, dGamma[j]);
            }
            if (dBeta != null) {
                dBeta[j] += g[o + j];
            }
        }
    }
}
