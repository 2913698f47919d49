package dev.descent.ops;

import dev.descent.tensor.Tensor;
import java.util.List;

/** Concatenation, stacking and splitting. */
public final class Joining {
    private Joining() {}

    /** Concatenates along dim. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        throw new UnsupportedOperationException("cat: not implemented yet");
    }

    /** Stacks along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        throw new UnsupportedOperationException("stack: not implemented yet");
    }

    /** Splits into pieces of size. */
    public static List<Tensor> split(Tensor t, int size, int dim) {
        throw new UnsupportedOperationException("split: not implemented yet");
    }

    /** Splits into chunks. */
    public static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        throw new UnsupportedOperationException("chunk: not implemented yet");
    }
}
