package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Reductions over dimensions, with keepDim as in PyTorch; null dims means all. sum and mean live
 * here; prod ({@link Prod}), max/min/argmax/argmin ({@link Extrema}), var/std ({@link Moments}) and
 * softmax/logSoftmax/logsumexp ({@link Softmax}) each have their own file, with their loops in
 * {@link ReduceKernels}. Those reduce one dimension at a time: several dims, or all of them, are first
 * merged into one by {@link #fold}, so that each backward formula only handles the one-dimension case.
 */
public final class Reductions {
    private Reductions() {}

    /** Which dims a reduction covers; null or empty dims means all (PyTorch's sum()). */
    static boolean[] mask(String op, int[] dims, int rank) {
        boolean[] m = new boolean[rank];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(m, true);
            return m;
        }
        for (int d : dims) {
            int k = Shape.dim(op, d, rank);
            if (rank == 0) {
                continue; // a scalar accepts dim 0 or -1, as in PyTorch, and has nothing to reduce
            }
            if (m[k]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears twice");
            }
            m[k] = true;
        }
        return m;
    }

    /** The reduced shape, with or without the reduced dims. */
    static int[] reducedShape(int[] shape, boolean[] m, boolean keepDim) {
        int count = 0;
        for (int d = 0; d < shape.length; d++) {
            if (keepDim || !m[d]) {
                count++;
            }
        }
        int[] out = new int[count];
        int j = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!m[d]) {
                out[j++] = shape[d];
            } else if (keepDim) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /** Sum over dims. */
    public static Tensor sum(Tensor t, int[] dims, boolean keepDim) {
        boolean[] m = mask("sum", dims, t.dim());
        Tensor kept = Dispatch.sumKeepDims(t, m);
        int[] outShape = reducedShape(t.shapeRef(), m, keepDim);
        Tensor out = keepDim ? kept : new Tensor(kept.storage(), kept.dtype(), outShape, Shape.contiguousStrides(outShape), 0);
        return Tensor.recording(t) ? out.withGradFn(new SumBackward(t, m, keepDim)) : out;
    }

    /** The gradient of a sum is the output gradient broadcast back over the summed dims. */
    static final class SumBackward extends Node {
        private final int[] shape;
        private final boolean[] mask;
        private final boolean keepDim;

        SumBackward(Tensor t, boolean[] mask, boolean keepDim) {
            super(t);
            this.shape = t.shapeRef();
            this.mask = mask;
            this.keepDim = keepDim;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gk = keepDim ? g : g.reshape(reducedShape(shape, mask, true));
            return new Tensor[] {gk.expand(shape)};
        }
    }

    /** Mean over dims. */
    public static Tensor mean(Tensor t, int[] dims, boolean keepDim) {
        boolean[] m = mask("mean", dims, t.dim());
        long count = 1;
        for (int d = 0; d < m.length; d++) {
            if (m[d]) {
                count *= t.shapeRef()[d];
            }
        }
        return sum(t, dims, keepDim).mul(1.0 / count);
    }

    /** Product over dims (null: all); see {@link Prod}. */
    public static Tensor prod(Tensor t, int[] dims, boolean keepDim) {
        return Prod.prod(t, dims, keepDim);
    }

    /** Max over dims (null: all); see {@link Extrema}. */
    public static Tensor max(Tensor t, int[] dims, boolean keepDim) {
        return Extrema.reduce("max", t, dims, keepDim, true);
    }

    /** Min over dims (null: all); see {@link Extrema}. */
    public static Tensor min(Tensor t, int[] dims, boolean keepDim) {
        return Extrema.reduce("min", t, dims, keepDim, false);
    }

    /** Index of the first maximum along dim, as floating-point values; see {@link Extrema}. */
    public static Tensor argmax(Tensor t, int dim, boolean keepDim) {
        return Extrema.arg("argmax", t, dim, keepDim, true);
    }

    /** Index of the first minimum along dim; see {@link Extrema}. */
    public static Tensor argmin(Tensor t, int dim, boolean keepDim) {
        return Extrema.arg("argmin", t, dim, keepDim, false);
    }

    /** Variance with divisor N − correction; see {@link Moments}. */
    public static Tensor var(Tensor t, int[] dims, int correction, boolean keepDim) {
        return Moments.reduce("var", t, dims, correction, keepDim, false);
    }

    /** Standard deviation with divisor N − correction; see {@link Moments}. */
    public static Tensor std(Tensor t, int[] dims, int correction, boolean keepDim) {
        return Moments.reduce("std", t, dims, correction, keepDim, true);
    }

    /** log Σ exp along dim, stable; see {@link Softmax}. */
    public static Tensor logsumexp(Tensor t, int dim, boolean keepDim) {
        return Softmax.logsumexp(t, dim, keepDim);
    }

    /** Softmax along dim; see {@link Softmax}. */
    public static Tensor softmax(Tensor t, int dim) {
        return Softmax.softmax(t, dim, false);
    }

    /** Log-softmax along dim; see {@link Softmax}. */
    public static Tensor logSoftmax(Tensor t, int dim) {
        return Softmax.softmax(t, dim, true);
    }

    // ---------------------------------------------------------------- shared by the reductions along one dim

    /** A tensor whose dimension {@code dim} holds, merged, all the dims a reduction covers. */
    record Fold(Tensor t, int dim) {}

    /**
     * Rearranges {@code t} (differentiably) so that one dimension holds every element a reduction over
     * the dims of {@code m} combines: reducing that one dimension then leaves the kept dims in order.
     * One reduced dim is used as it is; several are moved last and merged (a copy only when the
     * strides do not allow a view); a scalar becomes a 1-element vector.
     */
    static Fold fold(Tensor t, boolean[] m) {
        int rank = t.dim();
        if (rank == 0) {
            return new Fold(t.reshape(1), 0);
        }
        int reduced = 0;
        int last = -1;
        for (int d = 0; d < rank; d++) {
            if (m[d]) {
                reduced++;
                last = d;
            }
        }
        if (reduced == 1) {
            return new Fold(t, last);
        }
        if (reduced == rank) {
            return new Fold(t.reshape(-1), 0);
        }
        int[] perm = new int[rank];
        int[] merged = new int[rank - reduced + 1];
        int j = 0;
        for (int d = 0; d < rank; d++) {
            if (!m[d]) {
                merged[j] = t.shapeRef()[d];
                perm[j++] = d;
            }
        }
        int inner = 1;
        for (int d = 0; d < rank; d++) {
            if (m[d]) {
                inner *= t.shapeRef()[d];
                perm[j++] = d;
            }
        }
        merged[rank - reduced] = inner;
        return new Fold(t.permute(perm).reshape(merged), rank - reduced);
    }

    /** {@code r} reshaped to {@code shape} (no node when it already has that shape). */
    static Tensor finish(Tensor r, int[] shape) {
        return java.util.Arrays.equals(r.shapeRef(), shape) ? r : r.reshape(shape);
    }

    /** {@code shape} without dimension {@code dim}. */
    static int[] without(int[] shape, int dim) {
        int[] r = new int[shape.length - 1];
        System.arraycopy(shape, 0, r, 0, dim);
        System.arraycopy(shape, dim + 1, r, dim, shape.length - dim - 1);
        return r;
    }

    /** Lane starts of {@code x} along {@code dim}. */
    static int[] lanes(Tensor x, int dim) {
        return Lanes.starts(x.shapeRef(), x.stridesRef(), x.offset(), dim);
    }

    /** Lane starts of a contiguous tensor of {@code shape} along {@code dim}. */
    static int[] contiguousLanes(int[] shape, int dim) {
        return Lanes.starts(shape, Shape.contiguousStrides(shape), 0, dim);
    }
}
