package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Concatenation, stacking and splitting, as in PyTorch. {@code cat} copies (the result has its own
 * storage) and promotes float32 with float64 to float64; the pieces of {@code split} and
 * {@code chunk} are views that share the input's storage.
 */
public final class Joining {
    private Joining() {}

    /**
     * Concatenates along {@code dim}: every tensor has the same rank and the same sizes except along
     * {@code dim}. As in PyTorch, 1-D tensors of size 0 are skipped whatever the others' shapes.
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        List<Tensor> parts = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!(t.dim() == 1 && t.shapeRef()[0] == 0)) {
                parts.add(t);
                positions.add(i);
            }
        }
        if (parts.isEmpty()) {
            parts.add(tensors.get(0));
            positions.add(0);
        }
        Tensor first = parts.get(0);
        int rank = first.dim();
        if (rank == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensor (shape []) cannot be concatenated;"
                    + " unsqueeze it or use stack");
        }
        int d = Shape.dim("cat", dim, rank);
        int[] outShape = first.shape();
        outShape[d] = 0;
        DType dtype = first.dtype();
        boolean anyGrad = false;
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            int[] s = t.shapeRef();
            boolean ok = s.length == rank;
            for (int k = 0; ok && k < rank; k++) {
                ok = k == d || s[k] == first.shapeRef()[k];
            }
            if (!ok) {
                throw new IllegalArgumentException("cat: tensors must have the same shape except in dimension " + d
                        + ", but tensor " + positions.get(0) + " has shape " + Shape.str(first.shapeRef())
                        + " and tensor " + positions.get(i)
                        + " has shape " + Shape.str(s));
            }
            outShape[d] += s[d];
            dtype = DType.promote(dtype, t.dtype());
            anyGrad |= t.requiresGrad();
        }
        Tensor out = Tensor.empty(dtype, outShape);
        int[] strides = out.stridesRef();
        int start = 0;
        for (Tensor t : parts) {
            Tensor target = new Tensor(out.storage(), dtype, t.shapeRef(), strides, start * strides[d]);
            Dispatch.copyInto(t, target);
            start += t.shapeRef()[d];
        }
        return anyGrad && GradMode.isEnabled() ? out.withGradFn(new CatBackward(parts, d)) : out;
    }

    /** Each input gets its own slice of the gradient, converted back to its type. */
    static final class CatBackward extends Node {
        private final int dim;
        private final int[] sizes;
        private final DType[] types;

        CatBackward(List<Tensor> parts, int dim) {
            super(parts.toArray(new Tensor[0]));
            this.dim = dim;
            sizes = new int[parts.size()];
            types = new DType[parts.size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = parts.get(i).shapeRef()[dim];
                types[i] = parts.get(i).dtype();
            }
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] grads = new Tensor[sizes.length];
            int start = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (needsGrad(i)) {
                    grads[i] = g.narrow(dim, start, sizes[i]).to(types[i]);
                }
                start += sizes[i];
            }
            return grads;
        }
    }

    /** Stacks tensors of one shape along a new dimension {@code dim} (0 to rank, negative from the end). */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int[] shape = tensors.get(0).shapeRef();
        for (int i = 1; i < tensors.size(); i++) {
            if (!java.util.Arrays.equals(tensors.get(i).shapeRef(), shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be of equal shape, but got "
                        + Shape.str(shape) + " at entry 0 and " + Shape.str(tensors.get(i).shapeRef()) + " at entry " + i);
            }
        }
        int d = Shape.dim("stack", dim, shape.length + 1);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            parts.add(t.unsqueeze(d));
        }
        return cat(parts, d);
    }

    /** Views of {@code size} elements along {@code dim}; the last piece holds what is left. */
    public static List<Tensor> split(Tensor t, int size, int dim) {
        int d = checkRank("split", t, dim);
        int n = t.shapeRef()[d];
        if (size < 0 || (size == 0 && n != 0)) {
            throw new IllegalArgumentException("split: split size must be positive, got " + size + " for dimension " + d
                    + " of size " + n + " (shape " + Shape.str(t.shapeRef()) + ")");
        }
        List<Tensor> pieces = new ArrayList<>();
        if (n == 0) {
            pieces.add(t.narrow(d, 0, 0));
            return pieces;
        }
        for (int start = 0; start < n; start += size) {
            pieces.add(t.narrow(d, start, Math.min(size, n - start)));
        }
        return pieces;
    }

    /** Views of the given sizes along {@code dim}; the sizes must add up to the size of the dimension. */
    public static List<Tensor> split(Tensor t, int[] sizes, int dim) {
        int d = checkRank("split", t, dim);
        int n = t.shapeRef()[d];
        long total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size " + s + " in " + Shape.str(sizes));
            }
            total += s;
        }
        if (total != n) {
            throw new IllegalArgumentException("split: sizes " + Shape.str(sizes) + " add up to " + total
                    + ", but dimension " + d + " of shape " + Shape.str(t.shapeRef()) + " has size " + n);
        }
        List<Tensor> pieces = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            pieces.add(t.narrow(d, start, s));
            start += s;
        }
        return pieces;
    }

    /**
     * Splits into pieces of ceil(n / chunks) along {@code dim}, as {@code torch.chunk}: there may be
     * fewer than {@code chunks} pieces (6 into 4 gives 2, 2, 2); a dimension of size 0 gives
     * {@code chunks} empty pieces.
     */
    public static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be greater than 0, got " + chunks);
        }
        int d = checkRank("chunk", t, dim);
        int n = t.shapeRef()[d];
        if (n == 0) {
            List<Tensor> pieces = new ArrayList<>(chunks);
            for (int i = 0; i < chunks; i++) {
                pieces.add(t.narrow(d, 0, 0));
            }
            return pieces;
        }
        return split(t, (n + chunks - 1) / chunks, d);
    }

    private static int checkRank(String op, Tensor t, int dim) {
        if (t.dim() == 0) {
            throw new IllegalArgumentException(op + ": expects a tensor of rank >= 1, got a scalar (shape [])");
        }
        return Shape.dim(op, dim, t.dim());
    }
}
