package dev.descent.kernel;

import java.util.Arrays;

/**
 * How a reduction over a set of dimensions of a strided view is carried out.
 *
 * <p>The dimensions are split into kept and reduced ones, each group collapsed on its own (the
 * reduced dimensions are in effect permuted to the inner positions). Then one of four strategies:
 * <ul>
 *   <li>{@link Kind#ALL}: one output; the reduced range is cut into fixed chunks whose partial results
 *       are combined in chunk order (deterministic for any thread count);</li>
 *   <li>{@link Kind#INNER}: the reduced run is contiguous (e.g. the last dim of a contiguous tensor):
 *       each output reduces its own contiguous runs with SIMD;</li>
 *   <li>{@link Kind#OUTER}: the kept run is contiguous (e.g. column sums of {@code [N, C]}, the bias
 *       gradient): whole rows are accumulated into a block of outputs with SIMD;</li>
 *   <li>{@link Kind#GENERAL}: anything else, scalar strided loops.</li>
 * </ul>
 */
final class ReducePlan {

    enum Kind { ALL, INNER, OUTER, GENERAL }

    final Kind kind;
    /** Number of outputs and number of elements reduced into each. */
    final int outputs;
    final int reduced;
    /** Kept dims: operand 0 the input strides, operand 1 the (row-major) output strides. */
    final Layout.Collapsed keptLayout;
    /** Reduced dims: operand 0 the input strides, operand 1 the row-major flat index within the reduced dims. */
    final Layout.Collapsed reducedLayout;

    private ReducePlan(Kind kind, int outputs, int reduced, Layout.Collapsed keptLayout, Layout.Collapsed reducedLayout) {
        this.kind = kind;
        this.outputs = outputs;
        this.reduced = reduced;
        this.keptLayout = keptLayout;
        this.reducedLayout = reducedLayout;
    }

    /**
     * Plans the reduction of {@code dims} ({@code null} means all dimensions) of a view; validates the
     * dims and the view's bounds.
     */
    /**
     * The stride of the single run when {@code dims} lists every dimension in order, the view is one
     * run ({@link Layout#flatStride}), non-empty and small enough for one chunk of an
     * {@link Kind#ALL} reduction; else {@link Layout#NOT_FLAT}. The bounds are checked here.
     */
    static int flatAll(int[] shape, int aLength, int aOff, int[] aStrides, int[] dims) {
        if (dims == null || dims.length != shape.length || aStrides.length != shape.length) {
            return Layout.NOT_FLAT;
        }
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] != d) {
                return Layout.NOT_FLAT;
            }
        }
        int n = Layout.size(shape);
        if (n == 0 || n > Reduce.ALL_GRAIN) {
            return Layout.NOT_FLAT;
        }
        int k = Layout.flatStride(shape, aStrides);
        if (k != Layout.NOT_FLAT) {
            Layout.checkBounds("input", aLength, aOff, shape, aStrides);
        }
        return k;
    }

    static ReducePlan of(int[] shape, int aLength, int aOff, int[] aStrides, int[] dims) {
        Layout.checkRank("input", shape, aStrides);
        int rank = shape.length;
        boolean[] reduce = new boolean[rank];
        if (dims == null) {
            Arrays.fill(reduce, true);
        } else {
            for (int d : dims) {
                if (d < 0 || d >= rank) {
                    throw new IllegalArgumentException("reduction dim " + d + " out of range for a tensor of rank " + rank
                            + " (shape " + Arrays.toString(shape) + "); normalise negative dims first");
                }
                if (reduce[d]) {
                    throw new IllegalArgumentException("reduction dim " + d + " listed twice in " + Arrays.toString(dims));
                }
                reduce[d] = true;
            }
        }
        if (Layout.size(shape) > 0) {
            Layout.checkBounds("input", aLength, aOff, shape, aStrides);
        }
        int nk = 0;
        for (boolean b : reduce) {
            nk += b ? 0 : 1;
        }
        int[] keptShape = new int[nk];
        int[] keptStrides = new int[nk];
        int[] redShape = new int[rank - nk];
        int[] redStrides = new int[rank - nk];
        for (int d = 0, k = 0, r = 0; d < rank; d++) {
            if (reduce[d]) {
                redShape[r] = shape[d];
                redStrides[r++] = aStrides[d];
            } else {
                keptShape[k] = shape[d];
                keptStrides[k++] = aStrides[d];
            }
        }
        int outputs = Layout.size(keptShape);
        int reduced = Layout.size(redShape);
        Layout.Collapsed kept = Layout.collapse(keptShape, keptStrides, Layout.rowMajorStrides(keptShape), new int[nk]);
        Layout.Collapsed red = Layout.collapse(redShape, redStrides, Layout.rowMajorStrides(redShape), new int[rank - nk]);
        Kind kind;
        if (outputs == 1) {
            kind = Kind.ALL;
        } else if (red.innerStride(0) == 1 || reduced == 1) {
            kind = Kind.INNER;
        } else if (kept.innerStride(0) == 1) {
            kind = Kind.OUTER;
        } else {
            kind = Kind.GENERAL;
        }
        return new ReducePlan(kind, outputs, reduced, kept, red);
    }
}
