package dev.descent.kernel;

import jdk.incubator.vector.FloatVector;

/** Vector API facts, kept apart from {@link Simd} so that class loads without the module. */
final class VectorShape {

    private VectorShape() {
    }

    static int floatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }
}
