package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Horizontal sums, maxima and minima of a vector's lanes in a fixed order: lane {@code i} is
 * combined with lane {@code i ^ k} for {@code k = L/2, ..., 1}, by shuffles.
 *
 * <p>Not {@code reduceLanes}: for floating point its order is unspecified, and the interpreter (lane
 * by lane) and the JIT (a tree) really do differ, so a sum would change in the last bits once its
 * kernel got compiled. The shuffles are exact operations, so the result is the same in both. Works
 * for the {@link VectorShapes} species.
 *
 * <p>Every shuffle is its own {@code static final} field and every step is written out, one method
 * per species: C2 intrinsifies a rearrange only when it sees the shuffle's exact class as a
 * constant, which shuffles read from an array (this class's first form) are not. That made a
 * batch-norm + layer-norm + softmax probe 18 % faster (1.88 to 1.54 ms per iteration, one thread;
 * {@code dev.descent.bench.NormQuick} at the commits before and after),
 * but it does not cure everything: the direct convolution's weight gradient, called through here
 * instead of its own copy, still ran ResNet-20 training at 190 instead of 411 samples/s (2026-11-29),
 * so a kernel as hot as that keeps its own constant shuffles ({@code VectorConvDirect.addLanes}).
 */
final class LaneTree {
    private static final int F = VectorShapes.FLOAT.length();
    private static final int SF = VectorShapes.STREAM_FLOAT.length();
    private static final int D = VectorShapes.DOUBLE.length();
    private static final int SD = VectorShapes.STREAM_DOUBLE.length();

    private static final VectorShuffle<Float> F8 = xor(VectorShapes.FLOAT, 8);
    private static final VectorShuffle<Float> F4 = xor(VectorShapes.FLOAT, 4);
    private static final VectorShuffle<Float> F2 = xor(VectorShapes.FLOAT, 2);
    private static final VectorShuffle<Float> F1 = xor(VectorShapes.FLOAT, 1);
    private static final VectorShuffle<Float> SF8 = xor(VectorShapes.STREAM_FLOAT, 8);
    private static final VectorShuffle<Float> SF4 = xor(VectorShapes.STREAM_FLOAT, 4);
    private static final VectorShuffle<Float> SF2 = xor(VectorShapes.STREAM_FLOAT, 2);
    private static final VectorShuffle<Float> SF1 = xor(VectorShapes.STREAM_FLOAT, 1);
    private static final VectorShuffle<Double> D4 = xor(VectorShapes.DOUBLE, 4);
    private static final VectorShuffle<Double> D2 = xor(VectorShapes.DOUBLE, 2);
    private static final VectorShuffle<Double> D1 = xor(VectorShapes.DOUBLE, 1);
    private static final VectorShuffle<Double> SD4 = xor(VectorShapes.STREAM_DOUBLE, 4);
    private static final VectorShuffle<Double> SD2 = xor(VectorShapes.STREAM_DOUBLE, 2);
    private static final VectorShuffle<Double> SD1 = xor(VectorShapes.STREAM_DOUBLE, 1);

    static {
        if (F > 16 || SF > 16 || D > 8 || SD > 8) { // vectors wider than 512 bits: add their first step above
            throw new ExceptionInInitializerError("LaneTree has no shuffles for vectors of " + F + " floats");
        }
    }

    private LaneTree() {}

    static float addLanes(FloatVector v) {
        return fold(v, VectorOperators.ADD);
    }

    static float maxLanes(FloatVector v) {
        return fold(v, VectorOperators.MAX);
    }

    static float minLanes(FloatVector v) {
        return fold(v, VectorOperators.MIN);
    }

    static double addLanes(DoubleVector v) {
        return fold(v, VectorOperators.ADD);
    }

    static double maxLanes(DoubleVector v) {
        return fold(v, VectorOperators.MAX);
    }

    static double minLanes(DoubleVector v) {
        return fold(v, VectorOperators.MIN);
    }

    private static float fold(FloatVector v, VectorOperators.Binary op) {
        return v.length() == F ? foldMain(v, op) : foldStream(v, op);
    }

    private static float foldMain(FloatVector v, VectorOperators.Binary op) {
        if (F > 8) {
            v = v.lanewise(op, v.rearrange(F8));
        }
        if (F > 4) {
            v = v.lanewise(op, v.rearrange(F4));
        }
        if (F > 2) {
            v = v.lanewise(op, v.rearrange(F2));
        }
        if (F > 1) {
            v = v.lanewise(op, v.rearrange(F1));
        }
        return v.lane(0);
    }

    private static float foldStream(FloatVector v, VectorOperators.Binary op) {
        if (SF > 8) {
            v = v.lanewise(op, v.rearrange(SF8));
        }
        if (SF > 4) {
            v = v.lanewise(op, v.rearrange(SF4));
        }
        if (SF > 2) {
            v = v.lanewise(op, v.rearrange(SF2));
        }
        if (SF > 1) {
            v = v.lanewise(op, v.rearrange(SF1));
        }
        return v.lane(0);
    }

    private static double fold(DoubleVector v, VectorOperators.Binary op) {
        return v.length() == D ? foldMain(v, op) : foldStream(v, op);
    }

    private static double foldMain(DoubleVector v, VectorOperators.Binary op) {
        if (D > 4) {
            v = v.lanewise(op, v.rearrange(D4));
        }
        if (D > 2) {
            v = v.lanewise(op, v.rearrange(D2));
        }
        if (D > 1) {
            v = v.lanewise(op, v.rearrange(D1));
        }
        return v.lane(0);
    }

    private static double foldStream(DoubleVector v, VectorOperators.Binary op) {
        if (SD > 4) {
            v = v.lanewise(op, v.rearrange(SD4));
        }
        if (SD > 2) {
            v = v.lanewise(op, v.rearrange(SD2));
        }
        if (SD > 1) {
            v = v.lanewise(op, v.rearrange(SD1));
        }
        return v.lane(0);
    }

    /** The shuffle taking lane {@code i} to {@code i ^ k}, or null when the species has no more than {@code k} lanes. */
    private static <E> VectorShuffle<E> xor(VectorSpecies<E> species, int k) {
        return species.length() > k ? VectorShuffle.fromOp(species, i -> i ^ k) : null;
    }
}
