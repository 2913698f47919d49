package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

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
 * but it did not cure everything. The first form folded through {@code fold(v, op)} with the
 * operator as a parameter; C2 compiled that out of line (its fallback code grew too big to inline),
 * where the operator is not a constant, so every lanewise call ran the Java fallback and boxed its
 * vectors: 2.2 GB of garbage in 9 s of ResNet-20 training, from batch norm's sums (JFR allocation
 * profile, 2026-11-29). Now every operator has its own methods, and the same A/B run of
 * {@code Quick train resnet20 128 2} went from 397-419 to 458-504 samples/s (three runs each,
 * interleaved). {@code VectorConvDirect.addLanes} keeps its private copy of the add tree.
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
        return v.length() == F ? addMain(v) : addStream(v);
    }

    static float maxLanes(FloatVector v) {
        return v.length() == F ? maxMain(v) : maxStream(v);
    }

    static float minLanes(FloatVector v) {
        return v.length() == F ? minMain(v) : minStream(v);
    }

    static double addLanes(DoubleVector v) {
        return v.length() == D ? addMain(v) : addStream(v);
    }

    static double maxLanes(DoubleVector v) {
        return v.length() == D ? maxMain(v) : maxStream(v);
    }

    static double minLanes(DoubleVector v) {
        return v.length() == D ? minMain(v) : minStream(v);
    }

    // One method per operator and species: the operator must be a constant where the JIT compiles
    // the lanewise call, or it falls back to Java code that boxes every vector (see the class comment).

    private static float addMain(FloatVector v) {
        if (F > 8) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(F8));
        }
        if (F > 4) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(F4));
        }
        if (F > 2) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(F2));
        }
        if (F > 1) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(F1));
        }
        return v.lane(0);
    }

    private static float addStream(FloatVector v) {
        if (SF > 8) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SF8));
        }
        if (SF > 4) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SF4));
        }
        if (SF > 2) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SF2));
        }
        if (SF > 1) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SF1));
        }
        return v.lane(0);
    }

    private static float maxMain(FloatVector v) {
        if (F > 8) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(F8));
        }
        if (F > 4) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(F4));
        }
        if (F > 2) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(F2));
        }
        if (F > 1) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(F1));
        }
        return v.lane(0);
    }

    private static float maxStream(FloatVector v) {
        if (SF > 8) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SF8));
        }
        if (SF > 4) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SF4));
        }
        if (SF > 2) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SF2));
        }
        if (SF > 1) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SF1));
        }
        return v.lane(0);
    }

    private static float minMain(FloatVector v) {
        if (F > 8) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(F8));
        }
        if (F > 4) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(F4));
        }
        if (F > 2) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(F2));
        }
        if (F > 1) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(F1));
        }
        return v.lane(0);
    }

    private static float minStream(FloatVector v) {
        if (SF > 8) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SF8));
        }
        if (SF > 4) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SF4));
        }
        if (SF > 2) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SF2));
        }
        if (SF > 1) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SF1));
        }
        return v.lane(0);
    }

    private static double addMain(DoubleVector v) {
        if (D > 4) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(D4));
        }
        if (D > 2) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(D2));
        }
        if (D > 1) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(D1));
        }
        return v.lane(0);
    }

    private static double addStream(DoubleVector v) {
        if (SD > 4) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SD4));
        }
        if (SD > 2) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SD2));
        }
        if (SD > 1) {
            v = v.lanewise(VectorOperators.ADD, v.rearrange(SD1));
        }
        return v.lane(0);
    }

    private static double maxMain(DoubleVector v) {
        if (D > 4) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(D4));
        }
        if (D > 2) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(D2));
        }
        if (D > 1) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(D1));
        }
        return v.lane(0);
    }

    private static double maxStream(DoubleVector v) {
        if (SD > 4) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SD4));
        }
        if (SD > 2) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SD2));
        }
        if (SD > 1) {
            v = v.lanewise(VectorOperators.MAX, v.rearrange(SD1));
        }
        return v.lane(0);
    }

    private static double minMain(DoubleVector v) {
        if (D > 4) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(D4));
        }
        if (D > 2) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(D2));
        }
        if (D > 1) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(D1));
        }
        return v.lane(0);
    }

    private static double minStream(DoubleVector v) {
        if (SD > 4) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SD4));
        }
        if (SD > 2) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SD2));
        }
        if (SD > 1) {
            v = v.lanewise(VectorOperators.MIN, v.rearrange(SD1));
        }
        return v.lane(0);
    }

    /** The shuffle taking lane {@code i} to {@code i ^ k}, or null when the species has no more than {@code k} lanes. */
    private static <E> VectorShuffle<E> xor(VectorSpecies<E> species, int k) {
        return species.length() > k ? VectorShuffle.fromOp(species, i -> i ^ k) : null;
    }
}
