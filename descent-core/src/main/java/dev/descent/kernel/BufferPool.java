package dev.descent.kernel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Large arrays whose owner proved them dead, kept for the next allocation of exactly the same
 * type and length. The autograd engine gives back the gradient buffers it alone held once the
 * backward pass has consumed them, and the saved activations of library modules once the last saved
 * tensor holding them is released; {@code Storage.allocate} takes from here before asking the JVM.
 * A training step then allocates its large arrays from the previous step's, so the collector sees
 * almost no large garbage, runs less often, and sizes a smaller heap.
 *
 * <p>Only arrays of at least {@link #MIN_LENGTH} elements are pooled: smaller ones come from the
 * thread-local allocation buffer faster than a lookup here. Arrays handed out are zero-filled, as a
 * fresh Java array is, unless the caller asked for them unfilled. Thread-safe: one lock, held only for a map lookup (allocations of this size
 * are far rarer than that costs).
 *
 * <p><b>Policy: large enough to hold a step's activations, never hoarding.</b>
 * <ul>
 *   <li>Capacity: a quarter of the maximum heap ({@link #capacityBytes()}). A ResNet-20 step at batch
 *       128 holds ~400 MB of activations, all of which pass through the pool between the backward that
 *       frees them and the next forward that reuses them; a smaller cap would send the excess to the
 *       collector each step, which is the churn the pool exists to remove.</li>
 *   <li>Within a length, the pool never holds more than came back, and arrays come back only after
 *       being taken or allocated: in a steady loop it holds at most the step's peak demand for that
 *       length.</li>
 *   <li>Lengths nobody asks for any more leave: each length remembers the last take or give of it
 *       (counted in pool operations, a clock that advances only when large arrays are allocated or
 *       freed, so the policy is the same on a fast and a slow machine), and every
 *       {@link #SWEEP_PERIOD} operations the lengths idle for more than {@link #STALE_AFTER}
 *       operations are dropped (the last small batch of an epoch, an evaluation at another batch size,
 *       a model no longer trained). The clock stands still while no large array is allocated, so a
 *       program that stops training and keeps running should call {@link #clear()}.</li>
 *   <li>When an array given back does not fit under the capacity, the least recently used other
 *       lengths are dropped first, and the array itself if that is not enough.</li>
 * </ul>
 *
 * <p>Set the system property {@code descent.bufferPool=false} to allocate every array afresh.
 */
public final class BufferPool {
    /** Arrays shorter than this (64 KiB of floats) are never pooled. */
    public static final int MIN_LENGTH = 16_384;
    /** Pool operations (takes and gives of poolable lengths) between two sweeps for stale lengths. */
    public static final int SWEEP_PERIOD = 1_024;
    /**
     * A length untouched for this many pool operations is stale. A training step of the zoo's models
     * makes a few hundred; a length used once per step is thus never stale while training runs.
     */
    public static final int STALE_AFTER = 8_192;

    private static final long DEFAULT_CAPACITY = Runtime.getRuntime().maxMemory() / 4;

    /** The arrays of one type and length, and when that length was last asked for or given back. */
    private static final class Bucket {
        final ArrayDeque<Object> arrays = new ArrayDeque<>();
        final long bytesEach;
        long lastUse;

        Bucket(long bytesEach) {
            this.bytesEach = bytesEach;
        }
    }

    /** Keyed by length for floats and by the bitwise complement of the length for doubles. */
    private static final HashMap<Integer, Bucket> BUCKETS = new HashMap<>();
    private static long capacity = DEFAULT_CAPACITY;
    private static long heldBytes;
    private static long clock;
    private static long recycled;
    private static long reused;
    private static volatile boolean enabled = !"false".equals(System.getProperty("descent.bufferPool"));
    private static volatile boolean poison;

    private BufferPool() {}

    /** True when arrays are pooled (the default). */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns pooling on or off; turning it off also empties the pool. For tests and A/B measurements. */
    public static void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            clear();
        }
    }

    /**
     * For tests: when on, every array given back is first filled with NaN, so that a reader who was
     * wrongly believed dead sees garbage at once instead of being overwritten later by chance.
     */
    public static void setPoisoning(boolean on) {
        poison = on;
    }

    /** Bytes the pool may hold at most: a quarter of the maximum heap unless {@link #setCapacityBytes} changed it. */
    public static synchronized long capacityBytes() {
        return capacity;
    }

    /** For tests: sets the capacity ({@code <= 0} restores the default) and empties the pool. */
    public static synchronized void setCapacityBytes(long bytes) {
        capacity = bytes <= 0 ? DEFAULT_CAPACITY : bytes;
        clear();
    }

    /** A zero-filled float array of exactly {@code n} elements from the pool, or null when it has none. */
    public static float[] takeFloats(int n) {
        float[] a = takeFloatsUnfilled(n);
        if (a != null) {
            Arrays.fill(a, 0f);
        }
        return a;
    }

    /**
     * A float array of exactly {@code n} elements from the pool with whatever its last owner left in
     * it, or null when the pool has none: for a caller that writes every element before anything reads
     * one (zero-filling an array a kernel then overwrites cost a tenth of a ResNet-20 step, all of it
     * on the calling thread while the other workers waited).
     */
    public static float[] takeFloatsUnfilled(int n) {
        return (float[]) take(n, n, 4L * n);
    }

    /** The double twin of {@link #takeFloatsUnfilled}. */
    public static double[] takeDoublesUnfilled(int n) {
        return (double[]) take(~n, n, 8L * n);
    }

    /** A zero-filled double array of exactly {@code n} elements from the pool, or null when it has none. */
    public static double[] takeDoubles(int n) {
        double[] a = takeDoublesUnfilled(n);
        if (a != null) {
            Arrays.fill(a, 0.0);
        }
        return a;
    }

    /**
     * Gives back an array that nothing reads or writes any more. The caller must hold the only
     * reference: the pool hands the same array to the next allocation of its length. Arrays too small
     * to pool, or beyond the capacity, are left to the collector.
     */
    public static void giveFloats(float[] a) {
        if (a.length >= MIN_LENGTH && enabled) {
            if (poison) {
                Arrays.fill(a, Float.NaN);
            }
            give(a, a.length, 4L * a.length);
        }
    }

    /** The float64 twin of {@link #giveFloats(float[])}. */
    public static void giveDoubles(double[] a) {
        if (a.length >= MIN_LENGTH && enabled) {
            if (poison) {
                Arrays.fill(a, Double.NaN);
            }
            give(a, ~a.length, 8L * a.length);
        }
    }

    private static Object take(int key, int n, long bytes) {
        if (n < MIN_LENGTH || !enabled) {
            return null;
        }
        synchronized (BufferPool.class) {
            tick();
            Bucket b = BUCKETS.get(key);
            if (b == null) {
                return null;
            }
            b.lastUse = clock;
            Object a = b.arrays.pollLast();
            if (a != null) {
                heldBytes -= bytes;
                reused++;
            }
            return a;
        }
    }

    private static void give(Object a, int key, long bytes) {
        synchronized (BufferPool.class) {
            tick();
            Bucket b = BUCKETS.computeIfAbsent(key, k -> new Bucket(bytes));
            b.lastUse = clock;
            while (heldBytes + bytes > capacity && dropLeastRecentlyUsed(b)) {
                // dropped a whole length that was used less recently than this one
            }
            if (heldBytes + bytes <= capacity) {
                b.arrays.addLast(a);
                heldBytes += bytes;
                recycled++;
            }
        }
    }

    /** Advances the clock; every {@link #SWEEP_PERIOD} operations drops the lengths idle for {@link #STALE_AFTER}. */
    private static void tick() {
        if (++clock % SWEEP_PERIOD == 0) {
            BUCKETS.values().removeIf(b -> {
                boolean stale = clock - b.lastUse > STALE_AFTER;
                if (stale) {
                    heldBytes -= b.bytesEach * b.arrays.size();
                }
                return stale || b.arrays.isEmpty();
            });
        }
    }

    /** Drops every array of the least recently used length other than {@code keep}; false when there is none. */
    private static boolean dropLeastRecentlyUsed(Bucket keep) {
        Integer oldest = null;
        long oldestUse = Long.MAX_VALUE;
        for (var e : BUCKETS.entrySet()) {
            Bucket b = e.getValue();
            if (b != keep && !b.arrays.isEmpty() && b.lastUse < oldestUse) {
                oldest = e.getKey();
                oldestUse = b.lastUse;
            }
        }
        if (oldest == null) {
            return false;
        }
        Bucket b = BUCKETS.remove(oldest);
        heldBytes -= b.bytesEach * b.arrays.size();
        return true;
    }

    /** Drops every pooled array (the collector reclaims them). */
    public static synchronized void clear() {
        BUCKETS.clear();
        heldBytes = 0;
    }

    /** Bytes held right now. */
    public static synchronized long heldBytes() {
        return heldBytes;
    }

    /** How many float arrays of exactly {@code n} elements the pool holds right now. */
    public static synchronized int heldFloats(int n) {
        Bucket b = BUCKETS.get(n);
        return b == null ? 0 : b.arrays.size();
    }

    /** How many arrays were accepted back since the start of the process. */
    public static synchronized long recycledCount() {
        return recycled;
    }

    /** How many allocations were served from the pool since the start of the process. */
    public static synchronized long reusedCount() {
        return reused;
    }
}
