package dev.descent.kernel;

/**
 * The pooling windows along one axis of an image: output {@code o} covers input rows
 * {@code [lo[o], hi[o])}; {@code extent[o]} is the window length counting padding (the divisor of
 * average pooling with {@code count_include_pad}).
 */
public record PoolAxis(int in, int out, int[] lo, int[] hi, int[] extent) {

    /** Windows of size {@code k} every {@code s} rows, starting at {@code −p} (PyTorch's avg_pool, ceil_mode off). */
    public static PoolAxis sliding(int in, int k, int s, int p) {
        int out = (in + 2 * p - k) / s + 1;
        int[] lo = new int[out];
        int[] hi = new int[out];
        int[] extent = new int[out];
        for (int o = 0; o < out; o++) {
            int start = o * s - p;
            lo[o] = Math.max(start, 0);
            hi[o] = Math.min(start + k, in);
            extent[o] = Math.min(start + k, in + p) - start;
        }
        return new PoolAxis(in, out, lo, hi, extent);
    }

    /** PyTorch's adaptive windows: {@code [⌊o·in/out⌋, ⌈(o+1)·in/out⌉)}. */
    public static PoolAxis adaptive(int in, int out) {
        int[] lo = new int[out];
        int[] hi = new int[out];
        int[] extent = new int[out];
        for (int o = 0; o < out; o++) {
            lo[o] = (int) ((long) o * in / out);
            hi[o] = (int) (((long) (o + 1) * in + out - 1) / out);
            extent[o] = hi[o] - lo[o];
        }
        return new PoolAxis(in, out, lo, hi, extent);
    }

    /** True when output {@code o}'s window spans the whole axis (then a window's rows are one contiguous run). */
    boolean full(int o) {
        return lo[o] == 0 && hi[o] == in;
    }
}
