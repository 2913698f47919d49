package dev.descent.kernel;

/**
 * Double-precision special functions the JDK lacks: {@code erf}, {@code erfc}, the normal CDF,
 * exact GELU and GELU's tanh approximation, each with its derivative. Used by the scalar kernels and as the test oracle.
 *
 * <p>Method (relative error about 1e-15, measured against tabulated values in the tests):
 * <ul>
 *   <li>{@code |x| < 1.5}: the everywhere-positive series
 *       {@code erf x = 2/sqrt(pi) * e^(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))}, which has no
 *       cancellation (unlike the Taylor series);</li>
 *   <li>{@code x >= 1.5}: {@code erfc x = Q(1/2, x^2)}, the regularised upper incomplete gamma
 *       function, by its continued fraction (modified Lentz), which converges quickly there;</li>
 *   <li>{@code e^(-x^2)} is evaluated as {@code e^(-hi) * (1 - lo)} with {@code x^2 = hi + lo} split
 *       exactly by an FMA, so the large exponent does not amplify the rounding of {@code x^2}.</li>
 * </ul>
 * Between 0 and 1.5, {@code erfc = 1 - erf} loses at most a few ulps since {@code erfc(1.5) > 0.03}.
 */
final class SpecialMath {

    static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    static final double INV_SQRT_PI = 0.5641895835477563;
    static final double SQRT1_2 = 0.7071067811865476;
    static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double SERIES_LIMIT = 1.5;
    /** {@code 2 sqrt(2/pi)}: GELU-tanh's {@code 2u = x (GELU_TANH_A + GELU_TANH_B x^2)}. */
    static final double GELU_TANH_A = 2 * Math.sqrt(2 / Math.PI);
    /** {@code 2 sqrt(2/pi) * 0.044715}, the cubic coefficient of {@code 2u}. */
    static final double GELU_TANH_B = GELU_TANH_A * 0.044715;

    private SpecialMath() {}

    /** The error function. */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            return erfSeries(x);
        }
        double r = 1 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    /** The complementary error function {@code 1 - erf(x)}, accurate in relative terms for large {@code x}. */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x >= SERIES_LIMIT) {
            return erfcLarge(x);
        }
        if (x <= -SERIES_LIMIT) {
            return 2 - erfcLarge(-x);
        }
        return 1 - erfSeries(x);
    }

    /** The standard normal CDF {@code Phi(x) = erfc(-x / sqrt 2) / 2}. */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x * SQRT1_2);
    }

    /** Exact GELU {@code x * Phi(x)}. */
    static double gelu(double x) {
        return x * normalCdf(x);
    }

    /** {@code d gelu / dx = Phi(x) + x * phi(x)}, with {@code phi} the standard normal density. */
    static double geluDerivative(double x) {
        return normalCdf(x) + x * INV_SQRT_2PI * expMinusSquare(x * SQRT1_2);
    }

    /**
     * GELU's tanh approximation {@code x/2 (1 + tanh u)}, {@code u = sqrt(2/pi) (x + 0.044715 x^3)},
     * evaluated as the equal {@code x sigmoid(2u) = x / (1 + e^(-2u))}: in the negative tail
     * {@code 1 + tanh u} cancels (to 0 in double below about x = -9), the quotient keeps full relative accuracy.
     * The rounding of {@code 2u} is multiplied by {@code |2u|} in the exponential, so the vector kernels
     * form {@code 2u} with the very same operations, in the same order (no FMA).
     */
    static double geluTanh(double x) {
        double t = x * (GELU_TANH_A + GELU_TANH_B * (x * x));
        return x / (1 + Math.exp(-t));
    }

    /**
     * {@code d geluTanh / dx = s + x s (1 - s) (A + 3 B x^2)} with {@code s = sigmoid(2u)}; {@code 1 - s}
     * is taken as {@code e^(-2u) s}, without cancellation, and as 1 where {@code e^(-2u)} overflows.
     */
    static double geluTanhDerivative(double x) {
        double x2 = x * x;
        double e = Math.exp(-x * (GELU_TANH_A + GELU_TANH_B * x2));
        double s = 1 / (1 + e);
        double c = s == 0 ? 1 : e * s;
        return s + x * s * c * (GELU_TANH_A + 3 * GELU_TANH_B * x2);
    }

    /** {@code e^(-x^2)} with the rounding error of {@code x^2} compensated. */
    static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * (1 - lo);
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 0; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 3);
            sum += term;
            if (Math.abs(term) <= Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
    }

    /** {@code erfc x} for {@code x >= 1.5}: {@code e^(-x^2) * x / sqrt(pi) * CF}, CF the Legendre continued fraction of Gamma(1/2, x^2). */
    private static double erfcLarge(double x) {
        if (x > 27.5) {
            return 0; // e^(-x^2) underflows
        }
        double z = x * x;
        final double a = 0.5;
        final double tiny = 1e-300;
        double b = z + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 300; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 4e-16) {
                break;
            }
        }
        return expMinusSquare(x) * x * INV_SQRT_PI * h;
    }
}
