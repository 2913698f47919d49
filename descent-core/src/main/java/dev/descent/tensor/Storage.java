package dev.descent.tensor;

/**
 * The memory behind one or more tensors (views share it), plus a version counter that in-place
 * operations bump. Autograd records the version when it saves a tensor for backward and refuses to
 * use it if it changed: a modified input then raises an error instead of giving a wrong gradient.
 */
public final class Storage {
    final float[] f;
    final double[] d;
    int version;

    Storage(float[] f) {
        this.f = f;
        this.d = null;
    }

    Storage(double[] d) {
        this.f = null;
        this.d = d;
    }

    static Storage allocate(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? new Storage(new float[n]) : new Storage(new double[n]);
    }

    /** The float32 backing array, or null for float64 storage. */
    public float[] floats() {
        return f;
    }

    /** The float64 backing array, or null for float32 storage. */
    public double[] doubles() {
        return d;
    }

    /** How many times tensors sharing this storage were modified in place. */
    public int version() {
        return version;
    }

    /** Records one in-place modification. */
    public void bumpVersion() {
        version++;
    }

    /** Number of elements the backing array holds. */
    public int floatsOrDoublesLength() {
        return length();
    }

    int length() {
        return f != null ? f.length : d.length;
    }
}
