package dev.descent.kernel;

/**
 * Scalar kernels for {@link UnaryOp}: the definition of every op, the portable fallback, the kernel
 * for strided runs, and the reference the vector kernels are tested against.
 *
 * <p>Float ops are computed in double and rounded once, with the parameters first rounded to float
 * (see {@link UnaryOp}); for {@code + - * / sqrt} that is exactly the float operation, for the
 * transcendentals it is within half an ulp of the true value.
 */
final class ScalarUnary {

    private ScalarUnary() {}

    /** The op on one element, in double. */
    static double apply(UnaryOp op, double p1, double p2, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case EXPM1 -> Math.expm1(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ATAN -> Math.atan(x);
            case TANH -> Math.tanh(x);
            case ERF -> SpecialMath.erf(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RELU -> Math.max(x, 0.0);
            case LEAKY_RELU -> x > 0 ? x : x * p1;
            case ELU -> x > 0 ? x : p1 * Math.expm1(x);
            case GELU -> SpecialMath.gelu(x);
            case GELU_TANH -> SpecialMath.geluTanh(x);
            case SOFTPLUS -> x > 20 ? x : Math.log1p(Math.exp(x));
            case SILU -> x / (1 + Math.exp(-x));
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case POW_SCALAR -> Math.pow(x, p1);
            case SCALAR_POW -> Math.pow(p1, x);
            case CLAMP -> Math.min(Math.max(x, lowerBound(p1)), upperBound(p2));
            case ADD_SCALAR -> x + p1;
            case MUL_SCALAR -> x * p1;
            case DIV_SCALAR -> x / p1;
            case STEP -> x > 0 ? 1 : 0;
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
        };
    }

    /** The op on one float element: computed in double with float-rounded parameters, rounded once. */
    static float apply(UnaryOp op, double p1, double p2, float x) {
        return (float) apply(op, (float) p1, (float) p2, (double) x);
    }

    /** A NaN lower clamp bound means none; max(x, -inf) keeps x, NaN included. */
    static double lowerBound(double p) {
        return Double.isNaN(p) ? Double.NEGATIVE_INFINITY : p;
    }

    /** A NaN upper clamp bound means none. */
    static double upperBound(double p) {
        return Double.isNaN(p) ? Double.POSITIVE_INFINITY : p;
    }

    /** {@code o[oo + i*os] = op(a[ao + i*as])} for {@code i < n}. */
    static void run(UnaryOp op, double p1, double p2, int n, float[] a, int ao, int as, float[] o, int oo, int os) {
        double q1 = (float) p1;
        double q2 = (float) p2;
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = (float) apply(op, q1, q2, (double) a[ao + i * as]);
        }
    }

    /** {@code o[oo + i*os] = op(a[ao + i*as])} for {@code i < n}. */
    static void run(UnaryOp op, double p1, double p2, int n, double[] a, int ao, int as, double[] o, int oo, int os) {
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = apply(op, p1, p2, a[ao + i * as]);
        }
    }
}
