package dev.descent.ops;

/**
 * The 1-D fibres ("lanes") of a strided tensor along one dimension: reductions, softmax and their
 * backward passes walk one lane at a time. Lane {@code i} is the {@code i}-th combination of the other
 * dimensions in row-major order, so a reduction that writes lane {@code i} to element {@code i} of a
 * contiguous output lays the result out exactly as the reduced shape expects.
 */
final class Lanes {
    private Lanes() {}

    /** Storage offset of the first element of every lane along {@code dim}. */
    static int[] starts(int[] shape, int[] strides, int offset, int dim) {
        int rank = shape.length;
        int count = 1;
        for (int d = 0; d < rank; d++) {
            if (d != dim) {
                count *= shape[d];
            }
        }
        int[] out = new int[count];
        int[] idx = new int[rank];
        int p = offset;
        for (int i = 0; i < count; i++) {
            out[i] = p;
            for (int d = rank - 1; d >= 0; d--) {
                if (d == dim) {
                    continue;
                }
                if (++idx[d] < shape[d]) {
                    p += strides[d];
                    break;
                }
                idx[d] = 0;
                p -= strides[d] * (shape[d] - 1);
            }
        }
        return out;
    }
}
