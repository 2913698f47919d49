package dev.descent.kernel;

/**
 * Scalar reduction kernels over strided runs: the fallback, the kernel for non-contiguous runs and the
 * reference. Float inputs are accumulated in double, so the reference is far more accurate than any
 * float kernel could be; sums of double inputs are plain sequential double sums.
 */
final class ScalarReduce {

    private ScalarReduce() {}

    /** Reduces {@code a[off + i*stride]}, {@code i < n}, starting from the op's identity. */
    static double run(ReduceOp op, int n, float[] a, int off, int stride) {
        double acc = op.identity();
        switch (op) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    acc += a[off + i * stride];
                }
            }
            case SUM_OF_SQUARES -> {
                for (int i = 0; i < n; i++) {
                    double x = a[off + i * stride];
                    acc += x * x;
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    acc *= a[off + i * stride];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, a[off + i * stride]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, a[off + i * stride]);
                }
            }
        }
        return acc;
    }

    static double run(ReduceOp op, int n, double[] a, int off, int stride) {
        double acc = op.identity();
        switch (op) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    acc += a[off + i * stride];
                }
            }
            case SUM_OF_SQUARES -> {
                for (int i = 0; i < n; i++) {
                    double x = a[off + i * stride];
                    acc += x * x;
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    acc *= a[off + i * stride];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, a[off + i * stride]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, a[off + i * stride]);
                }
            }
        }
        return acc;
    }

    /**
     * True when {@code cand} should replace {@code best} in an argmax ({@code max}) or argmin: strictly
     * greater (smaller), or the first NaN, since NaN wins as in torch. Ties keep the first index.
     */
    static boolean better(boolean max, double cand, double best) {
        if (cand != cand) {
            return best == best;
        }
        return max ? cand > best : cand < best;
    }

    /** Index {@code i < n} of the first maximum (minimum) of {@code a[off + i*stride]}; {@code n > 0}. */
    static int argRun(boolean max, int n, float[] a, int off, int stride) {
        int best = 0;
        double bv = a[off];
        for (int i = 1; i < n; i++) {
            float x = a[off + i * stride];
            if (better(max, x, bv)) {
                bv = x;
                best = i;
            }
        }
        return best;
    }

    static int argRun(boolean max, int n, double[] a, int off, int stride) {
        int best = 0;
        double bv = a[off];
        for (int i = 1; i < n; i++) {
            double x = a[off + i * stride];
            if (better(max, x, bv)) {
                bv = x;
                best = i;
            }
        }
        return best;
    }

    /** {@code sum a[ao + i] * b[bo + i]}, accumulated in double. */
    static double dot(int n, float[] a, int ao, float[] b, int bo) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += (double) a[ao + i] * b[bo + i];
        }
        return acc;
    }

    static double dot(int n, double[] a, int ao, double[] b, int bo) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += a[ao + i] * b[bo + i];
        }
        return acc;
    }
}
