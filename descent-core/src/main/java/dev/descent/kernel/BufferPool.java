package dev.descent.kernel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Large arrays whose owner proved them dead, kept for the next allocation of exactly the same
 * type and length. The autograd engine gives back the gradient buffers it alone held once the
 * backward pass has consumed them; {@code Storage.allocate} takes from here before asking the JVM.
 * Training then allocates a few megabytes less per step, so the collector runs less often and the
 * heap it sizes for that rate stays smaller.
 *
 * <p>Only arrays of at least {@link #MIN_LENGTH} elements are pooled: smaller ones come from the
 * thread-local allocation buffer faster than a lookup here. The pool holds at most
 * {@link #capacityBytes()} bytes and drops what would exceed it, so its own footprint is bounded.
 * Arrays handed out are zero-filled, as a fresh Java array is. Thread-safe: one lock, held only for
 * a map lookup (allocations of this size are far rarer than that costs).
 *
 * <p>Set the system property {@code descent.bufferPool=false} to allocate every array afresh.
 */
public final class BufferPool {
    /** Arrays shorter than this (64 KiB of floats) are never pooled. */
    public static final int MIN_LENGTH = 16_384;

    private static final long CAPACITY = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32);

    private static final HashMap<Integer, ArrayDeque<float[]>> FLOATS = new HashMap<>();
    private static final HashMap<Integer, ArrayDeque<double[]>> DOUBLES = new HashMap<>();
    private static long heldBytes;
    private static long recycled;
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

    /** Bytes the pool may hold at most: 64 MiB, or 1/32 of the maximum heap when that is smaller. */
    public static long capacityBytes() {
        return CAPACITY;
    }

    /** A zero-filled float array of exactly {@code n} elements from the pool, or null when it has none. */
    public static float[] takeFloats(int n) {
        float[] a = take(FLOATS, n, 4L * n);
        if (a != null) {
            Arrays.fill(a, 0f);
        }
        return a;
    }

    /** A zero-filled double array of exactly {@code n} elements from the pool, or null when it has none. */
    public static double[] takeDoubles(int n) {
        double[] a = take(DOUBLES, n, 8L * n);
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
            give(FLOATS, a, a.length, 4L * a.length);
        }
    }

    /** The float64 twin of {@link #giveFloats(float[])}. */
    public static void giveDoubles(double[] a) {
        if (a.length >= MIN_LENGTH && enabled) {
            if (poison) {
                Arrays.fill(a, Double.NaN);
            }
            give(DOUBLES, a, a.length, 8L * a.length);
        }
    }

    private static <A> A take(HashMap<Integer, ArrayDeque<A>> pool, int n, long bytes) {
        if (n < MIN_LENGTH || !enabled) {
            return null;
        }
        synchronized (BufferPool.class) {
            ArrayDeque<A> q = pool.get(n);
            A a = q == null ? null : q.pollLast();
            if (a != null) {
                heldBytes -= bytes;
            }
            return a;
        }
    }

    private static <A> void give(HashMap<Integer, ArrayDeque<A>> pool, A a, int n, long bytes) {
        synchronized (BufferPool.class) {
            if (heldBytes + bytes <= CAPACITY) {
                pool.computeIfAbsent(n, k -> new ArrayDeque<>()).addLast(a);
                heldBytes += bytes;
                recycled++;
            }
        }
    }

    /** Drops every pooled array (the collector reclaims them). */
    public static synchronized void clear() {
        FLOATS.clear();
        DOUBLES.clear();
        heldBytes = 0;
    }

    /** Bytes held right now. */
    public static synchronized long heldBytes() {
        return heldBytes;
    }

    /** How many arrays were accepted back since the start of the process. */
    public static synchronized long recycledCount() {
        return recycled;
    }
}
