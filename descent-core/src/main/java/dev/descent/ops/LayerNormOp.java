package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.RowNorm;
import dev.descent.tensor.Tensor;

/**
 * Float32 layer normalization over the last {@code n} elements of each sample as one fused op
 * (the {@link RowNorm} kernel forward and backward), without the float64 round trip of the general
 * {@link Norms} path. Statistics are kept per row for the backward; under {@code createGraph} the
 * backward is written as tensor ops that recompute them, so it is differentiable again.
 */
final class LayerNormOp {
    private LayerNormOp() {}

    /** {@code x} float32 of any shape whose trailing elements form rows of {@code n}; γ, β {@code [n]}-sized or null. */
    static Tensor apply(Tensor x, Tensor gamma, Tensor beta, int rows, int n, double eps) {
        Tensor xc = Dispatch.contiguous(x.detach());
        float[] g = gamma == null ? null : floats(Dispatch.contiguous(gamma.detach()));
        float[] b = beta == null ? null : floats(Dispatch.contiguous(beta.detach()));
        Tensor y = Tensor.empty(x.dtype(), x.shape());
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        RowNorm.forward(rows, n, floats(xc), g, b, eps, y.storage().floats(), mean, rstd);
        return NnUtil.recording(x, gamma, beta)
                ? y.withGradFn(new LayerNormBackward(x, gamma, beta, rows, n, eps, mean, rstd)) : y;
    }

    /** The float array of a contiguous tensor, copied only if it does not start at offset 0 of its storage. */
    private static float[] floats(Tensor t) {
        float[] f = t.storage().floats();
        return t.offset() == 0 && f.length == t.numel() ? f : t.toFloatArray();
    }

    static final class LayerNormBackward extends Node {
        private final Saved x;
        private final Saved gamma;
        private final int[] xShape;
        private final int[] affineShape;
        private final int rows;
        private final int n;
        private final double eps;
        private final float[] mean;
        private final float[] rstd;

        LayerNormBackward(Tensor x, Tensor gamma, Tensor beta, int rows, int n, double eps, float[] mean, float[] rstd) {
            super(x, gamma, beta);
            this.x = save(x);
            this.gamma = gamma == null ? null : save(gamma);
            this.xShape = x.shapeRef();
            this.affineShape = gamma != null ? gamma.shapeRef() : beta != null ? beta.shapeRef() : null;
            this.rows = rows;
            this.n = n;
            this.eps = eps;
            this.mean = mean;
            this.rstd = rstd;
        }

        @Override
        public String name() {
            return "LayerNormBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return GradMode.isEnabled() ? withGraph(g) : fused(g);
        }

        private Tensor[] fused(Tensor g) {
            float[] gv = floats(Dispatch.contiguous(g));
            float[] xv = floats(Dispatch.contiguous(x.get().detach()));
            float[] gam = gamma == null ? null : floats(Dispatch.contiguous(gamma.get().detach()));
            Tensor gx = needsGrad(0) ? Tensor.empty(g.dtype(), xShape) : null;
            Tensor gg = needsGrad(1) ? Tensor.empty(g.dtype(), affineShape) : null;
            Tensor gb = needsGrad(2) ? Tensor.empty(g.dtype(), affineShape) : null;
            RowNorm.backward(rows, n, xv, gv, gam, mean, rstd, gx == null ? null : gx.storage().floats(),
                    gg == null ? null : gg.storage().floats(), gb == null ? null : gb.storage().floats());
            return new Tensor[] {gx, gg, gb};
        }

        /** Tensor ops on the {@code [rows, n]} view, the statistics recomputed from x so that they are differentiated too. */
        private Tensor[] withGraph(Tensor g) {
            Tensor g2 = g.reshape(rows, n);
            Tensor x2 = x.get().reshape(rows, n);
            Tensor xc = x2.sub(x2.mean(1, true));
            Tensor inv = xc.mul(xc).mean(1, true).add(eps).rsqrt();
            Tensor xhat = xc.mul(inv);
            Tensor gx = null;
            if (needsGrad(0)) {
                Tensor d = gamma == null ? g2 : g2.mul(gamma.get().reshape(1, n));
                gx = d.sub(d.mean(1, true)).sub(xhat.mul(d.mul(xhat).mean(1, true))).mul(inv).reshape(xShape);
            }
            Tensor gg = needsGrad(1) ? g2.mul(xhat).sum(0, false).reshape(affineShape) : null;
            Tensor gb = needsGrad(2) ? g2.sum(0, false).reshape(affineShape) : null;
            return new Tensor[] {gx, gg, gb};
        }
    }
}
