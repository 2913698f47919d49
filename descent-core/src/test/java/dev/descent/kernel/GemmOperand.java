package dev.descent.kernel;

import java.util.SplittableRandom;

/**
 * A test operand: an R x C matrix laid out in a padded array with a given layout, plus its values
 * as doubles for the oracle.
 */
final class GemmOperand {

    /** How an operand sits in its array. */
    enum Layout {
        /** row-major with padded rows */
        ROW_MAJOR,
        /** column-major: the transpose of a row-major matrix, by strides alone */
        TRANSPOSED,
        /** both strides non-unit */
        STRIDED,
        /** row stride 0: every row is the same */
        BROADCAST_ROWS,
        /** column stride 0: every column is the same */
        BROADCAST_COLS,
        /** row-major, rows stored bottom-up (negative row stride) */
        REVERSED_ROWS
    }

    final int rows;
    final int cols;
    final int off;
    final int rs;
    final int cs;
    final float[] f;
    final double[] d;

    private GemmOperand(int rows, int cols, int off, int rs, int cs, int length) {
        this.rows = rows;
        this.cols = cols;
        this.off = off;
        this.rs = rs;
        this.cs = cs;
        this.f = new float[length];
        this.d = new double[length];
    }

    /** Random values in [-1, 1) everywhere in the array, padding included (it must not be read). */
    static GemmOperand random(int rows, int cols, Layout layout, SplittableRandom rnd) {
        int pad = rnd.nextInt(3);
        int rs;
        int cs;
        switch (layout) {
            case ROW_MAJOR -> { rs = cols + pad; cs = 1; }
            case TRANSPOSED -> { rs = 1; cs = rows + pad; }
            case STRIDED -> { rs = 2 * cols + 1 + pad; cs = 2; }
            case BROADCAST_ROWS -> { rs = 0; cs = 1; }
            case BROADCAST_COLS -> { rs = 1; cs = 0; }
            case REVERSED_ROWS -> { rs = -(cols + pad); cs = 1; }
            default -> throw new AssertionError(layout);
        }
        long lo = Math.min(0, (long) Math.max(rows - 1, 0) * rs) + Math.min(0, (long) Math.max(cols - 1, 0) * cs);
        long hi = Math.max(0, (long) Math.max(rows - 1, 0) * rs) + Math.max(0, (long) Math.max(cols - 1, 0) * cs);
        int lead = rnd.nextInt(4);
        int off = (int) (lead - lo);
        int length = (int) (off + hi + 1 + rnd.nextInt(4));
        GemmOperand o = new GemmOperand(rows, cols, off, rs, cs, length);
        for (int i = 0; i < length; i++) {
            o.f[i] = (float) rnd.nextDouble(-1, 1);
            o.d[i] = rnd.nextDouble(-1, 1);
        }
        return o;
    }

    int index(int i, int j) {
        return off + i * rs + j * cs;
    }
}
