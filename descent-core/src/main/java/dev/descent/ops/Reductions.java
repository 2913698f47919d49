package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** Reductions over dimensions, with keepDim as in PyTorch; null dims means all. */
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

    /** Product over dims. */
    public static Tensor prod(Tensor t, int[] dims, boolean keepDim) {
        throw new UnsupportedOperationException("prod: not implemented yet");
    }

    /** Max over dims. */
    public static Tensor max(Tensor t, int[] dims, boolean keepDim) {
        throw new UnsupportedOperationException("max: not implemented yet");
    }

    /** Min over dims. */
    public static Tensor min(Tensor t, int[] dims, boolean keepDim) {
        throw new UnsupportedOperationException("min: not implemented yet");
    }

    /** Argmax along dim. */
    public static Tensor argmax(Tensor t, int dim, boolean keepDim) {
        throw new UnsupportedOperationException("argmax: not implemented yet");
    }

    /** Argmin along dim. */
    public static Tensor argmin(Tensor t, int dim, boolean keepDim) {
        throw new UnsupportedOperationException("argmin: not implemented yet");
    }

    /** Variance. */
    public static Tensor var(Tensor t, int[] dims, int correction, boolean keepDim) {
        throw new UnsupportedOperationException("var: not implemented yet");
    }

    /** Standard deviation. */
    public static Tensor std(Tensor t, int[] dims, int correction, boolean keepDim) {
        throw new UnsupportedOperationException("std: not implemented yet");
    }

    /** log-sum-exp along dim. */
    public static Tensor logsumexp(Tensor t, int dim, boolean keepDim) {
        throw new UnsupportedOperationException("logsumexp: not implemented yet");
    }

    /** Softmax along dim. */
    public static Tensor softmax(Tensor t, int dim) {
        throw new UnsupportedOperationException("softmax: not implemented yet");
    }

    /** Log-softmax along dim. */
    public static Tensor logSoftmax(Tensor t, int dim) {
        throw new UnsupportedOperationException("logSoftmax: not implemented yet");
    }
}
