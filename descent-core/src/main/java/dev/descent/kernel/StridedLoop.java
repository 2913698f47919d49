package dev.descent.kernel;

/**
 * Walks a range of flat (row-major) element indices of a collapsed layout as inner-run segments, for
 * up to three operands. A kernel sees only segments: {@code len} elements starting at one offset per
 * operand, with the inner strides of the layout.
 *
 * <p>Splitting by flat index (not by rows) gives every thread the same amount of work whatever the
 * shape: a chunk may start and end inside a row.
 */
final class StridedLoop {

    /** One inner-run segment: {@code len} elements at offsets {@code o0, o1, o2} of the three operands. */
    @FunctionalInterface
    interface Segment {
        void run(int len, int o0, int o1, int o2);
    }

    private StridedLoop() {}

    /**
     * Calls {@code body} for the segments covering flat indices {@code [start, end)} of {@code c}, whose
     * operands start at {@code off0, off1, off2}. {@code c} must have three stride arrays.
     */
    static void segments(Layout.Collapsed c, int off0, int off1, int off2, int start, int end, Segment body) {
        int[] shape = c.shape();
        int[] s0 = c.strides()[0];
        int[] s1 = c.strides()[1];
        int[] s2 = c.strides()[2];
        int r = shape.length;
        int inner = shape[r - 1];
        int i0 = s0[r - 1];
        int i1 = s1[r - 1];
        int i2 = s2[r - 1];
        int row = start / inner;
        int col = start - row * inner;
        int[] idx = new int[r];
        int o0 = off0;
        int o1 = off1;
        int o2 = off2;
        for (int d = r - 2, rem = row; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
            o0 += idx[d] * s0[d];
            o1 += idx[d] * s1[d];
            o2 += idx[d] * s2[d];
        }
        int pos = start;
        while (pos < end) {
            int len = Math.min(inner - col, end - pos);
            body.run(len, o0 + col * i0, o1 + col * i1, o2 + col * i2);
            pos += len;
            col = 0;
            if (pos >= end) {
                break;
            }
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                o0 += s0[d];
                o1 += s1[d];
                o2 += s2[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                o0 -= shape[d] * s0[d];
                o1 -= shape[d] * s1[d];
                o2 -= shape[d] * s2[d];
                idx[d] = 0;
            }
        }
    }
}
