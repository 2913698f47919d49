package dev.descent.kernel;

/**
 * SplitMix64, the generator behind {@code tensor.Generator}: the state advances by a fixed odd
 * constant and each output is a bit mix of the new state. Draw {@code i} after state {@code s} is
 * therefore {@code mix(s + (i+1)·GAMMA)} with no dependence on the draws before it, which lets
 * kernels such as {@link DropoutMask} make a long run of draws in parallel and in SIMD lanes and
 * still produce exactly the bits of the same number of sequential calls.
 */
public final class SplitMix {
    /** The state increment per draw (the golden-ratio constant). */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    static final long MIX1 = 0xBF58476D1CE4E5B9L;
    static final long MIX2 = 0x94D049BB133111EBL;

    private SplitMix() {
    }

    /** The output for state {@code z} (already advanced). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }

    /**
     * The smallest 53-bit draw {@code k} for which {@code k·2⁻⁵³ ≥ p}, i.e. the integer form of the
     * test {@code nextDouble() >= p}. Exact: {@code p·2⁵³} only rescales {@code p}'s exponent.
     */
    public static long threshold53(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability has to be between 0 and 1, got " + p);
        }
        return (long) Math.ceil(p * 0x1p53);
    }
}
