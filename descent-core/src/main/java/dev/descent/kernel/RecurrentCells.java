package dev.descent.kernel;

/**
 * The elementwise part of one Elman RNN or GRU step for one batch row of float32 data (the LSTM's
 * is {@link LstmGates}). Float in and out, double arithmetic in between, as the double-precision
 * loops of {@code ops.Recurrent}, so float32 and float64 layers follow one set of formulas:
 * <pre>
 *   RNN:  h = act(x + s)                       act = tanh or relu
 *   GRU:  r = σ(x_r + s_r)  z = σ(x_z + s_z)  n = tanh(x_n + r·s_n)  h = (1 − z)·n + z·h_prev
 * </pre>
 * with x the input projection and s the recurrent one ({@code h_prev·W_hhᵀ + b_hh}). The GRU loops
 * are the reference of {@link VectorGruGatesFloat}, which {@link RecurrentScan} runs when the
 * Vector API is there.
 */
final class RecurrentCells {
    private RecurrentCells() {}

    static void rnnForward(boolean relu, int h, float[] x, int xo, float[] s, int so, float[] hOut, int ho) {
        for (int j = 0; j < h; j++) {
            double pre = (double) x[xo + j] + s[so + j];
            hOut[ho + j] = (float) (relu ? (pre > 0 ? pre : 0.0) : Math.tanh(pre));
        }
    }

    /** Writes the pre-activation gradient into {@code dx} and zeroes {@code dh}. */
    static void rnnBackward(boolean relu, int h, float[] y, int yo, float[] dh, int dho, float[] dx, int dxo) {
        for (int j = 0; j < h; j++) {
            double yj = y[yo + j];
            double d = dh[dho + j];
            dx[dxo + j] = (float) (relu ? (yj > 0 ? d : 0.0) : d * (1 - yj * yj));
            dh[dho + j] = 0f;
        }
    }

    /** Saves {@code r, z, n, s_n} into {@code act} (4h) for the backward. */
    static void gruForward(int h, float[] x, int xo, float[] s, int so, float[] hPrev, int hpo,
                           float[] act, int ao, float[] hOut, int ho) {
        for (int j = 0; j < h; j++) {
            double r = ScalarLstmGates.sigmoid((double) x[xo + j] + s[so + j]);
            double z = ScalarLstmGates.sigmoid((double) x[xo + h + j] + s[so + h + j]);
            double hn = s[so + 2 * h + j];
            double n = Math.tanh(x[xo + 2 * h + j] + r * hn);
            act[ao + j] = (float) r;
            act[ao + h + j] = (float) z;
            act[ao + 2 * h + j] = (float) n;
            act[ao + 3 * h + j] = (float) hn;
            hOut[ho + j] = (float) ((1 - z) * n + z * hPrev[hpo + j]);
        }
    }

    /**
     * Writes the gradients of the input projection ({@code dx}) and of the recurrent one
     * ({@code dgh}; its n block carries the factor r) and leaves in {@code dh} the part of the
     * gradient of h_prev that skips the weights, {@code dh·z}.
     */
    static void gruBackward(int h, float[] act, int ao, float[] hPrev, int hpo, float[] dh, int dho,
                            float[] dx, int dxo, float[] dgh, int dgo) {
        for (int j = 0; j < h; j++) {
            double r = act[ao + j];
            double z = act[ao + h + j];
            double n = act[ao + 2 * h + j];
            double hn = act[ao + 3 * h + j];
            double d = dh[dho + j];
            double dnPre = d * (1 - z) * (1 - n * n);
            double drPre = dnPre * hn * r * (1 - r);
            double dzPre = d * (hPrev[hpo + j] - n) * z * (1 - z);
            dx[dxo + j] = (float) drPre;
            dx[dxo + h + j] = (float) dzPre;
            dx[dxo + 2 * h + j] = (float) dnPre;
            dgh[dgo + j] = (float) drPre;
            dgh[dgo + h + j] = (float) dzPre;
            dgh[dgo + 2 * h + j] = (float) (dnPre * r);
            dh[dho + j] = (float) (d * z);
        }
    }
}
