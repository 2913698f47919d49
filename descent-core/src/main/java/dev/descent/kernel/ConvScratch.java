package dev.descent.kernel;

/**
 * Per-thread scratch arrays of the convolution kernels, grown on demand and kept, so that a training
 * step allocates nothing large afresh (the packed and the flipped weight alone were 15 MB/s of
 * garbage at ResNet-20's shapes). Every user writes each element before it reads it, or clears what
 * it accumulates into, so stale contents never leak into results.
 *
 * <p>Ownership: {@link #packed} and {@link #flipped} belong to the thread that calls a kernel, which
 * fills them and then shares them read-only with the pool's workers for the duration of the call;
 * {@link #planes} and {@link #tile} belong to whichever thread works on an image. A thread never runs
 * two convolutions at once (the pool's tasks do not nest convolutions), so the roles do not collide.
 * This class does not touch the Vector API, so {@link ConvKernels} may load it on any JVM.
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> LOCAL = ThreadLocal.withInitial(ConvScratch::new);

    private float[] packed = new float[0];
    private float[] flipped = new float[0];
    private float[] planes = new float[0];
    private float[] tile = new float[0];

    private ConvScratch() {}

    /** {@code a} when it holds {@code size} elements, else a new, larger array (old contents dropped). */
    private static float[] grown(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** @return the calling thread's scratch */
    static ConvScratch get() {
        return LOCAL.get();
    }

    /** The weight regrouped for the direct kernel's tiles; the caller's, read by the workers. */
    float[] packed(int size) {
        return packed = grown(packed, size);
    }

    /** The flipped, transposed weight of an input gradient taken as a forward; the caller's. */
    float[] flipped(int size) {
        return flipped = grown(flipped, size);
    }

    /** Padded input planes and the wide output after them, of the image this thread works on. */
    float[] planes(int size) {
        return planes = grown(planes, size);
    }

    /** The vector accumulators of one weight-gradient tile, before their lanes are added. */
    float[] tile(int size) {
        return tile = grown(tile, size);
    }
}
