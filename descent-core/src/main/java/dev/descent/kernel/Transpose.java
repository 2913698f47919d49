package dev.descent.kernel;

/**
 * Cache-blocked copy for views whose last two dimensions are transposed relative to the destination
 * ({@code x.t().contiguous()}, batched too).
 *
 * <p>A plain loop would read one operand with a large stride, touching a new cache line per element
 * and evicting it before its neighbours are used. Copying {@value #BLOCK} x {@value #BLOCK} tiles
 * keeps the lines of both operands in L1 while the tile is done (32 x 32 floats are 4 KiB a side).
 */
final class Transpose {

    static final int BLOCK = 32;
    private static final int MIN_SIDE = 8;

    private Transpose() {}

    /**
     * True when, after collapsing (operand 0 the destination, 1 the source), one operand is contiguous
     * along the last dimension and the other along the second to last, and the plane is large enough
     * for tiling to pay.
     */
    static boolean applies(Layout.Collapsed c) {
        int r = c.rank();
        if (r < 2 || c.shape()[r - 1] < MIN_SIDE || c.shape()[r - 2] < MIN_SIDE) {
            return false;
        }
        int[] d = c.strides()[0];
        int[] s = c.strides()[1];
        boolean dstRowsSrcCols = d[r - 1] == 1 && s[r - 2] == 1 && s[r - 1] != 1 && s[r - 1] != 0;
        boolean srcRowsDstCols = s[r - 1] == 1 && d[r - 2] == 1 && d[r - 1] != 1;
        return dstRowsSrcCols || srcRowsDstCols;
    }

    static void copy(Layout.Collapsed c, float[] src, int srcOff, float[] dst, int dstOff) {
        Plan p = new Plan(c);
        EwParallel.forRange(p.tasks, p.grain, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int plane = t / p.rowBlocks;
                int i0 = (t - plane * p.rowBlocks) * BLOCK;
                int i1 = Math.min(p.rows, i0 + BLOCK);
                int so = srcOff + p.planeOffset(plane, 1);
                int dOff = dstOff + p.planeOffset(plane, 0);
                for (int j0 = 0; j0 < p.cols; j0 += BLOCK) {
                    int j1 = Math.min(p.cols, j0 + BLOCK);
                    for (int i = i0; i < i1; i++) {
                        int sRow = so + i * p.srs;
                        int dRow = dOff + i * p.drs;
                        for (int j = j0; j < j1; j++) {
                            dst[dRow + j * p.dcs] = src[sRow + j * p.scs];
                        }
                    }
                }
            }
        });
    }

    static void copy(Layout.Collapsed c, double[] src, int srcOff, double[] dst, int dstOff) {
        Plan p = new Plan(c);
        EwParallel.forRange(p.tasks, p.grain, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int plane = t / p.rowBlocks;
                int i0 = (t - plane * p.rowBlocks) * BLOCK;
                int i1 = Math.min(p.rows, i0 + BLOCK);
                int so = srcOff + p.planeOffset(plane, 1);
                int dOff = dstOff + p.planeOffset(plane, 0);
                for (int j0 = 0; j0 < p.cols; j0 += BLOCK) {
                    int j1 = Math.min(p.cols, j0 + BLOCK);
                    for (int i = i0; i < i1; i++) {
                        int sRow = so + i * p.srs;
                        int dRow = dOff + i * p.drs;
                        for (int j = j0; j < j1; j++) {
                            dst[dRow + j * p.dcs] = src[sRow + j * p.scs];
                        }
                    }
                }
            }
        });
    }

    /** The planes (leading dimensions), the tiles per plane, and the parallel grain in tile-rows. */
    private static final class Plan {
        final Layout.Collapsed c;
        final int rows;
        final int cols;
        final int drs;
        final int dcs;
        final int srs;
        final int scs;
        final int rowBlocks;
        final int tasks;
        final int grain;

        Plan(Layout.Collapsed c) {
            this.c = c;
            int r = c.rank();
            rows = c.shape()[r - 2];
            cols = c.shape()[r - 1];
            drs = c.strides()[0][r - 2];
            dcs = c.strides()[0][r - 1];
            srs = c.strides()[1][r - 2];
            scs = c.strides()[1][r - 1];
            int planes = 1;
            for (int d = 0; d < r - 2; d++) {
                planes *= c.shape()[d];
            }
            rowBlocks = (rows + BLOCK - 1) / BLOCK;
            tasks = planes * rowBlocks;
            long n = (long) planes * rows * cols;
            long perTask = (long) BLOCK * cols;
            grain = n < Elementwise.PARALLEL_THRESHOLD ? Math.max(tasks, 1) : (int) Math.max(1, Elementwise.GRAIN / perTask);
        }

        /** Offset of plane {@code p} (row-major over the leading dimensions) in operand {@code k}. */
        int planeOffset(int p, int k) {
            int[] shape = c.shape();
            int[] s = c.strides()[k];
            int off = 0;
            for (int d = shape.length - 3; d >= 0; d--) {
                int i = p % shape[d];
                p /= shape[d];
                off += i * s[d];
            }
            return off;
        }
    }
}
