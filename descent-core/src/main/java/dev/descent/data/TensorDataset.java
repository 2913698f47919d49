package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Examples held in two tensors: features {@code [N, ...]} and labels {@code [N]} (class indices as
 * floats) or {@code [N, ...]} (regression targets). Batches are assembled by copying whole rows out
 * of the contiguous backing arrays with {@code System.arraycopy}: no per-example objects.
 *
 * <pre>{@code
 * TensorDataset d = new TensorDataset(Tensor.wrap(x, 100, 2), Tensor.wrap(y, 100));
 * Batch b = d.batch(new int[] {3, 1, 4});   // x: [3, 2], y: [3]
 * }</pre>
 */
public final class TensorDataset implements Dataset {
    private final Tensor features;
    private final Tensor labels;
    private final int n;
    private final int featureRow;
    private final int labelRow;
    private final int numClasses;
    private final List<String> classNames;

    /**
     * Features and labels; {@link #numClasses()} is inferred: {@code max + 1} when the labels are
     * one-dimensional non-negative integers, otherwise 0 (regression).
     */
    public TensorDataset(Tensor features, Tensor labels) {
        this(features, labels, inferClasses(labels), List.of());
    }

    /**
     * Features, labels, the number of classes (0 for regression) and optional class names (empty,
     * or one per class).
     */
    public TensorDataset(Tensor features, Tensor labels, int numClasses, List<String> classNames) {
        if (features.dim() == 0 || labels.dim() == 0) {
            throw new IllegalArgumentException("features and labels need a first dimension of examples, got shapes "
                    + Arrays.toString(features.shape()) + " and " + Arrays.toString(labels.shape()));
        }
        if (features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("features have " + features.size(0) + " examples but labels have "
                    + labels.size(0) + " (shapes " + Arrays.toString(features.shape()) + " and "
                    + Arrays.toString(labels.shape()) + ")");
        }
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        this.features = packed(features.detach());
        this.labels = packed(labels.detach());
        this.n = features.size(0);
        this.featureRow = n == 0 ? Shape.numel(Arrays.copyOfRange(features.shapeRef(), 1, features.dim())) : features.numel() / n;
        this.labelRow = n == 0 ? Shape.numel(Arrays.copyOfRange(labels.shapeRef(), 1, labels.dim())) : labels.numel() / n;
        this.numClasses = numClasses;
        this.classNames = List.copyOf(classNames);
        if (numClasses > 0 && labels.dim() == 1) {
            checkLabels(this.labels, numClasses);
        }
    }

    private static Tensor packed(Tensor t) {
        // contiguous with offset 0 and no spare storage, so row r starts at r * rowSize
        return t.isContiguous() && t.offset() == 0 && t.storage().floatsOrDoublesLength() == t.numel() ? t : t.clone().detach();
    }

    private static int inferClasses(Tensor labels) {
        if (labels.dim() != 1) {
            return 0;
        }
        double max = -1;
        for (double v : labels.toDoubleArray()) {
            if (v < 0 || v != Math.rint(v) || v > 1e6) {
                return 0;
            }
            max = Math.max(max, v);
        }
        return (int) max + 1;
    }

    private static void checkLabels(Tensor labels, int k) {
        double[] y = labels.toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= k || y[i] != Math.rint(y[i])) {
                throw new IllegalArgumentException("label " + y[i] + " of example " + i + " is not a class index in [0, " + k + ")");
            }
        }
    }

    /** The features, {@code [N, ...]}. */
    public Tensor features() {
        return features;
    }

    /** The labels, {@code [N]} or {@code [N, ...]}. */
    public Tensor labels() {
        return labels;
    }

    /** Class names, one per class, or empty when unknown. */
    public List<String> classNames() {
        return classNames;
    }

    /** The same examples with features and labels converted to {@code dtype}. */
    public TensorDataset to(DType dtype) {
        return new TensorDataset(features.to(dtype), labels.to(dtype), numClasses, classNames);
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int[] featureShape() {
        return Arrays.copyOfRange(features.shapeRef(), 1, features.dim());
    }

    @Override
    public Example get(int index) {
        Batch b = batch(new int[] {index});
        return new Example(b.x().reshape(featureShape()), b.y().reshape(Arrays.copyOfRange(labels.shapeRef(), 1, labels.dim())));
    }

    @Override
    public Batch batch(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("example " + i + " out of range for a dataset of " + n + " examples");
            }
        }
        return new Batch(rows(features, featureRow, indices), rows(labels, labelRow, indices));
    }

    private static Tensor rows(Tensor source, int row, int[] indices) {
        int[] shape = source.shape();
        shape[0] = indices.length;
        if (source.dtype() == DType.FLOAT32) {
            float[] src = source.storage().floats();
            float[] dst = new float[indices.length * row];
            for (int b = 0; b < indices.length; b++) {
                System.arraycopy(src, indices[b] * row, dst, b * row, row);
            }
            return Tensor.wrap(dst, shape);
        }
        double[] src = source.storage().doubles();
        double[] dst = new double[indices.length * row];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(src, indices[b] * row, dst, b * row, row);
        }
        return Tensor.wrap(dst, shape);
    }

    @Override
    public String toString() {
        return "TensorDataset(" + n + " examples, features " + Arrays.toString(featureShape()) + " " + features.dtype()
                + (numClasses > 0 ? ", " + numClasses + " classes" : ", regression") + ")";
    }
}
