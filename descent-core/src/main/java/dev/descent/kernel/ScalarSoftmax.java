package dev.descent.kernel;

/**
 * Scalar row kernels for log-sum-exp, softmax, log-softmax and their backward passes: the fallback
 * and the reference. Every row is computed in double with the max subtracted first (numerically
 * stable); float results are rounded once at the end.
 *
 * <p>Conventions, as torch: a row of all {@code -inf} has log-sum-exp {@code -inf} and a NaN
 * softmax; a NaN anywhere in a row makes the whole row NaN; a {@code +inf} gives log-sum-exp
 * {@code +inf}.
 */
final class ScalarSoftmax {

    private ScalarSoftmax() {}

    static double max(int n, float[] x, int xo) {
        return ScalarReduce.run(ReduceOp.MAX, n, x, xo, 1);
    }

    static double max(int n, double[] x, int xo) {
        return ScalarReduce.run(ReduceOp.MAX, n, x, xo, 1);
    }

    static double logSumExp(int n, float[] x, int xo) {
        double m = max(n, x, xo);
        if (Double.isInfinite(m) || Double.isNaN(m)) {
            return m;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        return m + Math.log(s);
    }

    static double logSumExp(int n, double[] x, int xo) {
        double m = max(n, x, xo);
        if (Double.isInfinite(m) || Double.isNaN(m)) {
            return m;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        return m + Math.log(s);
    }

    static void softmax(int n, float[] x, int xo, float[] o, int oo) {
        double m = max(n, x, xo);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        for (int i = 0; i < n; i++) {
            o[oo + i] = (float) (Math.exp(x[xo + i] - m) / s);
        }
    }

    static void softmax(int n, double[] x, int xo, double[] o, int oo) {
        double m = max(n, x, xo);
        double s = 0;
        for (int i = 0; i < n; i++) {
            o[oo + i] = Math.exp(x[xo + i] - m);
            s += o[oo + i];
        }
        for (int i = 0; i < n; i++) {
            o[oo + i] /= s;
        }
    }

    static void logSoftmax(int n, float[] x, int xo, float[] o, int oo) {
        double m = max(n, x, xo);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        double logS = Math.log(s);
        for (int i = 0; i < n; i++) {
            o[oo + i] = (float) (x[xo + i] - m - logS);
        }
    }

    static void logSoftmax(int n, double[] x, int xo, double[] o, int oo) {
        double m = max(n, x, xo);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        double logS = Math.log(s);
        for (int i = 0; i < n; i++) {
            o[oo + i] = x[xo + i] - m - logS;
        }
    }

    /** {@code o = y * (g - sum(g * y))}, with {@code y} the softmax output. */
    static void softmaxBackward(int n, float[] y, int yo, float[] g, int go, float[] o, int oo) {
        double dot = ScalarReduce.dot(n, y, yo, g, go);
        for (int i = 0; i < n; i++) {
            o[oo + i] = (float) (y[yo + i] * (g[go + i] - dot));
        }
    }

    static void softmaxBackward(int n, double[] y, int yo, double[] g, int go, double[] o, int oo) {
        double dot = ScalarReduce.dot(n, y, yo, g, go);
        for (int i = 0; i < n; i++) {
            o[oo + i] = y[yo + i] * (g[go + i] - dot);
        }
    }

    /** {@code o = g - exp(y) * sum(g)}, with {@code y} the log-softmax output. */
    static void logSoftmaxBackward(int n, float[] y, int yo, float[] g, int go, float[] o, int oo) {
        double s = ScalarReduce.run(ReduceOp.SUM, n, g, go, 1);
        for (int i = 0; i < n; i++) {
            o[oo + i] = (float) (g[go + i] - Math.exp(y[yo + i]) * s);
        }
    }

    static void logSoftmaxBackward(int n, double[] y, int yo, double[] g, int go, double[] o, int oo) {
        double s = ScalarReduce.run(ReduceOp.SUM, n, g, go, 1);
        for (int i = 0; i < n; i++) {
            o[oo + i] = g[go + i] - Math.exp(y[yo + i]) * s;
        }
    }
}
