package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.Tensor;

/**
 * Variance and standard deviation with Bessel's {@code correction}: Σ(x − x̄)² / max(0, N − correction),
 * as {@code torch.var(correction=...)}; 1 (the default) is unbiased, 0 the population variance.
 * The gradient of std at zero variance is 0 (PyTorch's choice), not the NaN of ∞·0.
 */
public final class Moments {
    private Moments() {}

    static Tensor reduce(String op, Tensor t, int[] dims, int correction, boolean keepDim, boolean std) {
        if (correction < 0) {
            throw new IllegalArgumentException(op + ": correction must be >= 0, got " + correction);
        }
        boolean[] m = Reductions.mask(op, dims, t.dim());
        Reductions.Fold f = Reductions.fold(t, m);
        Tensor r = along(f.t(), f.dim(), correction, std);
        return Reductions.finish(r, Reductions.reducedShape(t.shapeRef(), m, keepDim));
    }

    private static Tensor along(Tensor x, int dim, int correction, boolean std) {
        Tensor out = Tensor.empty(x.dtype(), Reductions.without(x.shapeRef(), dim));
        ReduceKernels.variance(x.storage(), Reductions.lanes(x, dim), x.stridesRef()[dim], x.shapeRef()[dim],
                correction, std, out.storage());
        return Tensor.recording(x) ? out.withGradFn(new MomentBackward(x, out, dim, correction, std)) : out;
    }

    /** dvar/dx = 2(x − x̄)/(N − correction); dstd = dvar / (2·std), set to 0 where std is 0. */
    static final class MomentBackward extends Node {
        private final Saved x;
        private final Saved out;
        private final int dim;
        private final int correction;
        private final boolean std;

        MomentBackward(Tensor x, Tensor out, int dim, int correction, boolean std) {
            super(x);
            this.x = save(x);
            this.out = std ? save(out) : null;
            this.dim = dim;
            this.correction = correction;
            this.std = std;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xv = x.get();
            Tensor gv = g;
            if (std) {
                Tensor s = out.get();
                Tensor zero = s.detach().eq(0.0);
                // Divide by a safe denominator before masking, so that a second backward sees no inf·0.
                Tensor safe = Tensor.where(zero, Tensor.ones(s.dtype()), s);
                gv = Tensor.where(zero, Tensor.zeros(g.dtype()), g.div(safe.mul(2.0)));
            }
            double divisor = Math.max(0, xv.shapeRef()[dim] - correction);
            Tensor centred = xv.sub(xv.mean(dim, true));
            return new Tensor[] {gv.unsqueeze(dim).mul(centred).mul(2.0 / divisor)};
        }

        @Override
        public String name() {
            return std ? "StdBackward" : "VarBackward";
        }
    }
}
