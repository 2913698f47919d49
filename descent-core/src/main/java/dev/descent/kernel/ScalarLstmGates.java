package dev.descent.kernel;

/** The reference loops of {@link LstmGates}: float in and out, double arithmetic in between. */
final class ScalarLstmGates {
    private ScalarLstmGates() {}

    static void forward(int h, float[] x, int xo, float[] s, int so, float[] cPrev, int cpo,
                        float[] act, int ao, float[] c, int co, float[] hOut, int ho) {
        for (int j = 0; j < h; j++) {
            double i = sigmoid((double) x[xo + j] + s[so + j]);
            double f = sigmoid((double) x[xo + h + j] + s[so + h + j]);
            double g = Math.tanh((double) x[xo + 2 * h + j] + s[so + 2 * h + j]);
            double o = sigmoid((double) x[xo + 3 * h + j] + s[so + 3 * h + j]);
            double cj = f * cPrev[cpo + j] + i * g;
            act[ao + j] = (float) i;
            act[ao + h + j] = (float) f;
            act[ao + 2 * h + j] = (float) g;
            act[ao + 3 * h + j] = (float) o;
            c[co + j] = (float) cj;
            hOut[ho + j] = (float) (o * Math.tanh(cj));
        }
    }

    static void backward(int h, float[] act, int ao, float[] c, int co, float[] cPrev, int cpo,
                         float[] dh, int dho, float[] dc, int dco, float[] dx, int dxo) {
        for (int j = 0; j < h; j++) {
            double i = act[ao + j];
            double f = act[ao + h + j];
            double g = act[ao + 2 * h + j];
            double o = act[ao + 3 * h + j];
            double tc = Math.tanh(c[co + j]);
            double dhj = dh[dho + j];
            double dcc = dc[dco + j] + dhj * o * (1 - tc * tc);
            dx[dxo + j] = (float) (dcc * g * i * (1 - i));
            dx[dxo + h + j] = (float) (dcc * cPrev[cpo + j] * f * (1 - f));
            dx[dxo + 2 * h + j] = (float) (dcc * i * (1 - g * g));
            dx[dxo + 3 * h + j] = (float) (dhj * tc * o * (1 - o));
            dc[dco + j] = (float) (dcc * f);
            dh[dho + j] = 0f;
        }
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }
}
