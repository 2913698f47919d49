package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * softmax, log-softmax and log-sum-exp along one dimension, all shifted by the lane maximum so that
 * large inputs do not overflow. Like {@link Unary}, the softmax backward exists twice: as tensor
 * operations (differentiable again under {@code createGraph}) and as one fused pass otherwise.
 */
public final class Softmax {
    private Softmax() {}

    /**
     * softmax(x)_i = e^{x_i − m} / Σ_j e^{x_j − m} with m the lane maximum, or its logarithm
     * x_i − m − log Σ_j e^{x_j − m}. A lane of −∞ gives NaN, as in PyTorch.
     */
    static Tensor softmax(Tensor t, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        if (t.dim() == 0) {
            Shape.dim(op, dim, 0);
            return softmax(t.reshape(1), 0, log).reshape();
        }
        int d = Shape.dim(op, dim, t.dim());
        int[] shape = t.shapeRef();
        int len = shape[d];
        Tensor out = Tensor.empty(t.dtype(), shape);
        if (d == shape.length - 1 && t.isContiguous()) {
            ReduceKernels.softmaxRows(t.storage(), t.offset(), len == 0 ? 0 : t.numel() / len, len, log, out.storage());
        } else {
            ReduceKernels.softmax(t.storage(), Reductions.lanes(t, d), t.stridesRef()[d], len, log,
                    out.storage(), Reductions.contiguousLanes(shape, d), Shape.contiguousStrides(shape)[d]);
        }
        return Tensor.recording(t) ? out.withGradFn(new SoftmaxBackward(t, out, d, log)) : out;
    }

    /** softmax: dx = y·(g − Σ g·y); log-softmax: dx = g − e^y·Σ g (sums along the dim). */
    static final class SoftmaxBackward extends Node {
        private final Saved out;
        private final int dim;
        private final boolean log;

        SoftmaxBackward(Tensor x, Tensor out, int dim, boolean log) {
            super(x);
            this.out = save(out);
            this.dim = dim;
            this.log = log;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor y = out.get();
            if (!GradMode.isEnabled()) {
                // y is our own contiguous output; lay g out the same way and walk both lane by lane.
                Tensor gc = g.isContiguous() && g.offset() == 0 ? g : Dispatch.copy(g);
                int[] shape = y.shapeRef();
                Tensor dx = Tensor.empty(y.dtype(), shape);
                ReduceKernels.softmaxBackward(gc.storage(), y.storage(), Reductions.contiguousLanes(shape, dim),
                        Shape.contiguousStrides(shape)[dim], shape[dim], log, dx.storage());
                return new Tensor[] {dx};
            }
            Tensor dx = log
                    ? g.sub(y.exp().mul(g.sum(dim, true)))
                    : y.mul(g.sub(g.mul(y).sum(dim, true)));
            return new Tensor[] {dx};
        }

        @Override
        public String name() {
            return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
        }
    }

    /**
     * log Σ_j e^{x_j} along {@code dim}, shifted by the lane maximum; a lane of −∞ (or an empty
     * lane) gives −∞ and a lane holding +∞ gives +∞, as in PyTorch.
     */
    static Tensor logsumexp(Tensor t, int dim, boolean keepDim) {
        int[] dims = {dim};
        boolean[] m = Reductions.mask("logsumexp", dims, t.dim());
        Reductions.Fold f = Reductions.fold(t, m);
        Tensor x = f.t();
        int d = f.dim();
        Tensor out = Tensor.empty(x.dtype(), Reductions.without(x.shapeRef(), d));
        ReduceKernels.logsumexp(x.storage(), Reductions.lanes(x, d), x.stridesRef()[d], x.shapeRef()[d], out.storage());
        Tensor r = Tensor.recording(x) ? out.withGradFn(new LogsumexpBackward(x, out, d)) : out;
        return Reductions.finish(r, Reductions.reducedShape(t.shapeRef(), m, keepDim));
    }

    /** d/dx_i = e^{x_i − lse}: the softmax of the lane (NaN for a lane of −∞, as in PyTorch). */
    static final class LogsumexpBackward extends Node {
        private final Saved x;
        private final Saved out;
        private final int dim;

        LogsumexpBackward(Tensor x, Tensor out, int dim) {
            super(x);
            this.x = save(x);
            this.out = save(out);
            this.dim = dim;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor p = x.get().sub(out.get().unsqueeze(dim)).exp();
            return new Tensor[] {g.unsqueeze(dim).mul(p)};
        }
    }
}
