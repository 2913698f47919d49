package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.BatchNormKernels;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * The normalization shared by batch, layer and group norm, as one fused op:
 * <pre>
 *   y = (x − μ)·(σ² + eps)^(−1/2)·γ + β      (σ² the biased variance)
 * </pre>
 * with the input viewed as {@code [n, g, cg, s]}, the affine parameters indexed by the channel
 * {@code (g, cg)}, and the statistics taken either per channel over {@code (n, s)} (batch norm,
 * {@code g = 1}) or per {@code (n, g)} over {@code (cg, s)} (group norm; layer norm is one group
 * over the normalized dims). Its backward, with {@code x̂ = (x − μ)/σ}, {@code m} elements per
 * statistic and means over the same elements:
 * <pre>
 *   dx = (σ² + eps)^(−1/2)·(γg − mean(γg) − x̂·mean(γg·x̂))     dγ = Σ g·x̂     dβ = Σ g
 * </pre>
 * It runs as one fused pass without a graph, and as tensor ops (so differentiable again) under
 * {@code createGraph}.
 */
final class Norms {
    private Norms() {}

    /** The {@code [n, g, cg, s]} view and which elements share statistics. */
    record Layout(int n, int g, int cg, int s, boolean perChannel) {
        int statCount() {
            return perChannel ? cg : n * g;
        }

        /** Elements per statistic. */
        int count() {
            return perChannel ? n * s : cg * s;
        }

        int[] dims() {
            return new int[] {n, g, cg, s};
        }

        /** Dims of the {@code [n, g, cg, s]} view that the statistics reduce over. */
        int[] reduceDims() {
            return perChannel ? new int[] {0, 3} : new int[] {2, 3};
        }
    }

    /**
     * Per-statistic mean, biased variance and 1/√(var + eps): in double with two passes, or for float32
     * batch norm in one kernel pass ({@link BatchNormKernels#stats}).
     */
    record Stats(double[] mean, double[] var, double[] invStd) {}

    /** Whether float32 batch norm runs {@link BatchNormKernels} (the default) or the double path, its reference. */
    static boolean floatKernels = true;

    /** Batch norm in float32 takes the kernel path: per channel, in parallel, without a double copy. */
    private static boolean floatBatchNorm(Tensor x, Layout l) {
        return floatKernels && l.perChannel() && l.g() == 1 && x.dtype() == DType.FLOAT32;
    }

    /** The statistics of {@code x} viewed as the layout (the kernel for float32 batch norm). */
    static Stats stats(Tensor x, Layout l, double eps) {
        if (!floatBatchNorm(x, l)) {
            return stats(NnUtil.doubles(x), l, eps);
        }
        Tensor xc = Dispatch.contiguous(x.detach());
        int c = l.cg();
        double[] mean = new double[c];
        double[] var = new double[c];
        double[] inv = new double[c];
        BatchNormKernels.stats(l.n(), c, l.s(), xc.storage().floats(), xc.offset(), mean, var);
        for (int i = 0; i < c; i++) {
            inv[i] = 1.0 / Math.sqrt(var[i] + eps);
        }
        return new Stats(mean, var, inv);
    }

    static Stats stats(double[] x, Layout l, double eps) {
        int k = l.statCount();
        double[] mean = new double[k];
        double[] var = new double[k];
        double[] inv = new double[k];
        int i = 0;
        for (int ni = 0; ni < l.n(); ni++) {
            for (int gi = 0; gi < l.g(); gi++) {
                for (int ci = 0; ci < l.cg(); ci++) {
                    int st = l.perChannel() ? ci : ni * l.g() + gi;
                    for (int si = 0; si < l.s(); si++) {
                        mean[st] += x[i++];
                    }
                }
            }
        }
        for (int st = 0; st < k; st++) {
            mean[st] /= l.count();
        }
        i = 0;
        for (int ni = 0; ni < l.n(); ni++) {
            for (int gi = 0; gi < l.g(); gi++) {
                for (int ci = 0; ci < l.cg(); ci++) {
                    int st = l.perChannel() ? ci : ni * l.g() + gi;
                    double mu = mean[st];
                    for (int si = 0; si < l.s(); si++) {
                        double d = x[i++] - mu;
                        var[st] += d * d;
                    }
                }
            }
        }
        for (int st = 0; st < k; st++) {
            var[st] /= l.count();
            inv[st] = 1.0 / Math.sqrt(var[st] + eps);
        }
        return new Stats(mean, var, inv);
    }

