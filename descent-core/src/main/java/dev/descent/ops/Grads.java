package dev.descent.ops;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** Helpers shared by backward formulas. */
public final class Grads {
    private Grads() {}

    /**
     * Sums a broadcast gradient back to {@code shape} (over leading dims and dims that were 1) and
     * converts it to {@code dtype} (null keeps the type). Differentiable.
     */
    public static Tensor reduceTo(Tensor g, int[] shape, DType dtype) {
        Tensor r = g;
        int[] gs = g.shapeRef();
        if (!Arrays.equals(gs, shape)) {
            int lead = gs.length - shape.length;
            int count = 0;
            int[] dims = new int[gs.length];
            for (int d = 0; d < gs.length; d++) {
                if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                    dims[count++] = d;
                }
            }
            r = count == 0 ? g : g.sum(Arrays.copyOf(dims, count), true);
            r = r.reshape(shape);
        }
        return dtype == null || r.dtype() == dtype ? r : r.to(dtype);
    }
}
