package dev.descent.landscape.run;

import dev.descent.landscape.Numbers;
import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.optim.Algorithm;
import dev.descent.optim.SGD;
import java.util.Optional;

/**
 * The local stability bounds of the momentum-SGD family on a quadratic with Hessian eigenvalues up
 * to λmax (near a point, every smooth function is such a quadratic). Along an eigenvector with
 * eigenvalue λ, with a = lr·λ:
 * <ul>
 *   <li>gradient descent multiplies the error by (1 − a): stable iff a &lt; 2, so lr &lt; 2/λmax;</li>
 *   <li>heavy-ball momentum (PyTorch's SGD with momentum β, which equals θ_{k+1} = θ_k − lr·g_k +
 *       β(θ_k − θ_{k−1})) has characteristic polynomial z² − (1 + β − a)z + β: stable iff
 *       0 &lt; a &lt; 2 + 2β, so lr &lt; (2 + 2β)/λmax;</li>
 *   <li>Nesterov momentum in PyTorch's form (θ ← θ − lr(g + βb)) has trace 1 + β − a(1 + β) and
 *       determinant β(1 − a): stable iff a &lt; (2 + 2β)/(1 + 2β);</li>
 *   <li>dampening τ scales the gradient by (1 − τ) inside the buffer, and L2 weight decay λ_wd adds
 *       λ_wd to every eigenvalue.</li>
 * </ul>
 * The optimal constant parameters on a quadratic with eigenvalues in [λmin, λmax] and κ =
 * λmax/λmin (Polyak; Goh, "Why Momentum Really Works", 2017): GD with lr = 2/(λmin + λmax)
 * contracts by (κ − 1)/(κ + 1) per step; heavy ball with lr = 4/(√λmax + √λmin)² and β = ((√κ −
 * 1)/(√κ + 1))² contracts by (√κ − 1)/(√κ + 1).
 */
public final class Stability {
    private Stability() {}

    /**
     * A learning-rate bound: the run is locally stable for {@code lr < bound}.
     *
     * @param rule      the optimizer family, e.g. {@code gradient descent}
     * @param formula   the formula, e.g. {@code 2/λmax} or {@code (2+2β)/λmax}
     * @param beta      the momentum β in the formula (0 for gradient descent)
     * @param lambdaMax the largest Hessian eigenvalue used (with weight decay added)
     * @param bound     the value of the formula
     * @param lr        the run's learning rate
     */
    public record Bound(String rule, String formula, double beta, double lambdaMax, double bound, double lr) {
        /** True when the learning rate is above the bound. */
        public boolean exceeded() {
            return lr > bound;
        }

        /** {@code lr = 0.021 > 2/λmax = 0.02 (λmax = 100)}. */
        public String describe() {
            return "lr = " + fmt(lr) + (lr > bound ? " > " : lr == bound ? " = " : " < ") + formula + " = " + fmt(bound)
                    + " (" + (beta == 0 ? "" : "β = " + fmt(beta) + ", ") + "λmax = " + fmt(lambdaMax) + ")";
        }
    }

    /** 2/λmax. */
    public static double gradientDescent(double lambdaMax) {
        return 2 / lambdaMax;
    }

    /** (2 + 2β)/λmax. */
    public static double heavyBall(double lambdaMax, double beta) {
        return (2 + 2 * beta) / lambdaMax;
    }

    /** (2 + 2β)/((1 + 2β)·λmax), PyTorch's Nesterov form. */
    public static double nesterov(double lambdaMax, double beta) {
        return (2 + 2 * beta) / ((1 + 2 * beta) * lambdaMax);
    }

    /** GD's best constant learning rate on a quadratic, 2/(λmin + λmax). */
    public static double optimalGdLr(double lambdaMin, double lambdaMax) {
        return 2 / (lambdaMin + lambdaMax);
    }

    /** GD's contraction per step at its best learning rate, (κ − 1)/(κ + 1). */
    public static double optimalGdRate(double kappa) {
        return (kappa - 1) / (kappa + 1);
    }

    /** Heavy ball's best learning rate, 4/(√λmax + √λmin)². */
    public static double optimalHeavyBallLr(double lambdaMin, double lambdaMax) {
        double s = Math.sqrt(lambdaMax) + Math.sqrt(lambdaMin);
        return 4 / (s * s);
    }

    /** Heavy ball's best momentum, ((√κ − 1)/(√κ + 1))². */
    public static double optimalHeavyBallMomentum(double kappa) {
        double r = optimalHeavyBallRate(kappa);
        return r * r;
    }

    /** Heavy ball's contraction per step at its best parameters, (√κ − 1)/(√κ + 1). */
    public static double optimalHeavyBallRate(double kappa) {
        double s = Math.sqrt(kappa);
        return (s - 1) / (s + 1);
    }

    /**
     * The bound for {@code a} where it is known (PyTorch's SGD with or without momentum, Nesterov,
     * dampening, L2 weight decay, maximize), from the Hessian {@code hessian} (of the function; with
     * maximize the bound uses −H).
     */
    public static Optional<Bound> of(Algorithm a, double[][] hessian) {
        if (!(a instanceof SGD s)) {
            return Optional.empty();
        }
        double lambdaMax = largestEigenvalue(hessian, s.maximize());
        if (!Double.isFinite(lambdaMax)) {
            return Optional.empty();
        }
        return of(s, lambdaMax);
    }

    /** The bound for SGD {@code s} given the function's largest curvature (before weight decay). */
    public static Optional<Bound> of(SGD s, double lambdaMax) {
        double lam = lambdaMax + s.weightDecay();
        if (!(lam > 0)) {
            return Optional.empty(); // no positive curvature: nothing to overshoot
        }
        double gain = 1 - (s.momentum() == 0 ? 0 : s.dampening());
        double beta = s.momentum();
        if (beta == 0) {
            return Optional.of(new Bound("gradient descent", "2/λmax", 0, lam, gradientDescent(lam), s.lr()));
        }
        if (s.nesterov()) {
            return Optional.of(new Bound("Nesterov momentum", "(2+2β)/((1+2β)λmax)", beta, lam, nesterov(lam, beta),
                    s.lr()));
        }
        String formula = gain == 1 ? "(2+2β)/λmax" : "(2+2β)/((1−τ)λmax)";
        return Optional.of(new Bound("heavy-ball momentum", formula, beta, lam, heavyBall(lam, beta) / gain, s.lr()));
    }

    /** The largest eigenvalue of H (of −H when {@code negate}). */
    public static double largestEigenvalue(double[][] hessian, boolean negate) {
        for (double[] row : hessian) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return Double.NaN;
                }
            }
        }
        SymmetricEigen e = SymmetricEigen.of(hessian);
        return negate ? -e.min() : e.max();
    }

    static String fmt(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Numbers.format(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = String.format(java.util.Locale.ROOT, "%.4g", v);
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }
        return String.format(java.util.Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
    }
}
