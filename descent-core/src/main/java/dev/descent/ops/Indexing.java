package dev.descent.ops;

import dev.descent.tensor.Tensor;

/** Gathering and scattering by integer indices. */
public final class Indexing {
    private Indexing() {}

    /** index_select. */
    public static Tensor indexSelect(Tensor t, int dim, Tensor index) {
        throw new UnsupportedOperationException("indexSelect: not implemented yet");
    }

    /** gather. */
    public static Tensor gather(Tensor t, int dim, Tensor index) {
        throw new UnsupportedOperationException("gather: not implemented yet");
    }

    /** scatter_add (out of place). */
    public static Tensor scatterAdd(Tensor t, int dim, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("scatterAdd: not implemented yet");
    }

    /** masked_fill (out of place). */
    public static Tensor maskedFill(Tensor t, Tensor mask, double value) {
        throw new UnsupportedOperationException("maskedFill: not implemented yet");
    }
}