    /**
     * Normalizes {@code x} (contiguous, viewed as the layout) with the given statistics and affine
     * parameters (nullable: γ = 1, β = 0), as a tensor of {@code dtype} and {@code shape},
     * recording the backward when needed.
     */
    static Tensor normalize(Tensor x, Tensor gamma, Tensor beta, Layout l, double eps, Stats st) {
        return normalize(x, gamma, beta, l, eps, st, false);
    }

    /**
     * {@link #normalize}, then {@code max(·, 0)} when {@code relu}: for float32 batch norm one pass and one
     * tensor (the ReLU applied as the values are written, its mask recomputed from x in backward);
     * otherwise the separate ReLU op.
     */
    static Tensor normalize(Tensor x, Tensor gamma, Tensor beta, Layout l, double eps, Stats st, boolean relu) {
        return normalize(x, gamma, beta, null, l, eps, st, relu);
    }

    /**
     * {@link #normalize}, plus {@code residual} (nullable; same shape as x) before the ReLU: with a
     * residual, {@code max(norm(x) + residual, 0)}, a residual block's tail. For float32 batch norm one
     * pass and one tensor forward, and backward one pass for the masked gradient (which the residual
     * receives) with the sums, one for dx; otherwise the separate add and ReLU ops.
     */
    static Tensor normalize(Tensor x, Tensor gamma, Tensor beta, Tensor residual, Layout l, double eps, Stats st,
                            boolean relu) {
        if (floatBatchNorm(x, l) && (residual == null || residual.dtype() == DType.FLOAT32)) {
            Affine k = affine(gamma, beta, l, st);
            Tensor xc = Dispatch.contiguous(x.detach());
            Tensor y = Tensor.uninitialized(DType.FLOAT32, x.shape());
            if (residual == null) {
                BatchNormKernels.normalize(l.n(), l.cg(), l.s(), xc.storage().floats(), xc.offset(), k.mean(), k.scale(),
                        k.shift(), relu, y.storage().floats(), y.offset());
            } else {
                Tensor rc = Dispatch.contiguous(residual.detach());
                BatchNormKernels.normalizeAddRelu(l.n(), l.cg(), l.s(), xc.storage().floats(), xc.offset(), k.mean(),
                        k.scale(), k.shift(), rc.storage().floats(), rc.offset(), y.storage().floats(), y.offset());
            }
            boolean masked = relu || residual != null;
            return NnUtil.recording(x, gamma, beta, residual)
                    ? y.withGradFn(new NormBackward(x, gamma, beta, residual, l, eps, st, k, masked ? y : null)) : y;
        }
        Tensor y = normalizeDouble(x, gamma, beta, l, eps, st);
        if (residual != null) {
            return y.add(residual).relu();
        }
        return relu ? y.relu() : y;
    }

    /** The float32 per-channel map {@code y = (x − mean)·scale + shift} that batch norm's forward applies. */
    record Affine(float[] mean, float[] scale, float[] shift) {}

