package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * The product reduction. Its gradient is ∂(∏x)/∂x_j = ∏_{k≠j} x_k, which stays right when the input
 * holds zeros (PyTorch's semantics: one zero in a lane gets the product of the others, the rest 0;
 * with two zeros every gradient is 0), instead of the naive out/x that divides by zero.
 */
public final class Prod {
    private Prod() {}

    /** Product over {@code dims} (null or empty: all), keeping them as size 1 when {@code keepDim}. */
    public static Tensor prod(Tensor t, int[] dims, boolean keepDim) {
        boolean[] m = Reductions.mask("prod", dims, t.dim());
        Reductions.Fold f = Reductions.fold(t, m);
        return Reductions.finish(along(f.t(), f.dim()), Reductions.reducedShape(t.shapeRef(), m, keepDim));
    }

    /** Product along {@code dim}, which is removed; an empty lane gives 1. */
    static Tensor along(Tensor x, int dim) {
        Tensor out = Tensor.empty(x.dtype(), Reductions.without(x.shapeRef(), dim));
        ReduceKernels.prod(x.storage(), Reductions.lanes(x, dim), x.stridesRef()[dim], x.shapeRef()[dim], out.storage());
        return Tensor.recording(x) ? out.withGradFn(new ProdBackward(x, out, dim)) : out;
    }

    /**
     * The product of the other elements of each lane, as a differentiable expression: the lane is
     * repeated as the rows of an n×n matrix whose diagonal is set to 1, and each row is multiplied
     * out. O(n²) per lane, so it is only used to differentiate twice through inputs holding zeros.
     */
    static Tensor othersProduct(Tensor x, int dim) {
        int rank = x.dim();
        int n = x.shapeRef()[dim];
        Tensor lastDim = x.transpose(dim, rank - 1);
        int[] square = java.util.Arrays.copyOf(lastDim.shapeRef(), rank + 1);
        square[rank] = n;
        Tensor rows = lastDim.unsqueeze(rank - 1).expand(square);
        Tensor masked = Tensor.where(Tensor.eye(x.dtype(), n), Tensor.ones(x.dtype()), rows);
        return masked.prod(rank, false).transpose(dim, rank - 1);
    }

    static final class ProdBackward extends Node {
        private final Saved x;
        private final Saved out;
        private final int dim;

        ProdBackward(Tensor x, Tensor out, int dim) {
            super(x);
            this.x = save(x);
            this.out = save(out);
            this.dim = dim;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xv = x.get();
            if (!GradMode.isEnabled()) {
                // One pass of prefix and suffix products: exact with zeros, no division.
                Tensor gc = Dispatch.contiguous(g);
                int[] shape = xv.shapeRef();
                Tensor dx = Tensor.empty(xv.dtype(), shape);
                ReduceKernels.prodBackward(xv.storage(), Reductions.lanes(xv, dim), xv.stridesRef()[dim], shape[dim],
                        gc.storage(), gc.offset(), dx.storage(), Reductions.contiguousLanes(shape, dim),
                        Shape.contiguousStrides(shape)[dim]);
                return new Tensor[] {dx};
            }
            Tensor gk = g.unsqueeze(dim);
            boolean hasZero = xv.eq(0.0).sum().item() > 0;
            Tensor others = hasZero ? othersProduct(xv, dim) : out.get().unsqueeze(dim).div(xv);
            return new Tensor[] {gk.mul(others)};
        }
    }
}
