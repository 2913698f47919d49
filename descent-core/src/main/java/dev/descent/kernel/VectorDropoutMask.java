package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link DropoutMask}'s scalar loops: one SplitMix64 draw per 64-bit lane
 * (AVX-512 multiplies 64-bit lanes natively), compared as integers against the threshold, and the
 * lane mask narrowed to float lanes (or kept for double lanes). Loaded only when the module is present.
 */
final class VectorDropoutMask {
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(L.vectorBitSize() / 2));
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, L.vectorShape());
    private static final int LANES = L.length();

    private VectorDropoutMask() {
    }

    static void fill(float[] mask, int lo, int hi, long state, long threshold, float keep) {
        FloatVector keepV = FloatVector.broadcast(F, keep);
        FloatVector zero = FloatVector.zero(F);
        LongVector z = first(state, lo);
        LongVector step = LongVector.broadcast(L, LANES * SplitMix.GAMMA);
        int i = lo;
        for (; i <= hi - LANES; i += LANES) {
            zero.blend(keepV, kept(z, threshold).cast(F)).intoArray(mask, i);
            z = z.add(step);
        }
        DropoutMask.fillScalar(mask, i, hi, state, threshold, keep);
    }

    static void fill(double[] mask, int lo, int hi, long state, long threshold, double keep) {
        DoubleVector keepV = DoubleVector.broadcast(D, keep);
        DoubleVector zero = DoubleVector.zero(D);
        LongVector z = first(state, lo);
        LongVector step = LongVector.broadcast(L, LANES * SplitMix.GAMMA);
        int i = lo;
        for (; i <= hi - LANES; i += LANES) {
            zero.blend(keepV, kept(z, threshold).cast(D)).intoArray(mask, i);
            z = z.add(step);
        }
        DropoutMask.fillScalar(mask, i, hi, state, threshold, keep);
    }

    /** Lane j holds the state of draw {@code lo + j}, i.e. {@code state + (lo + j + 1)·GAMMA}. */
    private static LongVector first(long state, int lo) {
        long[] lanes = new long[LANES];
        for (int j = 0; j < LANES; j++) {
            lanes[j] = state + (long) (lo + j + 1) * SplitMix.GAMMA;
        }
        return LongVector.fromArray(L, lanes, 0);
    }

    /** The lanes whose draw, as a 53-bit integer, reaches the threshold: the kept elements. */
    private static VectorMask<Long> kept(LongVector z, long threshold) {
        return mix(z).lanewise(VectorOperators.LSHR, 11).compare(VectorOperators.GE, threshold);
    }

    private static LongVector mix(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(SplitMix.MIX1);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(SplitMix.MIX2);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }
}
