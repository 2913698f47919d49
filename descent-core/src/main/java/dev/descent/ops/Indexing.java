package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Gathering and scattering by index, as in PyTorch. Index tensors hold whole numbers in a floating
 * type (Descent has no integer tensors); values are checked to be integers within the dimension.
 * Every op here is out of place and differentiable to any order: the backward of each is written with
 * another op of this file (index_select ↔ index_add, gather ↔ scatter_add). Indices and masks are saved
 * like any input, so changing them in place before backward is reported rather than silently used.
 */
public final class Indexing {
    private Indexing() {}

    /**
     * {@code index_select}: the slices {@code index[0], index[1], ...} of {@code t} along {@code dim}.
     * {@code index} is 1-D (or a scalar, which acts as one index); the result has {@code t}'s shape with
     * dimension {@code dim} of size {@code index.numel()}.
     */
    public static Tensor indexSelect(Tensor t, int dim, Tensor index) {
        String op = "indexSelect";
        if (index.dim() > 1) {
            throw new IllegalArgumentException(op + ": index must be 1-D (or a scalar), got shape " + Shape.str(index.shapeRef()));
        }
        if (t.dim() == 0) {
            Shape.dim(op, dim, 0);
            if (index.numel() != 1) {
                throw new IllegalArgumentException(op + ": a scalar input takes exactly one index, got shape "
                        + Shape.str(index.shapeRef()));
            }
            return indexSelect(t.reshape(1), 0, index.reshape(1)).reshape();
        }
        int d = Shape.dim(op, dim, t.dim());
        int[] idx = readIndex(op, index, t.shapeRef(), d);
        int[] shape = t.shape();
        shape[d] = idx.length;
        Tensor out = Tensor.empty(t.dtype(), shape);
        IndexKernels.gather(shape, d, idx, false, t.storage(), t.offset(), t.stridesRef(), out.storage());
        return Tensor.recording(t) ? out.withGradFn(new IndexSelectBackward(t, d, index)) : out;
    }

    /** d(index_select) = index_add of g into zeros. */
    static final class IndexSelectBackward extends Node {
        private final int[] shape;
        private final int dim;
        private final Saved index;

        IndexSelectBackward(Tensor t, int dim, Tensor index) {
            super(t);
            this.shape = t.shapeRef();
            this.dim = dim;
            this.index = save(index.detach());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {indexAdd(Tensor.zeros(g.dtype(), shape), dim, index.get(), g)};
        }
    }

    /**
     * {@code index_add} out of place: a copy of {@code t} with slice {@code i} of {@code src} along
     * {@code dim} added to slice {@code index[i]}; repeated indices accumulate. {@code src} has
     * {@code t}'s shape with dimension {@code dim} of size {@code index.numel()}.
     */
    public static Tensor indexAdd(Tensor t, int dim, Tensor index, Tensor src) {
        String op = "indexAdd";
        if (index.dim() > 1) {
            throw new IllegalArgumentException(op + ": index must be 1-D (or a scalar), got shape " + Shape.str(index.shapeRef()));
        }
        checkSameType(op, t, src);
        if (t.dim() == 0) {
            Shape.dim(op, dim, 0);
            return indexAdd(t.reshape(1), 0, index.reshape(-1), src.reshape(-1)).reshape();
        }
        int d = Shape.dim(op, dim, t.dim());
        int[] idx = readIndex(op, index, t.shapeRef(), d);
        int[] expected = t.shape();
        expected[d] = idx.length;
        if (!Arrays.equals(expected, src.shapeRef())) {
            throw new IllegalArgumentException(op + ": source of shape " + Shape.str(src.shapeRef()) + " does not fit "
                    + idx.length + " indices into dimension " + d + " of shape " + Shape.str(t.shapeRef())
                    + " (expected source shape " + Shape.str(expected) + ")");
        }
        Tensor out = Dispatch.copy(t);
        IndexKernels.scatterAdd(expected, d, idx, false, src.storage(), src.offset(), src.stridesRef(),
                out.storage(), 0, out.stridesRef());
        return Tensor.recording(t, src) ? out.withGradFn(new IndexAddBackward(t, src, d, index)) : out;
    }

    /** d(index_add) = (g, index_select of g). */
    static final class IndexAddBackward extends Node {
        private final int dim;
        private final Saved index;

