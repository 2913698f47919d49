package dev.descent.ops;

import dev.descent.tensor.Storage;

/**
 * Scalar reference loops for indexed reads and writes. Both walk a "walk shape" in row-major order;
 * along {@code dim} the position in the indexed tensor comes from the index instead of the walk:
 * per element ({@code gather}, {@code scatter_add}) or per coordinate along {@code dim}
 * ({@code index_select}, {@code index_add}).
 */
final class IndexKernels {
    private IndexKernels() {}

    /** out[i] = src[walk position i with its {@code dim} coordinate replaced by the index]; out contiguous. */
    static void gather(int[] walk, int dim, int[] index, boolean perElement,
                       Storage src, int srcOffset, int[] srcStrides, Storage out) {
        int rank = walk.length;
        int n = Loops.numel(walk);
        int[] idx = new int[rank];
        int along = srcStrides[dim];
        int p = srcOffset;
        for (int i = 0; i < n; i++) {
            int k = perElement ? index[i] : index[idx[dim]];
            Loops.write(out, i, Loops.read(src, p + k * along));
            for (int d = rank - 1; d >= 0; d--) {
                int step = d == dim ? 0 : srcStrides[d];
                if (++idx[d] < walk[d]) {
                    p += step;
                    break;
                }
                idx[d] = 0;
                p -= step * (walk[d] - 1);
            }
        }
    }

    /** dst[walk position i with its {@code dim} coordinate replaced by the index] += src[walk position i]. */
    static void scatterAdd(int[] walk, int dim, int[] index, boolean perElement,
                           Storage src, int srcOffset, int[] srcStrides,
                           Storage dst, int dstOffset, int[] dstStrides) {
        int rank = walk.length;
        int n = Loops.numel(walk);
        int[] idx = new int[rank];
        int along = dstStrides[dim];
        int ps = srcOffset;
        int pd = dstOffset;
        for (int i = 0; i < n; i++) {
            int k = perElement ? index[i] : index[idx[dim]];
            int at = pd + k * along;
            Loops.write(dst, at, Loops.read(dst, at) + Loops.read(src, ps));
            for (int d = rank - 1; d >= 0; d--) {
                int step = d == dim ? 0 : dstStrides[d];
                if (++idx[d] < walk[d]) {
                    ps += srcStrides[d];
                    pd += step;
                    break;
                }
                idx[d] = 0;
                ps -= srcStrides[d] * (walk[d] - 1);
                pd -= step * (walk[d] - 1);
            }
        }
    }

    /** out[i] = mask[i] != 0 ? value : x[i], over contiguous operands of {@code n} elements. */
    static void maskedFill(int n, Storage x, int xOffset, Storage mask, int maskOffset, double value, Storage out) {
        for (int i = 0; i < n; i++) {
            Loops.write(out, i, Loops.read(mask, maskOffset + i) != 0 ? value : Loops.read(x, xOffset + i));
        }
    }
}
