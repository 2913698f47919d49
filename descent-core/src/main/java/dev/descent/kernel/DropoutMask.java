package dev.descent.kernel;

/**
 * Fills a dropout mask straight from the generator's state: element {@code i} is {@code keep} when
 * the {@code i}-th SplitMix64 draw after {@code state}, read as a 53-bit uniform, is at least
 * {@code p}, and 0 otherwise. That is bit for bit what a loop of {@code nextDouble() >= p} gives, but
 * the draws are independent of each other (see {@link SplitMix}), so large masks are made in
 * parallel chunks and SIMD lanes; the result never depends on the thread count.
 */
public final class DropoutMask {
    /** Draws per parallel chunk: small masks stay on the calling thread. */
    private static final int GRAIN = 1 << 15;

    private DropoutMask() {
    }

    /** Fills {@code mask[0, n)} in float32; {@code threshold} is {@link SplitMix#threshold53}{@code (p)}. */
    public static void fill(float[] mask, int n, long state, long threshold, float keep) {
        Layout.checkRange("mask", mask.length, 0, n);
        Parallel.forRange(n, GRAIN, (lo, hi) -> {
            if (Simd.enabled()) {
                VectorDropoutMask.fill(mask, lo, hi, state, threshold, keep);
            } else {
                fillScalar(mask, lo, hi, state, threshold, keep);
            }
        });
    }

    /** Fills {@code mask[0, n)} in float64; {@code threshold} is {@link SplitMix#threshold53}{@code (p)}. */
    public static void fill(double[] mask, int n, long state, long threshold, double keep) {
        Layout.checkRange("mask", mask.length, 0, n);
        Parallel.forRange(n, GRAIN, (lo, hi) -> {
            if (Simd.enabled()) {
                VectorDropoutMask.fill(mask, lo, hi, state, threshold, keep);
            } else {
                fillScalar(mask, lo, hi, state, threshold, keep);
            }
        });
    }

    /** The scalar twin: elements {@code [lo, hi)}. */
    static void fillScalar(float[] mask, int lo, int hi, long state, long threshold, float keep) {
        long z = state + (long) lo * SplitMix.GAMMA;
        for (int i = lo; i < hi; i++) {
            z += SplitMix.GAMMA;
            mask[i] = (SplitMix.mix(z) >>> 11) >= threshold ? keep : 0f;
        }
    }

    /** The scalar twin: elements {@code [lo, hi)}. */
    static void fillScalar(double[] mask, int lo, int hi, long state, long threshold, double keep) {
        long z = state + (long) lo * SplitMix.GAMMA;
        for (int i = lo; i < hi; i++) {
            z += SplitMix.GAMMA;
            mask[i] = (SplitMix.mix(z) >>> 11) >= threshold ? keep : 0.0;
        }
    }
}
