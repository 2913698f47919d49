package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every elementwise and reduction kernel uses (loaded only with the Vector API).
 *
 * <p>The JVM's preferred shape by default; the system property {@code descent.simd.bits} (128, 256 or
 * 512) narrows it, to compare shapes on one machine.
 */
final class VectorShapes {

    static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, shape(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, shape(DoubleVector.SPECIES_PREFERRED.vectorBitSize()));

    private VectorShapes() {}

    private static VectorShape shape(int preferredBits) {
        String s = System.getProperty("descent.simd.bits");
        int bits = preferredBits;
        if (s != null && !s.isBlank()) {
            int asked = Integer.parseInt(s.trim());
            if (asked != 128 && asked != 256 && asked != 512) {
                throw new IllegalArgumentException("descent.simd.bits must be 128, 256 or 512, got " + s);
            }
            bits = Math.min(asked, preferredBits);
        }
        return VectorShape.forBitSize(bits);
    }
}
