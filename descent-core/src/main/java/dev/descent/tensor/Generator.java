package dev.descent.tensor;

import dev.descent.kernel.SplitMix;

/**
 * A seeded random number generator (SplitMix64). Its sequence is fixed by this file, not by the JDK,
 * and tensors are filled sequentially, so the same seed gives the same bits on every run, machine
 * and thread count. Normal variates use the Box–Muller transform.
 */
public final class Generator {
    private long state;
    private double spareNormal;
    private boolean hasSpare;
    private final long seed;

    /** A generator started at {@code seed}. */
    public Generator(long seed) {
        this.seed = seed;
        this.state = seed;
    }

    /** The seed this generator was created with. */
    public long seed() {
        return seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        return SplitMix.mix(state += SplitMix.GAMMA);
    }

    /**
     * Hands the next {@code draws} draws to a kernel that makes them itself (see {@link SplitMix}):
     * returns the state they start from and advances past them, so the generator continues exactly as
     * after {@code draws} calls of {@link #nextLong()}.
     */
    public long reserve(long draws) {
        if (draws < 0) {
            throw new IllegalArgumentException("draws must be >= 0, got " + draws);
        }
        long start = state;
        state += draws * SplitMix.GAMMA;
        return start;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits (exactly representable in float32). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal variate. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** The full internal state, for checkpoints: {@code [state, spareBits, hasSpare]}. */
    public long[] getState() {
        return new long[] {state, Double.doubleToRawLongBits(spareNormal), hasSpare ? 1 : 0};
    }

    /** Restores a state from {@link #getState()}. */
    public void setState(long[] s) {
        state = s[0];
        spareNormal = Double.longBitsToDouble(s[1]);
        hasSpare = s[2] != 0;
    }
}
