package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.RecurrentScan;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One recurrent layer run over a whole sequence, as PyTorch's {@code RNN}, {@code LSTM} and
 * {@code GRU} cells (one direction). The input projection is done by the caller in one GEMM for
 * all time steps, {@code xw = x·W_ihᵀ + b_ih} of shape {@code [T, B, G·H]} (G = 1, 4, 3 gates);
 * this op runs the time loop:
 * <pre>
 *   gh = h_{t−1}·W_hhᵀ + b_hh                                   (one GEMM per step, all gates fused)
 *   RNN:  h_t = act(xw_t + gh)                                    act = tanh or relu
 *   LSTM: i, f, g, o = σ(·), σ(·), tanh(·), σ(·) of the four H-blocks of xw_t + gh
 *         c_t = f ⊙ c_{t−1} + i ⊙ g        h_t = o ⊙ tanh(c_t)
 *   GRU:  r = σ(xw_r + gh_r)   z = σ(xw_z + gh_z)   n = tanh(xw_n + r ⊙ gh_n)
 *         h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * </pre>
 *
 * <p>{@link #scan} is the fast path: a single graph node for the whole sequence whose forward and
 * backward (backpropagation through time) are plain loops around one GEMM per step, with no
 * per-step tensors. In float32 the whole time loop is one call of
 * {@link dev.descent.kernel.RecurrentScan}, which packs W_hh once per sequence and gives each thread
 * a block of batch rows for all steps (one hand-off per sequence, not per step). Under {@code createGraph} its backward is written with tensor operations
 * instead, so that second derivatives work too. {@link #scanReference} is the slow twin: the same
 * recurrence as ordinary differentiable tensor operations, a handful of graph nodes per step;
 * the tests hold the two against each other.
 */
public final class Recurrent {
    private Recurrent() {}

    /** The cell type; each names the kernel cell that runs its float32 time loop. */
    public enum Cell {
        /** Elman RNN with tanh. */
        RNN_TANH(RecurrentScan.Cell.RNN_TANH),
        /** Elman RNN with relu. */
        RNN_RELU(RecurrentScan.Cell.RNN_RELU),
        /** Long short-term memory, gate order i, f, g, o. */
        LSTM(RecurrentScan.Cell.LSTM),
        /** Gated recurrent unit, gate order r, z, n. */
        GRU(RecurrentScan.Cell.GRU);

        private final RecurrentScan.Cell kernel;

        Cell(RecurrentScan.Cell kernel) {
            this.kernel = kernel;
        }

        /** Number of gate blocks G (weights have G·H rows). */
        public int gates() {
            return kernel.gates();
        }
    }

    /**
     * The outputs of one layer: the hidden state at every step {@code [T, B, H]}, the final hidden
     * state {@code [B, H]} and, for LSTM, the final cell state {@code [B, H]} (null otherwise).
     */
    public record Result(Tensor output, Tensor hN, Tensor cN) {}

    /**
     * Runs the recurrence, fused (see the class comment).
     *
     * @param xw  input projections {@code [T, B, G·H]} (any strides)
     * @param wHh recurrent weight {@code [G·H, H]}
     * @param bHh recurrent bias {@code [G·H]}, or null
     * @param h0  initial hidden state {@code [B, H]}
     * @param c0  initial cell state {@code [B, H]} for LSTM, null for the others
     */
    public static Result scan(Cell cell, Tensor xw, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0) {
        int[] dims = check(cell, xw.shapeRef(), wHh, bHh, h0, c0);
        DType dt = NnUtil.promote(xw, wHh, bHh, h0, c0);
        xw = xw.to(dt);
        wHh = wHh.to(dt);
        bHh = NnUtil.to(bHh, dt);
        h0 = h0.to(dt);
        c0 = NnUtil.to(c0, dt);
        Fast f = new Fast(cell, dims[0], dims[1], dims[2], dt);
        f.forward(xw.detach(), wHh.detach(), bHh == null ? null : bHh.detach(), h0.detach(),
                c0 == null ? null : c0.detach());
        Tensor packed = f.out;
        if (NnUtil.recording(xw, wHh, bHh, h0, c0)) {
            packed = packed.withGradFn(new ScanBackward(cell, xw, wHh, bHh, h0, c0, f));
        }
        return unpack(cell, packed, dims[0]);
    }

    /**
     * One whole layer, {@link #scan} of the input projection {@code x·W_ihᵀ + b_ih}, with the
     * projection fused into the time loop for the float32 LSTM and RNN: each step adds
     * {@code x_t·W_ihᵀ} to its recurrent product, so the {@code [T, B, G·H]} projection is never
     * stored, and the backward makes the input-side gradients from the same pre-activation
     * gradients that give W_hh's ({@code dW_ih = Σ dGᵀ·x}, {@code db_ih = db_hh},
     * {@code dx = dG·W_ih}) in one graph node. The GRU and float64 run the projection and
     * {@link #scan} as two ops.
     *
     * @param x   the input sequence {@code [T, B, I]} (any strides)
     * @param wIh input weight {@code [G·H, I]}
     * @param bIh input bias {@code [G·H]}, or null
     */
    public static Result layer(Cell cell, Tensor x, Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh, Tensor h0,
                               Tensor c0) {
        DType dt = NnUtil.promote(x, wIh, bIh, wHh, bHh, h0, c0);
        if (cell == Cell.GRU || dt != DType.FLOAT32) {
            return scan(cell, NnFunctional.linear(x, wIh, bIh), wHh, bHh, h0, c0);
        }
        String op = "Recurrent." + cell.name().toLowerCase(java.util.Locale.ROOT);
        int gw = cell.gates() * wHh.size(1);
        if (x.dim() != 3 || wIh.dim() != 2 || wIh.size(0) != gw || wIh.size(1) != x.size(2)
                || (bIh != null && (bIh.dim() != 1 || bIh.size(0) != gw))) {
            throw new IllegalArgumentException(op + ": expected input [T, B, I], input weight [" + gw + ", I] and input bias ["
                    + gw + "], got " + Shape.str(x.shapeRef()) + ", " + Shape.str(wIh.shapeRef()) + ", "
                    + (bIh == null ? "none" : Shape.str(bIh.shapeRef())));
        }
        int[] dims = check(cell, new int[] {x.size(0), x.size(1), gw}, wHh, bHh, h0, c0);
        Fast f = new Fast(cell, dims[0], dims[1], dims[2], dt);
        f.forwardLayer(x.detach(), wIh.detach(), bIh == null ? null : bIh.detach(), wHh.detach(),
                bHh == null ? null : bHh.detach(), h0.detach(), c0 == null ? null : c0.detach());
        Tensor packed = f.out;
        if (NnUtil.recording(x, wIh, bIh, wHh, bHh, h0, c0)) {
            packed = packed.withGradFn(new LayerBackward(cell, x, wIh, bIh, wHh, bHh, h0, c0, f));
        }
        return unpack(cell, packed, dims[0]);
    }

    /**
     * The slow twin of {@link #scan}: the same recurrence as differentiable tensor operations
     * (linear, chunk, sigmoid, tanh, mul, add per step, then stack).
     */
    public static Result scanReference(Cell cell, Tensor xw, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0) {
        int[] dims = check(cell, xw.shapeRef(), wHh, bHh, h0, c0);
        DType dt = NnUtil.promote(xw, wHh, bHh, h0, c0);
        Trace tr = trace(cell, xw.to(dt), wHh.to(dt), NnUtil.to(bHh, dt), h0.to(dt), NnUtil.to(c0, dt));
        int t = dims[0];
        Tensor output = Tensor.stack(tr.h.subList(1, t + 1), 0);
        Tensor cN = cell == Cell.LSTM ? tr.c.get(t) : null;
        return new Result(output, tr.h.get(t), cN);
    }

    private static Result unpack(Cell cell, Tensor packed, int t) {
        if (cell == Cell.LSTM) {
            Tensor output = packed.select(0, 0);
            return new Result(output, output.select(0, t - 1), packed.select(0, 1).select(0, t - 1));
        }
        return new Result(packed, packed.select(0, t - 1), null);
    }

    /** Validates shapes, {@code xw} being the input projections' shape; returns {T, B, H}. */
    private static int[] check(Cell cell, int[] xw, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0) {
        String op = "Recurrent." + cell.name().toLowerCase(java.util.Locale.ROOT);
        int g = cell.gates();
        if (wHh.dim() != 2 || wHh.size(0) != g * wHh.size(1)) {
            throw new IllegalArgumentException(op + ": expected recurrent weight [" + g + "·H, H], got "
                    + Shape.str(wHh.shapeRef()));
        }
        int h = wHh.size(1);
        if (xw.length != 3 || xw[2] != g * h) {
            throw new IllegalArgumentException(op + ": expected input projections [T, B, " + g * h + "] for hidden size "
                    + h + ", got " + Shape.str(xw));
        }
        int t = xw[0];
        int b = xw[1];
        if (t < 1) {
            throw new IllegalArgumentException(op + ": the sequence is empty (input projections "
                    + Shape.str(xw) + "); need at least one time step");
        }
        if (bHh != null && (bHh.dim() != 1 || bHh.size(0) != g * h)) {
            throw new IllegalArgumentException(op + ": expected recurrent bias [" + g * h + "], got "
                    + Shape.str(bHh.shapeRef()));
        }
        checkState(op, "h0", h0, b, h);
        if (cell == Cell.LSTM) {
            if (c0 == null) {
                throw new IllegalArgumentException(op + ": the LSTM needs an initial cell state c0 [" + b + ", " + h + "]");
            }
            checkState(op, "c0", c0, b, h);
        } else if (c0 != null) {
            throw new IllegalArgumentException(op + ": only the LSTM has a cell state; pass c0 = null");
        }
        return new int[] {t, b, h};
    }

    private static void checkState(String op, String what, Tensor s, int b, int h) {
        if (s == null || s.dim() != 2 || s.size(0) != b || s.size(1) != h) {
            throw new IllegalArgumentException(op + ": expected " + what + " [" + b + ", " + h + "], got "
                    + (s == null ? "null" : Shape.str(s.shapeRef())));
        }
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    private static void gemm(int m, int n, int k, Storage a, int aOff, int aRs, int aCs,
                             Storage b, int bOff, int bRs, int bCs, Storage c, int cOff, int ldc, boolean acc) {
        MatMul.batched(1, m, n, k, a, aOff, 0, aRs, aCs, b, bOff, 0, bRs, bCs, c, cOff, 0, ldc, acc);
    }

    // ---------------------------------------------------------------- fast path

    /**
     * Forward and first-order backward as loops. Buffers: {@code out} (the packed result, h for
     * every step and, for LSTM, c as a second plane: {@code [2, T, B, H]}), {@code act} (the gate
     * activations per step: LSTM i, f, g, o; GRU r, z, n and gh_n; none for RNN) and one
     * {@code [B, G·H]} scratch row block for the recurrent GEMM, reused by every step.
     */
    static final class Fast {
        /** Per-thread scratch of {@link #backwardLayer}; see {@code scratch}. */
        private static final ThreadLocal<float[]> SCRATCH = new ThreadLocal<>();

        final Cell cell;
        final int t;
        final int b;
        final int h;
        final DType dt;
        Tensor out;
        Tensor act;
        Tensor h0;
        Tensor c0;
        /** The layer's input {@code [T, B, I]}, contiguous, when the projection is fused ({@link #layer}). */
        Tensor x;

        Fast(Cell cell, int t, int b, int h, DType dt) {
            this.cell = cell;
            this.t = t;
            this.b = b;
            this.h = h;
            this.dt = dt;
        }

        /** Offset of h_step (step −1 is h0, held in its own tensor) inside {@code out}. */
        private int hOff(int step) {
            return step * b * h;
        }

        private int cOff(int step) {
            return t * b * h + step * b * h;
        }

        /** The states and output buffers every forward starts with. */
        private void allocate(Tensor h0in, Tensor c0in) {
            h0 = Dispatch.contiguous(h0in);
            c0 = c0in == null ? null : Dispatch.contiguous(c0in);
            out = cell == Cell.LSTM ? Tensor.empty(dt, 2, t, b, h) : Tensor.empty(dt, t, b, h);
            int actWidth = cell == Cell.LSTM || cell == Cell.GRU ? 4 * h : 0;
            act = actWidth == 0 ? null : Tensor.empty(dt, t, b, actWidth);
        }

        /** The float32 time loop in one kernel call: threads split the batch, W_hh packed once. */
        private void forwardFloat(float[] xw, int xOff, int xStep, int xRow, RecurrentScan.Input in, Tensor w,
                                  Tensor bc) {
            int[] ws = w.stridesRef();
            RecurrentScan.forward(cell.kernel, t, b, h, xw, xOff, xStep, xRow, in,
                    w.storage().floats(), w.offset(), ws[0], ws[1], bc == null ? null : bc.storage().floats(),
                    bc == null ? 0 : bc.offset(), h0.storage().floats(), h0.offset(),
                    c0 == null ? null : c0.storage().floats(), c0 == null ? 0 : c0.offset(),
                    out.storage().floats(), act == null ? null : act.storage().floats());
        }

        /**
         * The forward of {@link #layer}: {@code b_ih} stands in for the projections (both strides
         * zero) and the kernel adds {@code x_t·W_ihᵀ} at every step. Keeps x, contiguous, for the
         * weight gradient.
         */
        void forwardLayer(Tensor xin, Tensor wIh, Tensor bIh, Tensor w, Tensor bias, Tensor h0in, Tensor c0in) {
            int gw = cell.gates() * h;
            allocate(h0in, c0in);
            x = Dispatch.contiguous(xin);
            int size = x.size(2);
            int[] is = wIh.stridesRef();
            RecurrentScan.Input in = RecurrentScan.input(t, b, size, x.storage().floats(), x.offset(), b * size, size,
                    gw, wIh.storage().floats(), wIh.offset(), is[0], is[1]);
            Tensor bi = bIh == null ? Tensor.zeros(dt, gw) : Dispatch.contiguous(bIh);
            forwardFloat(bi.storage().floats(), bi.offset(), 0, 0, in, w, bias == null ? null : Dispatch.contiguous(bias));
        }

        void forward(Tensor xw, Tensor w, Tensor bias, Tensor h0in, Tensor c0in) {
            int gh = cell.gates() * h;
            allocate(h0in, c0in);
            Tensor bc = bias == null ? null : Dispatch.contiguous(bias);
            if (dt == DType.FLOAT32) {
                Tensor xc = xw.stridesRef()[2] == 1 ? xw : Dispatch.contiguous(xw);
                int[] xs = xc.stridesRef();
                forwardFloat(xc.storage().floats(), xc.offset(), xs[0], xs[1], null, w, bc);
                return;
            }
            Tensor scratch = Tensor.empty(dt, b, gh);
            Storage so = out.storage();
            Storage ss = scratch.storage();
            Storage sx = xw.storage();
            Storage sa = act == null ? null : act.storage();
            int[] xs = xw.stridesRef();
            int[] ws = w.stridesRef();
            for (int step = 0; step < t; step++) {
                // gh = b_hh (rows) + h_{t−1}·W_hhᵀ
                if (bc != null) {
                    for (int r = 0; r < b; r++) {
                        for (int j = 0; j < gh; j++) {
                            Loops.write(ss, r * gh + j, Loops.read(bc.storage(), bc.offset() + j));
                        }
                    }
                }
                Storage hs = step == 0 ? h0.storage() : so;
                int hOff = step == 0 ? h0.offset() : hOff(step - 1);
                gemm(b, gh, h, hs, hOff, h, 1, w.storage(), w.offset(), ws[1], ws[0], ss, 0, gh, bc != null);
                int xBase = xw.offset() + step * xs[0];
                for (int r = 0; r < b; r++) {
                    int xRow = xBase + r * xs[1];
                    int sRow = r * gh;
                    int oRow = hOff(step) + r * h;
                    int hpRow = hOff + r * h;
                    switch (cell) {
                        case RNN_TANH, RNN_RELU -> {
                            for (int j = 0; j < h; j++) {
                                double pre = Loops.read(sx, xRow + j * xs[2]) + Loops.read(ss, sRow + j);
                                Loops.write(so, oRow + j, cell == Cell.RNN_TANH ? Math.tanh(pre) : (pre > 0 ? pre : 0.0));
                            }
                        }
                        case LSTM -> {
                            Storage cs = step == 0 ? c0.storage() : so;
                            int cpRow = (step == 0 ? c0.offset() : cOff(step - 1)) + r * h;
                            int aRow = (step * b + r) * 4 * h;
                            for (int j = 0; j < h; j++) {
                                double i = sigmoid(Loops.read(sx, xRow + j * xs[2]) + Loops.read(ss, sRow + j));
                                double f = sigmoid(Loops.read(sx, xRow + (h + j) * xs[2]) + Loops.read(ss, sRow + h + j));
                                double g = Math.tanh(Loops.read(sx, xRow + (2 * h + j) * xs[2])
                                        + Loops.read(ss, sRow + 2 * h + j));
                                double o = sigmoid(Loops.read(sx, xRow + (3 * h + j) * xs[2])
                                        + Loops.read(ss, sRow + 3 * h + j));
                                double c = f * Loops.read(cs, cpRow + j) + i * g;
                                Loops.write(sa, aRow + j, i);
                                Loops.write(sa, aRow + h + j, f);
                                Loops.write(sa, aRow + 2 * h + j, g);
                                Loops.write(sa, aRow + 3 * h + j, o);
                                Loops.write(so, cOff(step) + r * h + j, c);
                                Loops.write(so, oRow + j, o * Math.tanh(c));
                            }
                        }
                        case GRU -> {
                            int aRow = (step * b + r) * 4 * h;
                            for (int j = 0; j < h; j++) {
                                double rr = sigmoid(Loops.read(sx, xRow + j * xs[2]) + Loops.read(ss, sRow + j));
                                double z = sigmoid(Loops.read(sx, xRow + (h + j) * xs[2]) + Loops.read(ss, sRow + h + j));
                                double hn = Loops.read(ss, sRow + 2 * h + j);
                                double n = Math.tanh(Loops.read(sx, xRow + (2 * h + j) * xs[2]) + rr * hn);
                                double hp = Loops.read(hs, hpRow + j);
                                Loops.write(sa, aRow + j, rr);
                                Loops.write(sa, aRow + h + j, z);
                                Loops.write(sa, aRow + 2 * h + j, n);
                                Loops.write(sa, aRow + 3 * h + j, hn);
                                Loops.write(so, oRow + j, (1 - z) * n + z * hp);
                            }
                        }
                    }
                }
            }
        }

        /**
         * Backpropagation through time. {@code g} is the gradient of the packed output. Returns the
         * gradients of (xw, W_hh, b_hh, h0, c0), computing only those asked for.
         */
        Tensor[] backward(Tensor g, Tensor w, boolean[] need) {
            return backward(g, w, need, Tensor.empty(dt, t, b, gw()));
        }

        private int gw() {
            return cell.gates() * h;
        }

        /** {@link #backward(Tensor, Tensor, boolean[])} writing the pre-activation gradients into {@code dX}. */
        Tensor[] backward(Tensor g, Tensor w, boolean[] need, Tensor dX) {
            int gw = gw();
            int bh = b * h;
            Tensor gc = Dispatch.contiguous(g);
            Storage sg = gc.storage();
            int gOff = gc.offset();
            Storage so = out.storage();
            Storage sa = act == null ? null : act.storage();
            // dX: gradient of the pre-activations coming from xw; dGh: of gh = h·W_hhᵀ + b_hh (GRU differs)
            Tensor dGh = cell == Cell.GRU ? Tensor.empty(dt, t, b, gw) : dX;
            Storage sx = dX.storage();
            Storage sgh = dGh.storage();
            int[] ws = w.stridesRef();
            if (dt == DType.FLOAT32) {
                float[] dh = new float[bh];
                float[] dc = cell == Cell.LSTM ? new float[bh] : null;
                RecurrentScan.backward(cell.kernel, t, b, h, sg.floats(), gOff, w.storage().floats(), w.offset(),
                        ws[0], ws[1], h0.storage().floats(), h0.offset(), c0 == null ? null : c0.storage().floats(),
                        c0 == null ? 0 : c0.offset(), so.floats(), sa == null ? null : sa.floats(), sx.floats(),
                        sgh.floats(), dh, dc, need[3]);
                return grads(need, dX, dGh, w, Tensor.wrap(dh, b, h), dc == null ? null : Tensor.wrap(dc, b, h));
            }
            double[] dh = new double[bh];
            double[] dc = cell == Cell.LSTM ? new double[bh] : null;
            Tensor dhPrev = Tensor.empty(dt, b, h);
            Storage sp = dhPrev.storage();
            for (int step = t - 1; step >= 0; step--) {
                for (int k = 0; k < bh; k++) {
                    dh[k] += Loops.read(sg, gOff + hOff(step) + k);
                }
                if (dc != null) {
                    for (int k = 0; k < bh; k++) {
                        dc[k] += Loops.read(sg, gOff + cOff(step) + k);
                    }
                }
                Storage hs = step == 0 ? h0.storage() : so;
                int hpBase = step == 0 ? h0.offset() : hOff(step - 1);
                for (int r = 0; r < b; r++) {
                    int row = (step * b + r) * gw;
                    switch (cell) {
                        case RNN_TANH, RNN_RELU -> {
                            for (int j = 0; j < h; j++) {
                                double y = Loops.read(so, hOff(step) + r * h + j);
                                double d = cell == Cell.RNN_TANH ? dh[r * h + j] * (1 - y * y) : (y > 0 ? dh[r * h + j] : 0.0);
                                Loops.write(sx, row + j, d);
                                dh[r * h + j] = 0;
                            }
                        }
                        case LSTM -> {
                            Storage cs = step == 0 ? c0.storage() : so;
                            int cpRow = (step == 0 ? c0.offset() : cOff(step - 1)) + r * h;
                            int aRow = (step * b + r) * 4 * h;
                            for (int j = 0; j < h; j++) {
                                int k = r * h + j;
                                double i = Loops.read(sa, aRow + j);
                                double f = Loops.read(sa, aRow + h + j);
                                double gg = Loops.read(sa, aRow + 2 * h + j);
                                double o = Loops.read(sa, aRow + 3 * h + j);
                                double tc = Math.tanh(Loops.read(so, cOff(step) + k));
                                double dcc = dc[k] + dh[k] * o * (1 - tc * tc);
                                Loops.write(sx, row + j, dcc * gg * i * (1 - i));
                                Loops.write(sx, row + h + j, dcc * Loops.read(cs, cpRow + j) * f * (1 - f));
                                Loops.write(sx, row + 2 * h + j, dcc * i * (1 - gg * gg));
                                Loops.write(sx, row + 3 * h + j, dh[k] * tc * o * (1 - o));
                                dc[k] = dcc * f;
                                dh[k] = 0;
                            }
                        }
                        case GRU -> {
                            int aRow = (step * b + r) * 4 * h;
                            for (int j = 0; j < h; j++) {
                                int k = r * h + j;
                                double rr = Loops.read(sa, aRow + j);
                                double z = Loops.read(sa, aRow + h + j);
                                double n = Loops.read(sa, aRow + 2 * h + j);
                                double hn = Loops.read(sa, aRow + 3 * h + j);
                                double hp = Loops.read(hs, hpBase + k);
                                double d = dh[k];
                                double dnPre = d * (1 - z) * (1 - n * n);
                                double drPre = dnPre * hn * rr * (1 - rr);
                                double dzPre = d * (hp - n) * z * (1 - z);
                                Loops.write(sx, row + j, drPre);
                                Loops.write(sx, row + h + j, dzPre);
                                Loops.write(sx, row + 2 * h + j, dnPre);
                                Loops.write(sgh, row + j, drPre);
                                Loops.write(sgh, row + h + j, dzPre);
                                Loops.write(sgh, row + 2 * h + j, dnPre * rr);
                                dh[k] = d * z;
                            }
                        }
                    }
                }
                // dh_{t−1} += dGh_t · W_hh
                if (step > 0 || need[3]) {
                    gemm(b, h, gw, sgh, step * b * gw, gw, 1, w.storage(), w.offset(), ws[0], ws[1], sp, 0, h, false);
                    for (int k = 0; k < bh; k++) {
                        dh[k] += Loops.read(sp, k);
                    }
                }
            }
            return grads(need, dX, dGh, w, need[3] ? NnUtil.tensor(dh, dt, b, h) : null,
                    need[4] && dc != null ? NnUtil.tensor(dc, dt, b, h) : null);
        }

        /**
         * The backward of {@link #layer}: gradients of (x, W_ih, b_ih, W_hh, b_hh, h0, c0), as asked
         * for. The pre-activation gradients dG, {@code [T·B, G·H]}, live in a pooled scratch array
         * given back at the end; every input-side gradient is one product over all steps at once.
         */
        Tensor[] backwardLayer(Tensor g, Tensor wIh, Tensor w, boolean[] need) {
            int gw = gw();
            int rows = t * b;
            int size = x.size(2);
            float[] scratch = scratch(rows * gw);
            Tensor dG = Tensor.wrap(scratch, t, b, gw);
            boolean needBias = need[2] || need[4];
            Tensor[] rec = backward(g, w, new boolean[] {false, need[3], needBias, need[5], need[6]}, dG);
            Storage sd = dG.storage();
            Tensor[] grads = new Tensor[7];
            if (need[0]) { // dx = dG · W_ih
                Tensor dx = Tensor.empty(dt, t, b, size);
                int[] is = wIh.stridesRef();
                gemm(rows, size, gw, sd, 0, gw, 1, wIh.storage(), wIh.offset(), is[0], is[1], dx.storage(), 0, size, false);
                grads[0] = dx;
            }
            if (need[1]) { // dW_ihᵀ = xᵀ · dG, as for W_hh
                Tensor dwT = Tensor.empty(dt, size, gw);
                gemm(size, gw, rows, x.storage(), x.offset(), 1, size, sd, 0, gw, 1, dwT.storage(), 0, gw, false);
                grads[1] = Dispatch.contiguous(dwT.t());
            }
            // both biases add to the same pre-activations: one column sum serves both
            grads[2] = need[2] ? rec[2].clone() : null;
            grads[3] = rec[1];
            grads[4] = need[4] ? rec[2] : null;
            grads[5] = rec[3];
            grads[6] = rec[4];
            SCRATCH.set(scratch);
            return grads;
        }

        /**
         * This thread's scratch for dG, {@code n} floats, not zeroed (the kernel writes every element).
         * Taken out of the slot while in use, so a nested backward on the same thread gets its own.
         * Each thread keeps its last one between calls: a training step then neither allocates nor
         * clears the 6.5 MB a [50, 64, 512] LSTM needs (a pooled array came back zero-filled).
         */
        private static float[] scratch(int n) {
            float[] a = SCRATCH.get();
            SCRATCH.remove();
            return a != null && a.length == n ? a : new float[n];
        }

        /** Assembles (dxw, dW_hh, db_hh, dh0, dc0) from the pre-activation gradients, as asked for. */
        private Tensor[] grads(boolean[] need, Tensor dX, Tensor dGh, Tensor w, Tensor dh0, Tensor dc0) {
            int gw = cell.gates() * h;
            Storage sgh = dGh.storage();
            Storage so = out.storage();
            Tensor[] grads = new Tensor[5];
            if (need[0]) {
                grads[0] = dX;
            }
            if (need[1]) {
                // dWᵀ = Σ_t h_{t−1}ᵀ · dGh_t, then transposed: in this orientation the long sum over
                // time and batch streams dGh row by row, 1.3x faster than dW = dGhᵀ · h directly
                Tensor dwT = Tensor.empty(dt, h, gw);
                gemm(h, gw, b, h0.storage(), h0.offset(), 1, h, sgh, 0, gw, 1, dwT.storage(), 0, gw, false);
                if (t > 1) {
                    gemm(h, gw, (t - 1) * b, so, 0, 1, h, sgh, b * gw, gw, 1, dwT.storage(), 0, gw, true);
                }
                grads[1] = Dispatch.contiguous(dwT.t());
            }
            if (need[2]) {
                int rows = t * b;
                double[] db;
                if (dt == DType.FLOAT32) {
                    db = RecurrentScan.columnSums(sgh.floats(), 0, rows, gw);
                } else {
                    db = new double[gw];
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < gw; j++) {
                            db[j] += Loops.read(sgh, r * gw + j);
                        }
                    }
                }
                grads[2] = NnUtil.tensor(db, dt, gw);
            }
            grads[3] = need[3] ? dh0 : null;
            grads[4] = need[4] && cell == Cell.LSTM ? dc0 : null;
            return grads;
        }
    }

    /** The node of {@link #scan}: fused BPTT, or tensor-op BPTT when the backward is recorded. */
    static final class ScanBackward extends Node {
        private final Cell cell;
        private final Saved xw;
        private final Saved w;
        private final Saved bias;
        private final Saved h0;
        private final Saved c0;
        private final Saved out;
        private final Saved act;
        private final Saved h0c;
        private final Saved c0c;
        private final Fast fast;

        ScanBackward(Cell cell, Tensor xw, Tensor w, Tensor bias, Tensor h0, Tensor c0, Fast fast) {
            super(xw, w, bias, h0, c0);
            this.cell = cell;
            this.xw = save(xw);
            this.w = save(w);
            this.bias = bias == null ? null : save(bias);
            this.h0 = save(h0);
            this.c0 = c0 == null ? null : save(c0);
            // The fast path's buffers are held as saved tensors too, so that they are freed with the graph.
            this.out = save(fast.out);
            this.act = fast.act == null ? null : save(fast.act);
            this.h0c = save(fast.h0);
            this.c0c = fast.c0 == null ? null : save(fast.c0);
            fast.out = null;
            fast.act = null;
            fast.h0 = null;
            fast.c0 = null;
            this.fast = fast;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            // reading the saved tensors fails loudly if any was modified in place since the forward
            h0.get();
            if (c0 != null) {
                c0.get();
            }
            boolean[] need = new boolean[5];
            for (int i = 0; i < 5; i++) {
                need[i] = needsGrad(i);
            }
            if (!GradMode.isEnabled()) {
                Fast f = new Fast(fast.cell, fast.t, fast.b, fast.h, fast.dt);
                f.out = out.get();
                f.act = act == null ? null : act.get();
                f.h0 = h0c.get();
                f.c0 = c0c == null ? null : c0c.get();
                return f.backward(g, w.get().detach(), need);
            }
            out.get();
            return recordedBackward(cell, g, xw.get(), w.get(), bias == null ? null : bias.get(), h0.get(),
                    c0 == null ? null : c0.get(), need);
        }

        @Override
        public String name() {
            return "Recurrent" + cell + "Backward";
        }
    }

    /**
     * The node of {@link #layer}'s fused path: inputs (x, W_ih, b_ih, W_hh, b_hh, h0, c0). Its
     * recorded backward (under {@code createGraph}) projects x again with tensor operations and runs
     * {@link #recordedBackward} on that, so second derivatives reach x and W_ih too.
     */
    static final class LayerBackward extends Node {
        private final Cell cell;
        private final Saved x;
        private final Saved wIh;
        private final Saved bIh;
        private final Saved w;
        private final Saved bias;
        private final Saved h0;
        private final Saved c0;
        private final Saved out;
        private final Saved act;
        private final Saved h0c;
        private final Saved c0c;
        private final Saved xc;
        private final Fast fast;

        LayerBackward(Cell cell, Tensor x, Tensor wIh, Tensor bIh, Tensor w, Tensor bias, Tensor h0, Tensor c0,
                      Fast fast) {
            super(x, wIh, bIh, w, bias, h0, c0);
            this.cell = cell;
            this.x = save(x);
            this.wIh = save(wIh);
            this.bIh = bIh == null ? null : save(bIh);
            this.w = save(w);
            this.bias = bias == null ? null : save(bias);
            this.h0 = save(h0);
            this.c0 = c0 == null ? null : save(c0);
            // the fast path's buffers are saved tensors too, so that they are freed with the graph
            this.out = save(fast.out);
            this.act = fast.act == null ? null : save(fast.act);
            this.h0c = save(fast.h0);
            this.c0c = fast.c0 == null ? null : save(fast.c0);
            this.xc = save(fast.x);
            fast.out = null;
            fast.act = null;
            fast.h0 = null;
            fast.c0 = null;
            fast.x = null;
            this.fast = fast;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            boolean[] need = new boolean[7];
            for (int i = 0; i < 7; i++) {
                need[i] = needsGrad(i);
            }
            // reading the saved tensors fails loudly if any was modified in place since the forward
            Tensor xv = x.get();
            Tensor wIhv = wIh.get();
            Tensor h0v = h0.get();
            Tensor c0v = c0 == null ? null : c0.get();
            if (!GradMode.isEnabled()) {
                Fast f = new Fast(fast.cell, fast.t, fast.b, fast.h, fast.dt);
                f.out = out.get();
                f.act = act == null ? null : act.get();
                f.h0 = h0c.get();
                f.c0 = c0c == null ? null : c0c.get();
                f.x = xc.get();
                return f.backwardLayer(g, wIhv.detach(), w.get().detach(), need);
            }
            out.get();
            Tensor xw = NnFunctional.linear(xv, wIhv, bIh == null ? null : bIh.get());
            Tensor[] r = recordedBackward(cell, g, xw, w.get(), bias == null ? null : bias.get(), h0v, c0v,
                    new boolean[] {true, need[3], need[4], need[5], need[6]});
            Tensor dxw = r[0]; // [T, B, G·H]
            int rows = xv.size(0) * xv.size(1);
            Tensor[] grads = new Tensor[7];
            grads[0] = need[0] ? dxw.matmul(wIhv) : null;
            grads[1] = need[1] ? dxw.reshape(rows, dxw.size(2)).t().matmul(xv.reshape(rows, xv.size(2))) : null;
            grads[2] = need[2] ? dxw.sum(new int[] {0, 1}, false) : null;
            System.arraycopy(r, 1, grads, 3, 4);
            return grads;
        }

        @Override
        public String name() {
            return "Recurrent" + cell + "LayerBackward";
        }
    }

    // ---------------------------------------------------------------- tensor-op twin

    /** Per-step tensors of the reference recurrence; {@code h.get(0)} is h0, {@code h.get(s + 1)} is h_s. */
    private record Trace(List<Tensor> h, List<Tensor> c, List<Tensor[]> gates) {}

    private static Trace trace(Cell cell, Tensor xw, Tensor w, Tensor bias, Tensor h0, Tensor c0) {
        int t = xw.size(0);
        List<Tensor> hs = new ArrayList<>(t + 1);
        List<Tensor> cs = new ArrayList<>(t + 1);
        List<Tensor[]> gates = new ArrayList<>(t);
        hs.add(h0);
        cs.add(c0);
        List<Tensor> steps = xw.split(1, 0);
        for (int s = 0; s < t; s++) {
            Tensor x = steps.get(s).squeeze(0);
            Tensor hp = hs.get(s);
            Tensor gh = NnFunctional.linear(hp, w, bias);
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    Tensor pre = x.add(gh);
                    Tensor y = cell == Cell.RNN_TANH ? pre.tanh() : pre.relu();
                    hs.add(y);
                    gates.add(new Tensor[0]);
                }
                case LSTM -> {
                    List<Tensor> p = x.add(gh).chunk(4, 1);
                    Tensor i = p.get(0).sigmoid();
                    Tensor f = p.get(1).sigmoid();
                    Tensor g = p.get(2).tanh();
                    Tensor o = p.get(3).sigmoid();
                    Tensor c = f.mul(cs.get(s)).add(i.mul(g));
                    cs.add(c);
                    hs.add(o.mul(c.tanh()));
                    gates.add(new Tensor[] {i, f, g, o});
                }
                case GRU -> {
                    List<Tensor> xp = x.chunk(3, 1);
                    List<Tensor> hp3 = gh.chunk(3, 1);
                    Tensor r = xp.get(0).add(hp3.get(0)).sigmoid();
                    Tensor z = xp.get(1).add(hp3.get(1)).sigmoid();
                    Tensor hn = hp3.get(2);
                    Tensor n = xp.get(2).add(r.mul(hn)).tanh();
                    hs.add(z.rsub(1).mul(n).add(z.mul(hp)));
                    gates.add(new Tensor[] {r, z, n, hn});
                }
            }
        }
        return new Trace(hs, cs, gates);
    }

    /**
     * BPTT written with tensor operations on a recomputed (recorded) forward, so that the gradient
     * is itself differentiable. The same formulas as {@link Fast#backward}.
     */
    static Tensor[] recordedBackward(Cell cell, Tensor g, Tensor xw, Tensor w, Tensor bias, Tensor h0, Tensor c0,
                                     boolean[] need) {
        int t = xw.size(0);
        Trace tr = trace(cell, xw, w, bias, h0, c0);
        Tensor gH = cell == Cell.LSTM ? g.select(0, 0) : g;
        Tensor gC = cell == Cell.LSTM ? g.select(0, 1) : null;
        Tensor dh = Tensor.zerosLike(h0);
        Tensor dc = c0 == null ? null : Tensor.zerosLike(c0);
        Tensor[] dX = new Tensor[t];
        Tensor[] dGh = new Tensor[t];
        for (int s = t - 1; s >= 0; s--) {
            dh = dh.add(gH.select(0, s));
            Tensor[] q = tr.gates.get(s);
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    Tensor y = tr.h.get(s + 1);
                    Tensor d = cell == Cell.RNN_TANH ? dh.mul(y.mul(y).rsub(1)) : dh.mul(y.gt(0.0).detach());
                    dX[s] = d;
                    dGh[s] = d;
                }
                case LSTM -> {
                    dc = dc.add(gC.select(0, s));
                    Tensor i = q[0];
                    Tensor f = q[1];
                    Tensor gg = q[2];
                    Tensor o = q[3];
                    Tensor tc = tr.c.get(s + 1).tanh();
                    Tensor dcc = dc.add(dh.mul(o).mul(tc.mul(tc).rsub(1)));
                    Tensor di = dcc.mul(gg).mul(i.mul(i.rsub(1)));
                    Tensor df = dcc.mul(tr.c.get(s)).mul(f.mul(f.rsub(1)));
                    Tensor dg = dcc.mul(i).mul(gg.mul(gg).rsub(1));
                    Tensor dO = dh.mul(tc).mul(o.mul(o.rsub(1)));
                    dX[s] = Tensor.cat(List.of(di, df, dg, dO), 1);
                    dGh[s] = dX[s];
                    dc = dcc.mul(f);
                }
                case GRU -> {
                    Tensor r = q[0];
                    Tensor z = q[1];
                    Tensor n = q[2];
                    Tensor hn = q[3];
                    Tensor hp = tr.h.get(s);
                    Tensor dnPre = dh.mul(z.rsub(1)).mul(n.mul(n).rsub(1));
                    Tensor drPre = dnPre.mul(hn).mul(r.mul(r.rsub(1)));
                    Tensor dzPre = dh.mul(hp.sub(n)).mul(z.mul(z.rsub(1)));
                    dX[s] = Tensor.cat(List.of(drPre, dzPre, dnPre), 1);
                    dGh[s] = Tensor.cat(List.of(drPre, dzPre, dnPre.mul(r)), 1);
                    dh = dh.mul(z);
                }
            }
            if (cell != Cell.GRU) {
                dh = Tensor.zerosLike(h0);
            }
            dh = dh.add(dGh[s].matmul(w));
        }
        Tensor[] grads = new Tensor[5];
        if (need[0]) {
            grads[0] = Tensor.stack(List.of(dX), 0);
        }
        Tensor dGhAll = Tensor.stack(List.of(dGh), 0); // [T, B, G·H]
        if (need[1]) {
            int gw = w.size(0);
            Tensor hPrev = Tensor.stack(tr.h.subList(0, t), 0).reshape(t * h0.size(0), h0.size(1));
            grads[1] = dGhAll.reshape(t * h0.size(0), gw).t().matmul(hPrev);
        }
        if (need[2]) {
            grads[2] = dGhAll.sum(new int[] {0, 1}, false);
        }
        grads[3] = need[3] ? dh : null;
        grads[4] = need[4] ? dc : null;
        return grads;
    }
}
