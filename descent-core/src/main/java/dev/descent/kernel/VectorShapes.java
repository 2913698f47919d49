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
 * <p><b>Two shapes in one program cost something: vectors get boxed.</b> The convenience methods
 * ({@code add}, {@code mul}, {@code fma}, ..., and every form taking a scalar) are single methods
 * of {@code FloatVector}/{@code DoubleVector} shared by all species, and they call {@code lanewise}
 * virtually. C2 parses that call before it knows the exact class of a just-loaded vector, so it
 * follows the call's receiver profile, which every kernel in the program feeds; when it guesses
 * wrong, or has no profile, the compiled kernel allocates a box per vector. The stream kernels,
 * {@link LaneTree}, the GEMM edge paths, the optimizers and the activation kernels therefore call
 * {@code lanewise} at their own sites (own profiles, one class each), with scalars broadcast first
 * (except some in the optimizers other than SGD, which still pass scalars).
 * That removed the column reductions' 1.6 GB of boxes per Transformer run. It is not a cure: in
 * ResNet-20 training (2026-11-29, {@code Quick train resnet20 128 2} with JFR, three runs of each
 * build) some run still boxed 0.7-3 GB in one kernel or another (batch-norm sums, the conv weight
 * gradient's tile, elementwise add), a different one each run, whichever way those kernels were
 * written; the run with the least (0.7 GB) reached 681 samples/s, those with 1.9-3.0 GB 519-598.
 * The convolution and batch-norm kernels keep their convenience calls: converted, the batch-norm
 * sums boxed 10-12 GB in two runs of two.
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