    /** {@code scale = γ/σ̂}, {@code shift = β}, rounded to float once: the forward and its ReLU mask share them. */
    private static Affine affine(Tensor gamma, Tensor beta, Layout l, Stats st) {
        int c = l.cg();
        double[] gv = gamma == null ? null : gamma.toDoubleArray();
        double[] bv = beta == null ? null : beta.toDoubleArray();
        float[] mean = new float[c];
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            mean[i] = (float) st.mean()[i];
            scale[i] = (float) (st.invStd()[i] * (gv == null ? 1.0 : gv[i]));
            shift[i] = (float) (bv == null ? 0.0 : bv[i]);
        }
        return new Affine(mean, scale, shift);
    }

    private static Tensor normalizeDouble(Tensor x, Tensor gamma, Tensor beta, Layout l, double eps, Stats st) {
        double[] xv = NnUtil.doubles(x);
        double[] gv = gamma == null ? null : gamma.toDoubleArray();
        double[] bv = beta == null ? null : beta.toDoubleArray();
        double[] out = new double[xv.length];
        int i = 0;
        for (int ni = 0; ni < l.n(); ni++) {
            for (int gi = 0; gi < l.g(); gi++) {
                for (int ci = 0; ci < l.cg(); ci++) {
                    int s = l.perChannel() ? ci : ni * l.g() + gi;
                    int ch = gi * l.cg() + ci;
                    double scale = st.invStd()[s] * (gv == null ? 1.0 : gv[ch]);
                    double shift = (bv == null ? 0.0 : bv[ch]) - st.mean()[s] * scale;
                    for (int si = 0; si < l.s(); si++, i++) {
                        out[i] = xv[i] * scale + shift;
                    }
                }
            }
        }
        Tensor y = NnUtil.tensor(out, x.dtype(), x.shape());
        return NnUtil.recording(x, gamma, beta) ? y.withGradFn(new NormBackward(x, gamma, beta, null, l, eps, st, null, null)) : y;
    }

    static final class NormBackward extends Node {
        private final Saved x;
        private final Saved gamma;
        private final int[] xShape;
        private final int[] gammaShape;
        private final int[] betaShape;
        private final Layout l;
        private final double eps;
        private final Stats st;
        /** The output of a fused BN + ReLU (its mask gates the gradient), or null for plain batch norm. */
        private final Saved reluOut;
        private final boolean relu;
        /** True for the fused tail {@code relu(bn(x) + residual)}: input 3 is the residual. */
        private final boolean residual;
        /** The forward's float32 coefficients (its ReLU mask is recomputed from them), or null on the double path. */
        private final Affine affine;

        NormBackward(Tensor x, Tensor gamma, Tensor beta, Tensor residual, Layout l, double eps, Stats st, Affine affine,
                     Tensor reluOut) {
            super(x, gamma, beta, residual);
            this.l = l; // before save(): it calls name(), which reads the layout and the ReLU flag
            this.relu = reluOut != null;
            this.residual = residual != null;
            this.reluOut = relu ? save(reluOut) : null;
            this.x = needsGrad(0) || needsGrad(1) ? save(x) : null;
            this.gamma = gamma != null && needsGrad(0) ? save(gamma) : null;
            this.xShape = x.shapeRef();
            this.gammaShape = gamma == null ? null : gamma.shapeRef();
            this.betaShape = beta == null ? null : beta.shapeRef();
            this.eps = eps;
            this.st = st;
            this.affine = affine;
        }

        @Override
        public String name() {
            if (!l.perChannel()) {
                return "GroupNormBackward";
            }
            return residual ? "BatchNormAddReluBackward" : relu ? "BatchNormReluBackward" : "BatchNormBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            if (relu && !GradMode.isEnabled() && x != null && affine != null && floatBatchNorm(g, l)) {
                return fusedFloat(g);
            }
            if (relu) {
                // the ReLU's derivative as a constant mask (the sign of the output, 0 or 1) ahead of batch norm
                g = g.mul(reluOut.get().detach().sign());
            }
            Tensor[] r = GradMode.isEnabled() ? withGraph(g) : fused(g);
            return new Tensor[] {r[0], r[1], r[2], residual && needsGrad(3) ? g : null};
        }

        /** The backward as tensor ops, recomputing the statistics from x so that they are differentiated too. */
        private Tensor[] withGraph(Tensor g) {
            int[] red = l.reduceDims();
            int[] affine = {1, l.g(), l.cg(), 1};
            Tensor g4 = g.reshape(l.dims());
            Tensor xhat = null;
            Tensor inv = null;
            if (x != null) {
                Tensor x4 = x.get().reshape(l.dims());
                Tensor xc = x4.sub(x4.mean(red, true));
                inv = xc.mul(xc).mean(red, true).add(eps).rsqrt();
                xhat = xc.mul(inv);
            }
            Tensor gx = null;
            if (needsGrad(0)) {
                Tensor d = gamma == null ? g4 : g4.mul(gamma.get().reshape(affine));
                gx = d.sub(d.mean(red, true)).sub(xhat.mul(d.mul(xhat).mean(red, true))).mul(inv).reshape(xShape);
            }
            Tensor gg = needsGrad(1) ? g4.mul(xhat).sum(new int[] {0, 3}, false).reshape(gammaShape) : null;
            Tensor gb = needsGrad(2) ? g4.sum(new int[] {0, 3}, false).reshape(betaShape) : null;
            return new Tensor[] {gx, gg, gb};
        }

        /**
         * Float32 batch norm (no graph): one kernel pass for the sums, one for dx. After a fused ReLU both passes
         * recompute its mask from x; after a fused add and ReLU the sums pass writes the masked gradient
         * (the residual's gradient) from the output's mask, and dx is computed from it.
         */
        private Tensor[] fusedFloat(Tensor g) {
            Tensor gc = Dispatch.contiguous(g);
            Tensor xc = Dispatch.contiguous(x.get().detach());
            int n = l.n();
            int c = l.cg();
            int s = l.s();
            double[] dBeta = new double[c];
            double[] dGamma = new double[c];
            float[] gs = gc.storage().floats();
            int gOff = gc.offset();
            float[] xs = xc.storage().floats();
            float[] mu = affine.mean();
            float[] reluScale = null;
            float[] reluShift = null;
            Tensor gm = null;
            if (residual) {
                Tensor y = Dispatch.contiguous(reluOut.get().detach());
                gm = Tensor.uninitialized(DType.FLOAT32, xShape);
                BatchNormKernels.backwardSumsMasked(n, c, s, gs, gOff, y.storage().floats(), y.offset(), xs, xc.offset(),
                        mu, gm.storage().floats(), gm.offset(), dBeta, dGamma);
                gs = gm.storage().floats();
                gOff = gm.offset();
            } else {
                if (relu) {
                    reluScale = affine.scale();
                    reluShift = affine.shift();
                }
                BatchNormKernels.backwardSums(n, c, s, gs, gOff, xs, xc.offset(), mu, reluScale, reluShift, dBeta, dGamma);
            }
            for (int i = 0; i < c; i++) {
                dGamma[i] *= st.invStd()[i];
            }
            Tensor gx = null;
            if (needsGrad(0)) {
                double[] gam = gamma == null ? null : gamma.get().toDoubleArray();
                double m = l.count();
                float[] a = new float[c];
                float[] b = new float[c];
                float[] k = new float[c];
                for (int i = 0; i < c; i++) {
                    double inv = st.invStd()[i];
                    double ai = inv * (gam == null ? 1.0 : gam[i]);
                    a[i] = (float) ai;
                    b[i] = (float) (-ai * inv * dGamma[i] / m);
                    k[i] = (float) (-ai * dBeta[i] / m);
                }
                gx = Tensor.uninitialized(DType.FLOAT32, xShape);
                BatchNormKernels.backwardInput(n, c, s, gs, gOff, xs, xc.offset(), mu, a, b, k, reluScale, reluShift,
                        gx.storage().floats(), gx.offset());
            }
            Tensor gg = needsGrad(1) ? NnUtil.tensor(dGamma, DType.FLOAT32, gammaShape) : null;
            Tensor gb = needsGrad(2) ? NnUtil.tensor(dBeta, DType.FLOAT32, betaShape) : null;
            return new Tensor[] {gx, gg, gb, residual && needsGrad(3) ? gm : null};
        }

        /** One pass for the sums, one for dx; everything in double. */
        private Tensor[] fused(Tensor g) {
            if (x != null && affine != null && floatBatchNorm(g, l)) {
                return fusedFloat(g);
            }
            DType dt = g.dtype();
            double[] gv = NnUtil.doubles(g.contiguous());
            double[] xv = x == null ? null : NnUtil.doubles(x.get().detach());
            double[] gam = gamma == null ? null : gamma.get().toDoubleArray();
            int k = l.statCount();
            int channels = l.g() * l.cg();
            double[] sumD = new double[k];
            double[] sumDX = new double[k];
            double[] dGamma = new double[channels];
            double[] dBeta = new double[channels];
            boolean wantX = needsGrad(0);
            int i = 0;
            for (int ni = 0; ni < l.n(); ni++) {
                for (int gi = 0; gi < l.g(); gi++) {
                    for (int ci = 0; ci < l.cg(); ci++) {
                        int s = l.perChannel() ? ci : ni * l.g() + gi;
                        int ch = gi * l.cg() + ci;
                        double mu = st.mean()[s];
                        double inv = st.invStd()[s];
                        double w = gam == null ? 1.0 : gam[ch];
                        for (int si = 0; si < l.s(); si++, i++) {
                            double gi2 = gv[i];
                            dBeta[ch] += gi2;
                            if (xv != null) {
                                double xh = (xv[i] - mu) * inv;
                                dGamma[ch] += gi2 * xh;
                                sumD[s] += gi2 * w;
                                sumDX[s] += gi2 * w * xh;
                            }
                        }
                    }
                }
            }
            Tensor gx = null;
            if (wantX) {
                double[] out = new double[gv.length];
                double m = l.count();
                i = 0;
                for (int ni = 0; ni < l.n(); ni++) {
                    for (int gi = 0; gi < l.g(); gi++) {
                        for (int ci = 0; ci < l.cg(); ci++) {
                            int s = l.perChannel() ? ci : ni * l.g() + gi;
                            double w = gam == null ? 1.0 : gam[gi * l.cg() + ci];
                            double mu = st.mean()[s];
                            double inv = st.invStd()[s];
                            double meanD = sumD[s] / m;
                            double meanDX = sumDX[s] / m;
                            for (int si = 0; si < l.s(); si++, i++) {
                                double xh = (xv[i] - mu) * inv;
                                out[i] = inv * (gv[i] * w - meanD - xh * meanDX);
                            }
                        }
                    }
                }
                gx = NnUtil.tensor(out, dt, xShape);
            }
            Tensor gg = needsGrad(1) ? NnUtil.tensor(dGamma, dt, gammaShape) : null;
            Tensor gb = needsGrad(2) ? NnUtil.tensor(dBeta, dt, betaShape) : null;
            return new Tensor[] {gx, gg, gb};
        }
    }
}
