package dev.descent.kernel;

/**
 * The time loop of a float32 recurrent layer (Elman RNN, LSTM, GRU; one direction), forward and
 * backpropagation through time, on all {@link Parallel#threads()} threads at once.
 *
 * <p>Batch rows never interact in a recurrence, so the batch is cut into one contiguous block of
 * rows per thread and each thread runs the whole sequence over its block: one hand-off per
 * sequence instead of one per GEMM. The recurrent weight is packed once per sequence
 * ({@link PackedGemm}) and each step's product {@code h_{t−1}·W_hhᵀ} runs straight into the gate
 * math of the same rows while they are in cache. Every row is computed by the same operations in
 * the same order whatever block it falls in, so the results do not depend on the thread count.
 *
 * <p>Layouts (all float32): {@code xw(s, r, j) = xw[xOff + s·xStep + r·xRow + j]}, the input
 * projections with the bias {@code b_ih} already added, {@code G·H} gate columns; the recurrent
 * weight {@code W(i, j) = w[wOff + i·wRs + j·wCs]}, {@code [G·H, H]}; {@code out} holds h for every
 * step, {@code [T, B, H]}, followed for the LSTM by c for every step; {@code act} holds the saved
 * gate values per step and row, {@code [T, B, 4H]} (LSTM: i, f, g, o; GRU: r, z, n, s_n; unused for
 * the RNN). The initial states {@code h0}, {@code c0} are contiguous {@code [B, H]}.
 */
public final class RecurrentScan {
    private RecurrentScan() {}

    /** The cell: how many gate blocks G it has and what its step computes. */
    public enum Cell {
        /** Elman RNN with tanh. */
        RNN_TANH(1),
        /** Elman RNN with relu. */
        RNN_RELU(1),
        /** LSTM, gates i, f, g, o. */
        LSTM(4),
        /** GRU, gates r, z, n. */
        GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** G, the number of H-blocks of the weights. */
        public int gates() {
            return gates;
        }
    }

    /**
     * An input projection run inside the time loop: each step adds {@code x_t·W_ihᵀ} for its rows to
     * the recurrent product, so that no {@code [T, B, G·H]} projection is ever written or read.
     * {@code x(s, r, p) = x[off + s·step + r·row + p]} for {@code p < size}; W_ih is packed once.
     * Not for the GRU, whose n gate keeps the two projections apart.
     */
    public static final class Input {
        final float[] x;
        final int off;
        final int step;
        final int row;
        final PackedGemm.Panel w;

        private Input(float[] x, int off, int step, int row, PackedGemm.Panel w) {
            this.x = x;
            this.off = off;
            this.step = step;
            this.row = row;
            this.w = w;
        }
    }

    /**
     * Packs {@code W_ih(j, p) = w[wOff + j·wRs + p·wCs]}, {@code [gw, size]}, for a forward over
     * {@code t} steps of {@code b} rows of {@code x} (layout in {@link Input}).
     */
    public static Input input(int t, int b, int size, float[] x, int off, int step, int row,
                              int gw, float[] w, int wOff, int wRs, int wCs) {
        if (size < 1 || row < size) {
            throw new IllegalArgumentException("RecurrentScan.input: need size >= 1 and row stride >= size, got size="
                    + size + ", row=" + row);
        }
        Layout.checkRange("x", x.length, off, (t - 1) * step + (b - 1) * row + size);
        return new Input(x, off, step, row, PackedGemm.pack(size, gw, w, wOff, wCs, wRs)); // B(p, j) = W_ih(j, p)
    }

    /**
     * Runs the recurrence forward over T steps; see the class comment for the layouts. The recurrent
     * bias {@code b_hh} ({@code G·H} values at {@code bOff}) may be null.
     */
    public static void forward(Cell cell, int t, int b, int h, float[] xw, int xOff, int xStep, int xRow,
                               float[] w, int wOff, int wRs, int wCs, float[] bias, int bOff,
                               float[] h0, int h0Off, float[] c0, int c0Off, float[] out, float[] act) {
        forward(cell, t, b, h, xw, xOff, xStep, xRow, null, w, wOff, wRs, wCs, bias, bOff, h0, h0Off, c0, c0Off,
                out, act);
    }

