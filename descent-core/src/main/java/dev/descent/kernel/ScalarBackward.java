package dev.descent.kernel;

/**
 * Scalar fused activation backward kernels ({@link BackwardOp}): definition, fallback and test
 * reference. Float kernels compute in double and round once, as {@link ScalarUnary}.
 */
final class ScalarBackward {

    private ScalarBackward() {}

    /** {@code g * f'(v)} for one element, in double; {@code p} is alpha or the slope where used. */
    static double apply(BackwardOp op, double p, double g, double v) {
        return switch (op) {
            case RELU -> v > 0 ? g : 0;
            case SIGMOID -> g * v * (1 - v);
            case TANH -> g * (1 - v * v);
            case GELU -> g * SpecialMath.geluDerivative(v);
            case GELU_TANH -> g * SpecialMath.geluTanhDerivative(v);
            case SILU -> {
                double s = 1 / (1 + Math.exp(-v));
                yield g * s * (1 + v * (1 - s));
            }
            case ELU -> v > 0 ? g : g * p * Math.exp(v);
            case LEAKY_RELU -> v > 0 ? g : g * p;
            case SOFTPLUS -> v > 20 ? g : g / (1 + Math.exp(-v));
        };
    }

    static void run(BackwardOp op, double p, int n, float[] g, int go, float[] v, int vo, float[] o, int oo) {
        double q = (float) p;
        for (int i = 0; i < n; i++) {
            o[oo + i] = (float) apply(op, q, g[go + i], v[vo + i]);
        }
    }

    static void run(BackwardOp op, double p, int n, double[] g, int go, double[] v, int vo, double[] o, int oo) {
        for (int i = 0; i < n; i++) {
            o[oo + i] = apply(op, p, g[go + i], v[vo + i]);
        }
    }
}