        IndexAddBackward(Tensor t, Tensor src, int dim, Tensor index) {
            super(t, src);
            this.dim = dim;
            this.index = save(index.detach());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? g : null, needsGrad(1) ? g.indexSelect(dim, index.get()) : null};
        }
    }

    /**
     * {@code gather}: {@code out[i][j][k] = t[i][index[i][j][k]][k]} for {@code dim = 1}. {@code index}
     * has {@code t}'s rank and no dimension larger than {@code t}'s except along {@code dim}; the result
     * has the index's shape.
     */
    public static Tensor gather(Tensor t, int dim, Tensor index) {
        String op = "gather";
        if (t.dim() == 0 || index.dim() == 0) {
            return gather(atLeast1d(t), rank0Dim(op, dim, t), atLeast1d(index)).reshape(index.shapeRef());
        }
        int d = Shape.dim(op, dim, t.dim());
        checkIndexShape(op, t, index, d, null);
        int[] idx = readIndex(op, index, t.shapeRef(), d);
        Tensor out = Tensor.empty(t.dtype(), index.shapeRef());
        IndexKernels.gather(index.shapeRef(), d, idx, true, t.storage(), t.offset(), t.stridesRef(), out.storage());
        return Tensor.recording(t) ? out.withGradFn(new GatherBackward(t, d, index)) : out;
    }

    /** d(gather) = scatter_add of g into zeros. */
    static final class GatherBackward extends Node {
        private final int[] shape;
        private final int dim;
        private final Saved index;

        GatherBackward(Tensor t, int dim, Tensor index) {
            super(t);
            this.shape = t.shapeRef();
            this.dim = dim;
            this.index = save(index.detach());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {scatterAdd(Tensor.zeros(g.dtype(), shape), dim, index.get(), g)};
        }
    }

    /**
     * {@code scatter_add} out of place: a copy of {@code t} with {@code src[i][j][k]} added at
     * {@code [i][index[i][j][k]][k]} for {@code dim = 1}; repeated indices accumulate. Only the part of
     * {@code src} covered by the index's shape is used, as in PyTorch.
     */
    public static Tensor scatterAdd(Tensor t, int dim, Tensor index, Tensor src) {
        String op = "scatterAdd";
        checkSameType(op, t, src);
        if (t.dim() == 0 || index.dim() == 0 || src.dim() == 0) {
            return scatterAdd(atLeast1d(t), rank0Dim(op, dim, t), atLeast1d(index), atLeast1d(src)).reshape(t.shapeRef());
        }
        int d = Shape.dim(op, dim, t.dim());
        checkIndexShape(op, t, index, d, src);
        int[] idx = readIndex(op, index, t.shapeRef(), d);
        Tensor out = Dispatch.copy(t);
        IndexKernels.scatterAdd(index.shapeRef(), d, idx, true, src.storage(), src.offset(), src.stridesRef(),
                out.storage(), 0, out.stridesRef());
        return Tensor.recording(t, src) ? out.withGradFn(new ScatterAddBackward(t, src, d, index)) : out;
    }

    /** d(scatter_add) = (g, gather of g, zero-padded to src's shape when the index covers only part of it). */
    static final class ScatterAddBackward extends Node {
        private final int[] srcShape;
        private final int dim;
        private final Saved index;

        ScatterAddBackward(Tensor t, Tensor src, int dim, Tensor index) {
            super(t, src);
            this.srcShape = src.shapeRef();
            this.dim = dim;
            this.index = save(index.detach());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gs = null;
            if (needsGrad(1)) {
                gs = g.gather(dim, index.get());
                for (int d = 0; d < srcShape.length; d++) {
                    int missing = srcShape[d] - gs.shapeRef()[d];
                    if (missing > 0) {
                        int[] pad = gs.shape();
                        pad[d] = missing;
                        gs = Joining.cat(java.util.List.of(gs, Tensor.zeros(gs.dtype(), pad)), d);
                    }
                }
            }
            return new Tensor[] {needsGrad(0) ? g : null, gs};
        }
    }

    /**
     * {@code masked_fill} out of place: {@code value} where {@code mask} is 1, {@code t} elsewhere.
     * {@code mask} holds 0/1 and broadcasts with {@code t}; the result has the broadcast shape.
     */
    public static Tensor maskedFill(Tensor t, Tensor mask, double value) {
        String op = "maskedFill";
        int[] shape = Shape.broadcast(op, t.shapeRef(), mask.shapeRef());
        Tensor m = Dispatch.contiguous(mask.detach().expand(shape));
        int n = m.numel();
        for (int i = 0; i < n; i++) {
            double v = Loops.read(m.storage(), m.offset() + i);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(op + ": mask must hold 0 or 1, found " + v + " at flat position " + i
                        + " of the broadcast shape " + Shape.str(shape));
            }
        }
        Tensor x = Dispatch.contiguous(t.detach().expand(shape));
        Tensor out = Tensor.empty(t.dtype(), shape);
        IndexKernels.maskedFill(n, x.storage(), x.offset(), m.storage(), m.offset(), value, out.storage());
        // the node keeps the mask as given (not its broadcast copy): where() broadcasts it again in backward
        return Tensor.recording(t) ? out.withGradFn(new MaskedFillBackward(t, mask.detach())) : out;
    }

    /** d(masked_fill) = g with zeros where the mask is set, summed back to t's shape. */
    static final class MaskedFillBackward extends Node {
        private final int[] shape;
        private final Saved mask;

        MaskedFillBackward(Tensor t, Tensor mask) {
            super(t);
            this.shape = t.shapeRef();
            this.mask = save(mask);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {Grads.reduceTo(Tensor.where(mask.get(), Tensor.zeros(g.dtype()), g), shape, null)};
        }
    }

    // ---------------------------------------------------------------- validation

    private static Tensor atLeast1d(Tensor t) {
        return t.dim() == 0 ? t.reshape(1) : t;
    }

    private static int rank0Dim(String op, int dim, Tensor t) {
        return Shape.dim(op, dim, Math.max(t.dim(), 1));
    }

    private static void checkSameType(String op, Tensor t, Tensor src) {
        if (t.dtype() != src.dtype()) {
            throw new IllegalArgumentException(op + ": the tensor is " + t.dtype() + " but the source is " + src.dtype()
                    + "; convert one with to(dtype)");
        }
    }

    /** gather/scatter_add shape rules: same rank; index no larger than t off {@code dim}, nor than src anywhere. */
    private static void checkIndexShape(String op, Tensor t, Tensor index, int dim, Tensor src) {
        int[] ts = t.shapeRef();
        int[] is = index.shapeRef();
        if (is.length != ts.length || (src != null && src.dim() != ts.length)) {
            throw new IllegalArgumentException(op + ": index" + (src != null ? ", source" : "") + " and tensor must have"
                    + " the same rank, got index " + Shape.str(is) + (src != null ? ", source " + Shape.str(src.shapeRef()) : "")
                    + " and tensor " + Shape.str(ts));
        }
        for (int d = 0; d < ts.length; d++) {
            if (d != dim && is[d] > ts[d]) {
                throw new IllegalArgumentException(op + ": index " + Shape.str(is) + " is larger than the tensor "
                        + Shape.str(ts) + " in dimension " + d + " (only dimension " + dim + " may differ)");
            }
            if (src != null && is[d] > src.shapeRef()[d]) {
                throw new IllegalArgumentException(op + ": index " + Shape.str(is) + " is larger than the source "
                        + Shape.str(src.shapeRef()) + " in dimension " + d);
            }
        }
    }

    /** The index values as ints, row-major; each must be a whole number in [0, size of dim). */
    static int[] readIndex(String op, Tensor index, int[] shape, int dim) {
        double[] v = index.toDoubleArray();
        int size = shape[dim];
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (x != Math.rint(x) || Double.isInfinite(x)) {
                throw new IllegalArgumentException(op + ": index " + x + " at " + where(i, index.shapeRef())
                        + " is not a whole number; indices are integer values stored as floating point");
            }
            if (x < 0 || x >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + (long) x + " at " + where(i, index.shapeRef())
                        + " is out of range for dimension " + dim + " of size " + size + " (tensor shape "
                        + Shape.str(shape) + ")");
            }
            out[i] = (int) x;
        }
        return out;
    }

    private static String where(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "position " + Arrays.toString(idx);
    }
}
