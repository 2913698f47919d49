package dev.descent.kernel;

/**
 * An allocation-free walk over the inner rows of a collapsed layout, for two operands (the data and,
 * for the arg-reductions, the flat index): {@link #next()} moves to the next row and sets
 * {@link #off0}, {@link #off1}. Reused for every output of a reduction, so nothing is allocated per
 * output.
 */
final class SegmentCursor {

    private final int[] shape;
    private final int[] s0;
    private final int[] s1;
    private final int[] idx;
    private final int outer;
    private int row;
    private int o0;
    private int o1;

    /** Length of every row (the inner dimension). */
    final int len;
    /** Inner stride of operand 0 and operand 1. */
    final int stride0;
    final int stride1;
    /** Start of the current row in operand 0 and operand 1. */
    int off0;
    int off1;

    SegmentCursor(Layout.Collapsed c) {
        shape = c.shape();
        s0 = c.strides()[0];
        s1 = c.strides()[1];
        int r = shape.length;
        idx = new int[r];
        len = shape[r - 1];
        stride0 = s0[r - 1];
        stride1 = s1[r - 1];
        int o = 1;
        for (int d = 0; d < r - 1; d++) {
            o *= shape[d];
        }
        outer = o;
    }

    /** Restarts the walk with the layout placed at {@code base0} / {@code base1}. */
    void reset(int base0, int base1) {
        java.util.Arrays.fill(idx, 0);
        row = -1;
        o0 = base0;
        o1 = base1;
    }

    /** Advances to the next row; false when all rows are done. */
    boolean next() {
        if (row >= 0) {
            for (int d = shape.length - 2; d >= 0; d--) {
                idx[d]++;
                o0 += s0[d];
                o1 += s1[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                o0 -= shape[d] * s0[d];
                o1 -= shape[d] * s1[d];
                idx[d] = 0;
            }
        }
        if (++row >= outer) {
            return false;
        }
        off0 = o0;
        off1 = o1;
        return true;
    }
}