    /**
     * {@link #forward} with the input projection {@code in} (may be null) added at every step: the
     * pre-activations are then {@code xw + (b_hh + x_t·W_ihᵀ + h_{t−1}·W_hhᵀ)}, where {@code xw}
     * usually holds just {@code b_ih} with both strides zero.
     */
    public static void forward(Cell cell, int t, int b, int h, float[] xw, int xOff, int xStep, int xRow, Input in,
                               float[] w, int wOff, int wRs, int wCs, float[] bias, int bOff,
                               float[] h0, int h0Off, float[] c0, int c0Off, float[] out, float[] act) {
        int gw = cell.gates * h;
        checkSizes(cell, t, b, h, out, act, h0, h0Off, c0, c0Off);
        if (in != null && (cell == Cell.GRU || in.w.n != gw)) {
            throw new IllegalArgumentException("RecurrentScan.forward: an input projection needs a " + gw
                    + "-column weight and a cell other than the GRU, got " + in.w.n + " columns, " + cell);
        }
        Layout.checkRange("xw", xw.length, xOff, (t - 1) * xStep + (b - 1) * xRow + gw);
        if (bias != null) {
            Layout.checkRange("bias", bias.length, bOff, gw);
        }
        PackedGemm.Panel wt = PackedGemm.pack(h, gw, w, wOff, wCs, wRs); // B(p, j) = W(j, p): W_hhᵀ
        int parts = Math.min(Parallel.threads(), b);
        Parallel.forChunks(parts, part -> {
            int r0 = GemmBlocking.split(b, parts, part);
            int r1 = GemmBlocking.split(b, parts, part + 1);
            forwardRows(cell, t, b, h, r0, r1, xw, xOff, xStep, xRow, in, wt, bias, bOff, h0, h0Off, c0, c0Off, out, act);
        });
    }

