package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** Views (no copy) and copies, with their backward. */
public final class Views {
    private Views() {}

    private static Tensor view(Tensor src, int[] shape, int[] strides, int offset) {
        return new Tensor(src.storage(), src.dtype(), shape, strides, offset);
    }

    private static int[] inferShape(String op, Tensor t, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Shape.str(newShape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + s[i] + " in " + Shape.str(newShape));
            } else {
                known *= s[i];
            }
        }
        int n = t.numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Shape.str(newShape) + " is invalid for a tensor of "
                        + n + " elements (shape " + Shape.str(t.shapeRef()) + ")");
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(newShape) + " is invalid for a tensor of "
                    + n + " elements (shape " + Shape.str(t.shapeRef()) + ")");
        }
        return s;
    }

    /**
     * Strides that let a tensor with {@code shape}/{@code strides} be read as {@code newShape} without
     * copying, or null when impossible (PyTorch's rule: each group of merged dims must be contiguous).
     */
    static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        int n = Shape.numel(shape);
        if (n == 0 || Shape.isContiguous(shape, strides)) {
            return Shape.contiguousStrides(newShape);
        }
        int[] out = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides.length == 0 ? 1 : strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    out[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
    }

    /** Reshape: a view when possible, else a copy. */
    public static Tensor reshape(Tensor t, int[] newShape) {
        int[] s = inferShape("reshape", t, newShape);
        int[] st = viewStrides(t.shapeRef(), t.stridesRef(), s);
        Tensor base = t;
        if (st == null) {
            base = copy(t);
            st = Shape.contiguousStrides(s);
        }
        Tensor out = view(base, s, st, base.offset());
        return Tensor.recording(base) ? out.withGradFn(new ReshapeBackward(base)) : out;
    }

    /** View with a new shape; an error when the strides do not allow it. */
    public static Tensor view(Tensor t, int[] newShape) {
        int[] s = inferShape("view", t, newShape);
        int[] st = viewStrides(t.shapeRef(), t.stridesRef(), s);
        if (st == null) {
            throw new IllegalArgumentException("view: shape " + Shape.str(newShape) + " is not compatible with the strides "
                    + Shape.str(t.stridesRef()) + " of this tensor; use reshape() (which copies) or contiguous() first");
        }
        Tensor out = view(t, s, st, t.offset());
        return Tensor.recording(t) ? out.withGradFn(new ReshapeBackward(t)) : out;
    }

    static final class ReshapeBackward extends Node {
        private final int[] shape;

        ReshapeBackward(Tensor t) {
            super(t);
            shape = t.shapeRef();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(shape)};
        }
    }

    /** Swaps two dims. */
    public static Tensor transpose(Tensor t, int d0, int d1) {
        int rank = t.dim();
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        if (rank == 0) {
            return t;
        }
        int a = Shape.dim("transpose", d0, rank);
        int b = Shape.dim("transpose", d1, rank);
        perm[a] = b;
        perm[b] = a;
        return permute(t, perm);
    }

    /** Reorders dims. */
    public static Tensor permute(Tensor t, int[] dims) {
        int rank = t.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: " + dims.length + " dims given for a tensor of rank " + rank);
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shape.dim("permute", dims[i], rank);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dimension " + d + " repeated in " + Arrays.toString(dims));
            }
            seen[d] = true;
            shape[i] = t.shapeRef()[d];
            strides[i] = t.stridesRef()[d];
            inverse[d] = i;
        }
        Tensor out = view(t, shape, strides, t.offset());
        return Tensor.recording(t) ? out.withGradFn(new PermuteBackward(t, inverse)) : out;
    }

    static final class PermuteBackward extends Node {
        private final int[] inverse;

        PermuteBackward(Tensor t, int[] inverse) {
            super(t);
            this.inverse = inverse;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.permute(inverse)};
        }
    }

    /** Drops all size-1 dims. */
    public static Tensor squeeze(Tensor t) {
        int[] s = t.shapeRef();
        int count = 0;
        for (int d : s) {
            if (d != 1) {
                count++;
            }
        }
        int[] shape = new int[count];
        int[] strides = new int[count];
        int j = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 1) {
                shape[j] = s[i];
                strides[j++] = t.stridesRef()[i];
            }
        }
        Tensor out = view(t, shape, strides, t.offset());
        return Tensor.recording(t) ? out.withGradFn(new ReshapeBackward(t)) : out;
    }

    /** Drops dim {@code dim} if it has size 1. */
    public static Tensor squeeze(Tensor t, int dim) {
        if (t.dim() == 0) {
            return t;
        }
        int d = Shape.dim("squeeze", dim, t.dim());
        if (t.shapeRef()[d] != 1) {
            return t;
        }
        int[] shape = remove(t.shapeRef(), d);
        int[] strides = remove(t.stridesRef(), d);
        Tensor out = view(t, shape, strides, t.offset());
        return Tensor.recording(t) ? out.withGradFn(new ReshapeBackward(t)) : out;
    }

    /** Inserts a size-1 dim. */
    public static Tensor unsqueeze(Tensor t, int dim) {
        int rank = t.dim();
        int d = Shape.dim("unsqueeze", dim, rank + 1);
        int[] shape = new int[rank + 1];
        int[] strides = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < rank ? t.stridesRef()[d] * t.shapeRef()[d] : 1;
            } else {
                shape[i] = t.shapeRef()[j];
                strides[i] = t.stridesRef()[j++];
            }
        }
        Tensor out = view(t, shape, strides, t.offset());
        return Tensor.recording(t) ? out.withGradFn(new ReshapeBackward(t)) : out;
    }

    private static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    /** Broadcast view: size-1 dims stretched with stride 0. */
    public static Tensor expand(Tensor t, int[] sizes) {
        int[] s = t.shapeRef();
        if (sizes.length < s.length) {
            throw new IllegalArgumentException("expand: the number of sizes " + Shape.str(sizes)
                    + " must be at least the rank of the tensor " + Shape.str(s));
        }
        int lead = sizes.length - s.length;
        int[] shape = new int[sizes.length];
        int[] strides = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int want = sizes[i];
            if (i < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 not allowed for a new leading dimension in " + Shape.str(sizes));
                }
                shape[i] = want;
                strides[i] = 0;
            } else {
                int have = s[i - lead];
                if (want == -1 || want == have) {
                    shape[i] = have;
                    strides[i] = t.stridesRef()[i - lead];
                } else if (have == 1) {
                    shape[i] = want;
                    strides[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(s) + " to "
                            + Shape.str(sizes) + " (dimension " + i + " has size " + have + ", not 1)");
                }
            }
        }
        if (Arrays.equals(shape, s)) {
            return t;
        }
        Tensor out = view(t, shape, strides, t.offset());
        return Tensor.recording(t) ? out.withGradFn(new ExpandBackward(t)) : out;
    }

    static final class ExpandBackward extends Node {
        private final int[] shape;
        private final DType dtype;

        ExpandBackward(Tensor t) {
            super(t);
            shape = t.shapeRef();
            dtype = t.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {Grads.reduceTo(g, shape, dtype)};
        }
    }

    /** Narrow along dim. */
    public static Tensor narrow(Tensor t, int dim, int start, int length) {
        requireDims("narrow", t);
        int d = Shape.dim("narrow", dim, t.dim());
        int size = t.shapeRef()[d];
        if (start < 0) {
            start += size;
        }
        if (start < 0 || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                    + " out of range for dimension " + d + " of size " + size);
        }
        return slice(t, d, start, start + length, 1);
    }

    /** Python-style slice {@code [start:end:step]} (negative start/end count from the end; clamped). */
    public static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        requireDims("slice", t);
        int d = Shape.dim("slice", dim, t.dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = t.shapeRef()[d];
        int s = start < 0 ? Math.max(0, start + size) : Math.min(start, size);
        int e = end < 0 ? Math.max(0, end + size) : Math.min(end, size);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] shape = t.shape();
        int[] strides = t.strides();
        shape[d] = len;
        int offset = t.offset() + s * strides[d];
        strides[d] *= step;
        Tensor out = view(t, shape, strides, offset);
        return Tensor.recording(t) ? out.withGradFn(new SliceBackward(t, d, s, step)) : out;
    }

    static final class SliceBackward extends Node {
        private final int[] shape;
        private final DType dtype;
        private final int dim;
        private final int start;
        private final int step;

        SliceBackward(Tensor t, int dim, int start, int step) {
            super(t);
            shape = t.shapeRef();
            dtype = t.dtype();
            this.dim = dim;
            this.start = start;
            this.step = step;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {embed(g, shape, dtype, dim, start, step)};
        }
    }

    /** Zeros of {@code shape} with {@code g} written into the slice {@code [start::step]} of {@code dim}. */
    static Tensor embed(Tensor g, int[] shape, DType dtype, int dim, int start, int step) {
        Tensor out = Tensor.zeros(dtype, shape);
        Tensor target = new Tensor(out.storage(), dtype, g.shapeRef(), sliceStrides(out, dim, step),
                start * out.stridesRef()[dim]);
        Dispatch.copyInto(g, target);
        return Tensor.recording(g) ? out.withGradFn(new EmbedBackward(g, dim, start, step)) : out;
    }

    private static int[] sliceStrides(Tensor t, int dim, int step) {
        int[] s = t.strides();
        s[dim] *= step;
        return s;
    }

    static final class EmbedBackward extends Node {
        private final int dim;
        private final int start;
        private final int len;
        private final int step;

        EmbedBackward(Tensor g, int dim, int start, int step) {
            super(g);
            this.dim = dim;
            this.start = start;
            this.len = g.shapeRef()[dim];
            this.step = step;
        }

        @Override
        protected Tensor[] backward(Tensor gg) {
            return new Tensor[] {gg.slice(dim, start, start + (len - 1) * step + 1, step)};
        }
    }

    /** A scalar has no dimension to index: say so rather than fail on an empty shape array. */
    private static void requireDims(String op, Tensor t) {
        if (t.dim() == 0) {
            throw new IllegalArgumentException(op + "() cannot be applied to a scalar (shape []); reshape(1) it first");
        }
    }

    /** Index along dim, dropping it. */
    public static Tensor select(Tensor t, int dim, int index) {
        requireDims("select", t);
        int d = Shape.dim("select", dim, t.dim());
        int size = t.shapeRef()[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + d
                    + " of size " + size);
        }
        return slice(t, d, i, i + 1, 1).squeeze(d);
    }

    /** Merge dims start..end. */
    public static Tensor flatten(Tensor t, int startDim, int endDim) {
        int rank = t.dim();
        if (rank == 0) {
            return t.reshape(1);
        }
        int s = Shape.dim("flatten", startDim, rank);
        int e = Shape.dim("flatten", endDim, rank);
        if (s > e) {
            throw new IllegalArgumentException("flatten: start dimension " + s + " is after end dimension " + e);
        }
        int[] shape = new int[rank - (e - s)];
        int j = 0;
        for (int i = 0; i < rank; i++) {
            if (i <= s || i > e) {
                shape[j++] = i == s ? 1 : t.shapeRef()[i];
            }
            if (i >= s && i <= e) {
                shape[s] *= t.shapeRef()[i];
            }
        }
        return reshape(t, shape);
    }

    /** Contiguous copy. */
    public static Tensor copy(Tensor t) {
        Tensor out = Dispatch.copy(t);
        return Tensor.recording(t) ? out.withGradFn(new CopyBackward(t)) : out;
    }

    static final class CopyBackward extends Node {
        CopyBackward(Tensor t) {
            super(t);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }

    /** Type conversion. */
    public static Tensor cast(Tensor t, DType target) {
        Tensor out = Dispatch.cast(t, target);
        return Tensor.recording(t) ? out.withGradFn(new CastBackward(t)) : out;
    }

    static final class CastBackward extends Node {
        private final DType source;

        CastBackward(Tensor t) {
            super(t);
            source = t.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.to(source)};
        }
    }
}
