package dev.descent.kernel;

/**
 * The elementwise part of one LSTM step for one batch row of float32 data: the gate
 * nonlinearities and the cell update (forward), and their derivatives (backward). The GEMMs of the
 * step stay with the caller. Gate order i, f, g, o, as PyTorch.
 * <pre>
 *   forward:   i = σ(x_i + s_i)  f = σ(x_f + s_f)  g = tanh(x_g + s_g)  o = σ(x_o + s_o)
 *              c = f·c_prev + i·g                  h = o·tanh(c)
 *   backward:  dc' = dc + dh·o·(1 − tanh²c)
 *              d_i = dc'·g·i(1−i)   d_f = dc'·c_prev·f(1−f)   d_g = dc'·i·(1−g²)   d_o = dh·tanh(c)·o(1−o)
 *              dc ← dc'·f            dh ← 0
 * </pre>
 * {@link ScalarLstmGates} is the reference (double arithmetic); the Vector API twin computes in
 * float with the JDK's vector math and agrees within a few float ulps.
 */
public final class LstmGates {
    private LstmGates() {}

    /**
     * One row of the forward step. {@code x} and {@code s} hold the two halves of the
     * pre-activations (input and hidden projections), {@code 4h} each; {@code act} receives
     * {@code i, f, g, o} ({@code 4h}), {@code c} and {@code hOut} {@code h} values each.
     */
    public static void forward(int h, float[] x, int xo, float[] s, int so, float[] cPrev, int cpo,
                               float[] act, int ao, float[] c, int co, float[] hOut, int ho) {
        Layout.checkRange("x", x.length, xo, 4 * h);
        Layout.checkRange("s", s.length, so, 4 * h);
        Layout.checkRange("cPrev", cPrev.length, cpo, h);
        Layout.checkRange("act", act.length, ao, 4 * h);
        Layout.checkRange("c", c.length, co, h);
        Layout.checkRange("hOut", hOut.length, ho, h);
        if (Simd.enabled()) {
            VectorLstmGatesFloat.forward(h, x, xo, s, so, cPrev, cpo, act, ao, c, co, hOut, ho);
        } else {
            ScalarLstmGates.forward(h, x, xo, s, so, cPrev, cpo, act, ao, c, co, hOut, ho);
        }
    }

    /**
     * One row of the backward step: reads the saved gates {@code act} ({@code 4h}), the new cell
     * {@code c} and the previous one {@code cPrev}; writes the pre-activation gradients into
     * {@code dx} ({@code 4h}); updates {@code dc} to the gradient of {@code c_prev} and zeroes {@code dh}.
     */
    public static void backward(int h, float[] act, int ao, float[] c, int co, float[] cPrev, int cpo,
                                float[] dh, int dho, float[] dc, int dco, float[] dx, int dxo) {
        Layout.checkRange("act", act.length, ao, 4 * h);
        Layout.checkRange("c", c.length, co, h);
        Layout.checkRange("cPrev", cPrev.length, cpo, h);
        Layout.checkRange("dh", dh.length, dho, h);
        Layout.checkRange("dc", dc.length, dco, h);
        Layout.checkRange("dx", dx.length, dxo, 4 * h);
        if (Simd.enabled()) {
            VectorLstmGatesFloat.backward(h, act, ao, c, co, cPrev, cpo, dh, dho, dc, dco, dx, dxo);
        } else {
            ScalarLstmGates.backward(h, act, ao, c, co, cPrev, cpo, dh, dho, dc, dco, dx, dxo);
        }
    }
}