    private static void forwardRows(Cell cell, int t, int b, int h, int r0, int r1,
                                    float[] xw, int xOff, int xStep, int xRow, Input in, PackedGemm.Panel wt, float[] bias,
                                    int bOff, float[] h0, int h0Off, float[] c0, int c0Off, float[] out, float[] act) {
        int gw = cell.gates * h;
        int rows = r1 - r0;
        int plane = t * b * h;
        float[] s = new float[rows * gw];
        for (int step = 0; step < t; step++) {
            if (bias != null) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(bias, bOff, s, r * gw, gw);
                }
            }
            float[] hp = step == 0 ? h0 : out;
            int hpBase = step == 0 ? h0Off : (step - 1) * b * h;
            if (in != null) {
                PackedGemm.multiply(in.w, rows, in.x, in.off + step * in.step + r0 * in.row, in.row, s, 0, gw, bias != null);
            }
            PackedGemm.multiply(wt, rows, hp, hpBase + r0 * h, h, s, 0, gw, bias != null || in != null);
            for (int r = r0; r < r1; r++) {
                int xo = xOff + step * xStep + r * xRow;
                int so = (r - r0) * gw;
                int ho = (step * b + r) * h;
                int ao = (step * b + r) * 4 * h;
                switch (cell) {
                    case RNN_TANH, RNN_RELU -> RecurrentCells.rnnForward(cell == Cell.RNN_RELU, h, xw, xo, s, so, out, ho);
                    case LSTM -> {
                        float[] cp = step == 0 ? c0 : out;
                        int cpo = step == 0 ? c0Off + r * h : plane + ((step - 1) * b + r) * h;
                        LstmGates.forward(h, xw, xo, s, so, cp, cpo, act, ao, out, plane + ho, out, ho);
                    }
                    case GRU -> {
                        if (Simd.enabled()) {
                            VectorGruGatesFloat.forward(h, xw, xo, s, so, hp, hpBase + r * h, act, ao, out, ho);
                        } else {
                            RecurrentCells.gruForward(h, xw, xo, s, so, hp, hpBase + r * h, act, ao, out, ho);
                        }
                    }
                }
            }
        }
    }

    /**
     * Backpropagation through time. {@code g} (at {@code gOff}) is the gradient of {@code out}, in
     * its layout. Writes the gradients of the pre-activations, {@code dx} for the input projections
     * and {@code dgh} for the recurrent ones, both {@code [T, B, G·H]} (the same array except for
     * the GRU), and leaves in {@code dh} (and, for the LSTM, {@code dc}), {@code [B, H]} and zero on
     * entry, the gradients of h0 and c0. With {@code needH0} false the last product, which only
     * feeds h0's gradient, is skipped and {@code dh} is left partial.
     */
    public static void backward(Cell cell, int t, int b, int h, float[] g, int gOff,
                                float[] w, int wOff, int wRs, int wCs, float[] h0, int h0Off, float[] c0, int c0Off,
                                float[] out, float[] act, float[] dx, float[] dgh, float[] dh, float[] dc,
                                boolean needH0) {
        int gw = cell.gates * h;
        checkSizes(cell, t, b, h, out, act, h0, h0Off, c0, c0Off);
        int planes = cell == Cell.LSTM ? 2 : 1;
        Layout.checkRange("g", g.length, gOff, planes * t * b * h);
        Layout.checkRange("dx", dx.length, 0, t * b * gw);
        Layout.checkRange("dgh", dgh.length, 0, t * b * gw);
        Layout.checkRange("dh", dh.length, 0, b * h);
        if (cell == Cell.LSTM) {
            Layout.checkRange("dc", dc.length, 0, b * h);
        }
        PackedGemm.Panel wp = PackedGemm.pack(gw, h, w, wOff, wRs, wCs); // B(p, j) = W(p, j)
        int parts = Math.min(Parallel.threads(), b);
        Parallel.forChunks(parts, part -> {
            int r0 = GemmBlocking.split(b, parts, part);
            int r1 = GemmBlocking.split(b, parts, part + 1);
            backwardRows(cell, t, b, h, r0, r1, g, gOff, wp, h0, h0Off, c0, c0Off, out, act, dx, dgh, dh, dc, needH0);
        });
    }

    private static void backwardRows(Cell cell, int t, int b, int h, int r0, int r1, float[] g, int gOff,
                                     PackedGemm.Panel wp, float[] h0, int h0Off, float[] c0, int c0Off,
                                     float[] out, float[] act, float[] dx, float[] dgh, float[] dh, float[] dc,
                                     boolean needH0) {
        int gw = cell.gates * h;
        int plane = t * b * h;
        for (int step = t - 1; step >= 0; step--) {
            addRows(dh, g, gOff + step * b * h, r0 * h, r1 * h);
            if (cell == Cell.LSTM) {
                addRows(dc, g, gOff + plane + step * b * h, r0 * h, r1 * h);
            }
            for (int r = r0; r < r1; r++) {
                int k = r * h;
                int row = (step * b + r) * gw;
                int ao = (step * b + r) * 4 * h;
                switch (cell) {
                    case RNN_TANH, RNN_RELU ->
                            RecurrentCells.rnnBackward(cell == Cell.RNN_RELU, h, out, (step * b + r) * h, dh, k, dx, row);
                    case LSTM -> {
                        float[] cp = step == 0 ? c0 : out;
                        int cpo = step == 0 ? c0Off + k : plane + ((step - 1) * b + r) * h;
                        LstmGates.backward(h, act, ao, out, plane + (step * b + r) * h, cp, cpo, dh, k, dc, k, dx, row);
                    }
                    case GRU -> {
                        float[] hp = step == 0 ? h0 : out;
                        int hpo = step == 0 ? h0Off + k : ((step - 1) * b + r) * h;
                        if (Simd.enabled()) {
                            VectorGruGatesFloat.backward(h, act, ao, hp, hpo, dh, k, dx, row, dgh, row);
                        } else {
                            RecurrentCells.gruBackward(h, act, ao, hp, hpo, dh, k, dx, row, dgh, row);
                        }
                    }
                }
            }
            // dh_{t−1} += dGh_t · W_hh for these rows
            if (step > 0 || needH0) {
                PackedGemm.multiply(wp, r1 - r0, dgh, (step * b + r0) * gw, gw, dh, r0 * h, h, true);
            }
        }
    }

    /** {@code acc[k] += src[off + k]} for {@code k} in {@code [from, to)}. */
    private static void addRows(float[] acc, float[] src, int off, int from, int to) {
        for (int k = from; k < to; k++) {
            acc[k] += src[off + k];
        }
    }

    /**
     * Column sums of a row-major {@code [rows, cols]} block in double, each column summed in
     * increasing row order: the bias gradient. One thread, streaming the rows: split across threads
     * by column ranges (the only split that keeps the bits independent of the thread count) each
     * thread strides over every row, and that ran five times slower on 2 threads than this on one
     * ([3200, 512]: 0.8 ms against 0.15 ms).
     */
    public static double[] columnSums(float[] src, int off, int rows, int cols) {
        Layout.checkRange("src", src.length, off, rows * cols);
        double[] sums = new double[cols];
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int j = 0; j < cols; j++) {
                sums[j] += src[base + j];
            }
        }
        return sums;
    }

    private static void checkSizes(Cell cell, int t, int b, int h, float[] out, float[] act,
                                   float[] h0, int h0Off, float[] c0, int c0Off) {
        if (t < 1 || b < 1 || h < 1) {
            throw new IllegalArgumentException("RecurrentScan: need T, B, H >= 1, got " + t + ", " + b + ", " + h);
        }
        int planes = cell == Cell.LSTM ? 2 : 1;
        Layout.checkRange("out", out.length, 0, planes * t * b * h);
        Layout.checkRange("h0", h0.length, h0Off, b * h);
        if (cell == Cell.LSTM || cell == Cell.GRU) {
            Layout.checkRange("act", act.length, 0, t * b * 4 * h);
        }
        if (cell == Cell.LSTM) {
            Layout.checkRange("c0", c0.length, c0Off, b * h);
        }
    }
}
