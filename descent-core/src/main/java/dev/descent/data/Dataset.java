package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * An indexed collection of examples. Implementations are read-only and safe to read from a
 * background thread (the {@link DataLoader} assembles batches on one).
 *
 * <p>{@link #get(int)} returns one example; {@link #batch(int[])} assembles many at once. The
 * default {@code batch} stacks {@code get} results; {@link TensorDataset} overrides it to copy rows
 * straight out of its contiguous arrays, which is what makes loading fast.
 */
public interface Dataset {
    /** Number of examples. */
    int size();

    /** Example {@code index}, in {@code [0, size())}. */
    Example get(int index);

    /** The examples at {@code indices}, stacked along a new first dimension. */
    default Batch batch(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("cannot assemble an empty batch");
        }
        Tensor[] xs = new Tensor[indices.length];
        Tensor[] ys = new Tensor[indices.length];
        for (int b = 0; b < indices.length; b++) {
            Example e = get(indices[b]);
            xs[b] = e.x();
            ys[b] = e.y();
        }
        return new Batch(stack(indices, xs, "features"), stack(indices, ys, "label"));
    }

    private static Tensor stack(int[] indices, Tensor[] parts, String what) {
        int[] one = parts[0].shape();
        int per = Shape.numel(one);
        int[] shape = new int[one.length + 1];
        shape[0] = parts.length;
        System.arraycopy(one, 0, shape, 1, one.length);
        boolean single = parts[0].dtype() == DType.FLOAT32;
        float[] f = single ? new float[parts.length * per] : null;
        double[] d = single ? null : new double[parts.length * per];
        for (int b = 0; b < parts.length; b++) {
            if (!Arrays.equals(parts[b].shapeRef(), one)) {
                throw new IllegalArgumentException("example " + indices[b] + " has " + what + " of shape "
                        + Arrays.toString(parts[b].shape()) + ", example " + indices[0] + " has "
                        + Arrays.toString(one) + ": cannot batch them");
            }
            if (single) {
                System.arraycopy(parts[b].toFloatArray(), 0, f, b * per, per);
            } else {
                System.arraycopy(parts[b].toDoubleArray(), 0, d, b * per, per);
            }
        }
        return single ? Tensor.wrap(f, shape) : Tensor.wrap(d, shape);
    }

    /** Shape of one example's features, e.g. {@code [1, 28, 28]}. */
    default int[] featureShape() {
        return get(0).x().shape();
    }

    /** Number of classes when labels are class indices {@code 0..k-1}; 0 for regression targets. */
    default int numClasses() {
        return 0;
    }
}
