package dev.descent.data;

import java.util.Arrays;

/** A view of some examples of another dataset, in a given order; batches still use the parent's fast path. */
public final class Subset implements Dataset {
    private final Dataset parent;
    private final int[] indices;

    /** The examples {@code indices} of {@code parent} (copied; each must be in range). */
    public Subset(Dataset parent, int[] indices) {
        this.parent = parent;
        this.indices = indices.clone();
        int n = parent.size();
        for (int i : this.indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("subset index " + i + " out of range for a dataset of " + n + " examples");
            }
        }
    }

    /** The dataset this is a view of. */
    public Dataset parent() {
        return parent;
    }

    /** The parent's indices, in this subset's order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Example get(int index) {
        return parent.get(indices[index]);
    }

    @Override
    public Batch batch(int[] idx) {
        int[] mapped = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            mapped[i] = indices[idx[i]];
        }
        return parent.batch(mapped);
    }

    @Override
    public int[] featureShape() {
        return parent.featureShape();
    }

    @Override
    public int numClasses() {
        return parent.numClasses();
    }

    @Override
    public String toString() {
        return "Subset(" + indices.length + " of " + parent + (indices.length <= 8 ? ", " + Arrays.toString(indices) : "") + ")";
    }
}
