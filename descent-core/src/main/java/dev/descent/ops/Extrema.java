package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * max, min, argmax and argmin. Gradients follow PyTorch: over one dimension the gradient goes to the
 * selected element (the first occurrence of the extreme value); a full reduction, or one over several
 * dims, shares it evenly among all elements equal to the result. NaN counts as the extreme value.
 */
public final class Extrema {
    private Extrema() {}

    /** max/min over {@code dims} (null or empty: all). */
    static Tensor reduce(String op, Tensor t, int[] dims, boolean keepDim, boolean max) {
        boolean[] m = Reductions.mask(op, dims, t.dim());
        checkNotEmpty(op, t, m, dims);
        boolean byIndex = dims != null && dims.length == 1 && t.dim() > 0;
        Reductions.Fold f = Reductions.fold(t, m);
        Tensor r = along(f.t(), f.dim(), max, byIndex);
        return Reductions.finish(r, Reductions.reducedShape(t.shapeRef(), m, keepDim));
    }

    /** argmax/argmin along {@code dim} (first occurrence), in the input's floating-point type. */
    static Tensor arg(String op, Tensor t, int dim, boolean keepDim, boolean max) {
        int[] dims = {dim};
        boolean[] m = Reductions.mask(op, dims, t.dim());
        checkNotEmpty(op, t, m, dims);
        Tensor x = t.dim() == 0 ? t.detach().reshape(1) : t.detach();
        int d = t.dim() == 0 ? 0 : Shape.dim(op, dim, t.dim());
        Tensor idx = Tensor.empty(t.dtype(), Reductions.without(x.shapeRef(), d));
        ReduceKernels.extreme(x.storage(), Reductions.lanes(x, d), x.stridesRef()[d], x.shapeRef()[d], max,
                null, idx.storage());
        return Reductions.finish(idx, Reductions.reducedShape(t.shapeRef(), m, keepDim));
    }

    private static void checkNotEmpty(String op, Tensor t, boolean[] m, int[] dims) {
        int[] shape = t.shapeRef();
        for (int d = 0; d < shape.length; d++) {
            if (m[d] && shape[d] == 0) {
                String what = dims == null || dims.length == 0
                        ? "a tensor with no elements (shape " + Shape.str(shape) + "); give a dimension whose size is not 0"
                        : "dimension " + d + " of size 0 (shape " + Shape.str(shape) + ")";
                throw new IllegalArgumentException(op + "(): cannot reduce over " + what
                        + ": the operation has no identity");
            }
        }
    }

    /** Extreme along {@code dim} (removed); the backward selects by index or shares among ties. */
    private static Tensor along(Tensor x, int dim, boolean max, boolean byIndex) {
        int[] shape = Reductions.without(x.shapeRef(), dim);
        Tensor values = Tensor.empty(x.dtype(), shape);
        boolean record = Tensor.recording(x);
        // Indices are kept in float64 so that they stay exact whatever the size of the dimension.
        Tensor idx = record && byIndex ? Tensor.empty(DType.FLOAT64, shape) : null;
        ReduceKernels.extreme(x.storage(), Reductions.lanes(x, dim), x.stridesRef()[dim], x.shapeRef()[dim], max,
                values.storage(), idx == null ? null : idx.storage());
        if (!record) {
            return values;
        }
        Node node = byIndex ? new SelectedBackward(x, idx, dim, max) : new TiesBackward(x, values, dim, max);
        return values.withGradFn(node);
    }

    /** The gradient goes to the selected position: zeros with g scattered in at the indices. */
    static final class SelectedBackward extends Node {
        private final int[] shape;
        private final Tensor idx;
        private final int dim;
        private final boolean max;

        SelectedBackward(Tensor x, Tensor idx, int dim, boolean max) {
            super(x);
            this.shape = x.shapeRef();
            this.idx = pinned(idx); // kept outside save(): its storage must never be recycled
            this.dim = dim;
            this.max = max;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor zeros = Tensor.zeros(g.dtype(), shape);
            return new Tensor[] {zeros.scatterAdd(dim, idx.unsqueeze(dim), g.unsqueeze(dim))};
        }

        @Override
        public String name() {
            return max ? "MaxBackward" : "MinBackward";
        }
    }

    /** The gradient is shared evenly among the elements equal to the result. */
    static final class TiesBackward extends Node {
        private final Saved x;
        private final Saved values;
        private final int dim;
        private final boolean max;

        TiesBackward(Tensor x, Tensor values, int dim, boolean max) {
            super(x);
            this.x = save(x);
            this.values = save(values);
            this.dim = dim;
            this.max = max;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xv = x.get();
            Tensor ext = Dispatch.contiguous(values.get());
            int[] shape = xv.shapeRef();
            Tensor mask = Tensor.empty(xv.dtype(), shape);
            ReduceKernels.matches(xv.storage(), Reductions.lanes(xv, dim), xv.stridesRef()[dim], shape[dim],
                    ext.storage(), ext.offset(), mask.storage(), Reductions.contiguousLanes(shape, dim),
                    Shape.contiguousStrides(shape)[dim]);
            Tensor count = mask.sum(dim, true);
            return new Tensor[] {mask.mul(g.unsqueeze(dim).div(count))};
        }

        @Override
        public String name() {
            return max ? "MaxBackward" : "MinBackward";
        }
    }
}
