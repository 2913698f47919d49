package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use (loaded only with the Vector API).
 *
 * <p>{@link #FLOAT} and {@link #DOUBLE}, the JVM's preferred shape, serve compute-bound kernels
 * (transcendentals: SVML's 512-bit exp is twice as fast as its 256-bit one on the project's Zen 4).
 * {@link #STREAM_FLOAT} and {@link #STREAM_DOUBLE}, at most 256 bits, serve the memory-bound ones
 * (binary ops, comparisons, BLAS-1, reductions): Java arrays start 16 bytes into an object, so a
 * 64-byte vector access straddles two cache lines every time, and measured side by side on 16M
 * floats a 512-bit sum ran 20-25% slower than a 256-bit one (add: 2-8%). The system property
 * {@code descent.simd.bits} (128, 256 or 512) caps both, to compare shapes on one machine.
 *
 * <p><b>Two shapes in one program cost something: write {@code lanewise(OP, ..)}, not {@code add(..)}.</b>
 * The convenience methods ({@code add}, {@code mul}, {@code fma}, {@code max}, ..., and every form
 * taking a scalar) are single methods of {@code FloatVector}/{@code DoubleVector} shared by all
 * species, and they call {@code lanewise} virtually. C2 parses that call before it knows the exact
 * class of a just-loaded vector, so it follows the call's receiver profile, which every kernel in the
 * program feeds: with 256- and 512-bit vectors both in use it guessed one, trapped on the other, and
 * after enough traps compiled a boxed virtual call. Which kernel lost changed from run to run; JFR
 * allocation profiles of one ResNet-20 or Transformer training run showed 0.5-2 GB of boxed vectors
 * (batch-norm sums, column reductions, GEMM edge rows, the convolution's weight gradient). A
 * {@code lanewise} call written in the kernel has a profile of its own with one class in it, and
 * scalars go in as {@code broadcast(S, x)} vectors. The kernels that mix the shapes' users (the
 * stream kernels, {@link LaneTree}, the GEMM edge paths, the optimizers) are written so.
 */
final class VectorShapes {

    static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, shape(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, shape(DoubleVector.SPECIES_PREFERRED.vectorBitSize()));
    static final VectorSpecies<Float> STREAM_FLOAT =
            VectorSpecies.of(float.class, shape(Math.min(256, FloatVector.SPECIES_PREFERRED.vectorBitSize())));
    static final VectorSpecies<Double> STREAM_DOUBLE =
            VectorSpecies.of(double.class, shape(Math.min(256, DoubleVector.SPECIES_PREFERRED.vectorBitSize())));

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
