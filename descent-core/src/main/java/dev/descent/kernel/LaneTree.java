package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
 */
final class LaneTree {

    private static final VectorShuffle<Float>[] FLOAT = tree(VectorShapes.FLOAT);
    private static final VectorShuffle<Float>[] STREAM_FLOAT = tree(VectorShapes.STREAM_FLOAT);
    private static final VectorShuffle<Double>[] DOUBLE = tree(VectorShapes.DOUBLE);
    private static final VectorShuffle<Double>[] STREAM_DOUBLE = tree(VectorShapes.STREAM_DOUBLE);

    private LaneTree() {}

    private static VectorShuffle<Float>[] tree(FloatVector v) {
        return v.length() == VectorShapes.STREAM_FLOAT.length() ? STREAM_FLOAT : FLOAT;
    }

    private static VectorShuffle<Double>[] tree(DoubleVector v) {
        return v.length() == VectorShapes.STREAM_DOUBLE.length() ? STREAM_DOUBLE : DOUBLE;
    }

    static float addLanes(FloatVector v) {
        for (VectorShuffle<Float> s : tree(v)) {
            v = v.add(v.rearrange(s));
        }
        return v.lane(0);
    }

    static float maxLanes(FloatVector v) {
        for (VectorShuffle<Float> s : tree(v)) {
            v = v.max(v.rearrange(s));
        }
        return v.lane(0);
    }

    static float minLanes(FloatVector v) {
        for (VectorShuffle<Float> s : tree(v)) {
            v = v.min(v.rearrange(s));
        }
        return v.lane(0);
    }

    static double addLanes(DoubleVector v) {
        for (VectorShuffle<Double> s : tree(v)) {
            v = v.add(v.rearrange(s));
        }
        return v.lane(0);
    }

    static double maxLanes(DoubleVector v) {
        for (VectorShuffle<Double> s : tree(v)) {
            v = v.max(v.rearrange(s));
        }
        return v.lane(0);
    }

    static double minLanes(DoubleVector v) {
        for (VectorShuffle<Double> s : tree(v)) {
            v = v.min(v.rearrange(s));
        }
        return v.lane(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <E> VectorShuffle<E>[] tree(VectorSpecies<E> species) {
        int lanes = species.length();
        int steps = Integer.numberOfTrailingZeros(lanes);
        VectorShuffle[] t = new VectorShuffle[steps];
        for (int s = 0, k = lanes / 2; s < steps; s++, k /= 2) {
            int kk = k;
            t[s] = VectorShuffle.fromOp(species, i -> i ^ kk);
        }
        return t;
    }
}
