package dev.descent.tensor;

import dev.descent.kernel.BufferPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory behind one or more tensors (views share it), plus a version counter that in-place
 * operations bump. Autograd records the version when it saves a tensor for backward and refuses to
 * use it if it changed: a modified input then raises an error instead of giving a wrong gradient.
 */
public final class Storage {
    /** Numbers the poolable allocations, so that autograd can tell the buffers born during its pass. */
    private static final AtomicLong SERIALS = new AtomicLong();
    /** Activations given to the pool since the start of the process (see {@link #dropSaved}, {@link #recycleIfUnheld}). */
    private static final AtomicLong ACTIVATIONS_RECYCLED = new AtomicLong();

    final float[] f;
    final double[] d;
    int version;
    /** Position of this allocation in {@link #SERIALS}; 0 for wrapped arrays and arrays too small to pool. */
    private final long serial;
    /** Allocated by a library module's forward (see {@link ActivationScope}): a candidate for recycling. */
    private final boolean internal;
    /** Reachable from outside the library (or already recycled): never recycled again. */
    private boolean escaped;
    /** How many saved tensors of the graph hold this storage (any view of it), while internal and not escaped. */
    private int savedHolds;

    Storage(float[] f) {
        this(f, null, 0);
    }

    Storage(double[] d) {
        this(null, d, 0);
    }

    private Storage(float[] f, double[] d, long serial) {
        this.f = f;
        this.d = d;
        this.serial = serial;
        this.internal = serial != 0 && ActivationScope.onAllocate(this);
    }

    /** Zero-filled storage of {@code n} elements: a pooled array when {@link BufferPool} has one of that length. */
    static Storage allocate(DType dtype, int n) {
        return allocate(dtype, n, true);
    }

    /**
     * Storage of {@code n} elements, zero-filled when {@code zeroed}; otherwise a pooled array keeps
     * whatever it held (a fresh one is still zero, as Java makes it).
     */
    static Storage allocate(DType dtype, int n, boolean zeroed) {
        if (n < BufferPool.MIN_LENGTH) {
            return dtype == DType.FLOAT32 ? new Storage(new float[n]) : new Storage(new double[n]);
        }
        long serial = SERIALS.incrementAndGet();
        if (dtype == DType.FLOAT32) {
            float[] a = zeroed ? BufferPool.takeFloats(n) : BufferPool.takeFloatsUnfilled(n);
            return new Storage(a != null ? a : new float[n], null, serial);
        }
        double[] a = zeroed ? BufferPool.takeDoubles(n) : BufferPool.takeDoublesUnfilled(n);
        return new Storage(null, a != null ? a : new double[n], serial);
    }

    /** The current allocation mark: storages allocated after this call satisfy {@link #allocatedAfter}. */
    public static long allocationMark() {
        return SERIALS.get();
    }

    /**
     * True when this storage came from {@code allocate} after {@code mark} was taken, so no tensor
     * that existed at the mark (a saved activation, a user's tensor) can share it.
     */
    public boolean allocatedAfter(long mark) {
        return serial > mark;
    }

    /** True when a library module's forward allocated this storage and it has not escaped (see {@link ActivationScope}). */
    public boolean internal() {
        return internal && !escaped;
    }

    /** Marks this storage as reachable from outside the library: it is never recycled. */
    public void escape() {
        escaped = true;
    }

    /** A saved tensor of the graph now holds (a view of) this storage. */
    public void holdSaved() {
        if (internal && !escaped) {
            savedHolds++;
        }
    }

    /**
     * A saved tensor let go of this storage. When it was the last holding of an internal storage that
     * never escaped, nothing references the array any more: it goes to {@link BufferPool} when
     * {@code mayRecycle} (the releasing backward recorded no graph), and is left to the collector
     * otherwise. Either way it is then treated as escaped, so it is recycled at most once.
     *
     * @return true when the array went to the pool
     */
    public boolean dropSaved(boolean mayRecycle) {
        if (!internal || escaped || --savedHolds > 0) {
            return false;
        }
        escaped = true;
        if (mayRecycle) {
            recycle();
            ACTIVATIONS_RECYCLED.incrementAndGet();
        }
        return mayRecycle;
    }

    /**
     * Gives the array to the pool if this storage is internal, never escaped and no saved tensor holds
     * it: {@link ActivationScope#exit} calls it for the temporaries of a forward that just returned.
     */
    void recycleIfUnheld() {
        if (internal && !escaped && savedHolds == 0) {
            escaped = true;
            recycle();
            ACTIVATIONS_RECYCLED.incrementAndGet();
        }
    }

    /** Gives the array of a backward's dead temporary to the pool (see {@link ActivationScope#endTemporaries}). */
    void recycleTemporary() {
        if (!escaped) {
            escaped = true;
            recycle();
        }
    }

    /** How many activations went to the pool since the start of the process: for tests and diagnostics. */
    public static long activationsRecycled() {
        return ACTIVATIONS_RECYCLED.get();
    }

    /**
     * Gives the backing array to {@link BufferPool}. Only the autograd engine calls this, for a
     * buffer it proved that nothing else references; the storage must not be used again.
     */
    public void recycle() {
        if (f != null) {
            BufferPool.giveFloats(f);
        } else {
            BufferPool.giveDoubles(d);
        }
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
