package dev.descent.landscape.analysis;

import dev.descent.landscape.Numbers;
import dev.descent.landscape.PointType;
import java.util.Arrays;

/**
 * The second-derivative test at a point, with the numbers behind the verdict.
 *
 * <p>Rules, with {@code s = max(1, max |eigenvalue|)} as the curvature scale:
 * <ul>
 *   <li>not-critical when {@code |gradient| > tolerances.gradient() * s}. Scaling by the curvature
 *       makes the test ask "is the point within about {@code tolerances.gradient()} of a critical
 *       point?", so a minimum given to six decimals still counts as a minimum;</li>
 *   <li>otherwise an eigenvalue counts as zero when {@code |eigenvalue| <= tolerances.eigenvalue() * s};
 *       all positive: minimum; all negative: maximum; both signs: saddle; anything else
 *       (some zero and the rest of one sign): degenerate;</li>
 *   <li>non-finite derivatives (NaN, infinity: a kink or a pole) make the test inconclusive:
 *       degenerate, with that reason.</li>
 * </ul>
 *
 * @param type              the verdict
 * @param gradientNorm      |gradient|
 * @param gradientTolerance the threshold |gradient| was compared with
 * @param eigenvalues       the Hessian's eigenvalues, ascending
 * @param zeroTolerance     eigenvalues within plus or minus this count as zero
 * @param reason            one line in words, e.g. {@code eigenvalues of both signs}
 */
public record Classification(PointType type, double gradientNorm, double gradientTolerance, double[] eigenvalues,
                             double zeroTolerance, String reason) {

    /**
     * Tolerances of the test (see the class comment for how they are scaled).
     *
     * @param gradient   relative tolerance on the gradient's norm, default 1e-6
     * @param eigenvalue relative tolerance below which an eigenvalue counts as zero, default 1e-8
     */
    public record Tolerances(double gradient, double eigenvalue) {
        /** 1e-6 on the gradient, 1e-8 on the eigenvalues. */
        public static final Tolerances DEFAULT = new Tolerances(1e-6, 1e-8);

        public Tolerances {
            if (!(gradient >= 0) || !(eigenvalue >= 0)) {
                throw new IllegalArgumentException("tolerances must be non-negative, got gradient " + gradient
                        + " and eigenvalue " + eigenvalue);
            }
        }
    }

    public Classification {
        eigenvalues = eigenvalues.clone();
    }

    /** Classifies a point from its gradient and (symmetric) Hessian. */
    public static Classification of(double[] gradient, double[][] hessian, Tolerances tol) {
        double norm = 0;
        boolean finite = true;
        for (double g : gradient) {
            norm += g * g;
            finite &= Double.isFinite(g);
        }
        norm = Math.sqrt(norm);
        for (double[] row : hessian) {
            for (double h : row) {
                finite &= Double.isFinite(h);
            }
        }
        if (!finite) {
            double[] eig = new double[hessian.length];
            Arrays.fill(eig, Double.NaN);
            return new Classification(PointType.DEGENERATE, norm, Double.NaN, eig, Double.NaN,
                    "the derivatives are not finite (NaN or infinity): the second-derivative test is inconclusive");
        }
        double[] eig = SymmetricEigen.of(hessian).values();
        double scale = 1;
        for (double l : eig) {
            scale = Math.max(scale, Math.abs(l));
        }
        double gradTol = tol.gradient() * scale;
        double zeroTol = tol.eigenvalue() * scale;
        if (norm > gradTol) {
            return new Classification(PointType.NOT_CRITICAL, norm, gradTol, eig, zeroTol,
                    "|gradient| = " + Numbers.format(norm) + " > " + Numbers.format(gradTol));
        }
        int pos = 0;
        int neg = 0;
        for (double l : eig) {
            if (l > zeroTol) {
                pos++;
            } else if (l < -zeroTol) {
                neg++;
            }
        }
        int n = eig.length;
        if (n > 0 && pos == n) {
            return new Classification(PointType.MINIMUM, norm, gradTol, eig, zeroTol, "all eigenvalues positive");
        }
        if (n > 0 && neg == n) {
            return new Classification(PointType.MAXIMUM, norm, gradTol, eig, zeroTol, "all eigenvalues negative");
        }
        if (pos > 0 && neg > 0) {
            return new Classification(PointType.SADDLE, norm, gradTol, eig, zeroTol, "eigenvalues of both signs");
        }
        return new Classification(PointType.DEGENERATE, norm, gradTol, eig, zeroTol,
                (n - pos - neg) + " of " + n + " eigenvalues are zero (|eigenvalue| <= " + Numbers.format(zeroTol)
                        + "): the second-derivative test is inconclusive");
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Classification c && type == c.type && Double.compare(gradientNorm, c.gradientNorm) == 0
                && Arrays.equals(eigenvalues, c.eigenvalues) && reason.equals(c.reason);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(eigenvalues);
    }

    @Override
    public String toString() {
        return type.label() + " (" + reason + ")";
    }
}
