package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Adamax, the infinity-norm variant of Adam (Kingma and Ba 2015, §7.1); exactly {@code
 * torch.optim.Adamax}.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ + λ·θ
 *   m ← β1·m + (1 − β1)·g
 *   u ← max(β2·u, |g| + eps)                            (eps inside the max: u ≥ eps always)
 *   θ ← θ + (−lr/(1 − β1^t))·m / u
 * </pre>
 * No correction on u. State: {@code exp_avg} m and {@code exp_inf} u, zeros.
 */
public record Adamax(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
        implements Algorithm {
    public static final double DEFAULT_LR = 2e-3;

    /** Validates the hyperparameters. */
    public Adamax {
        Check.lr(lr);
        Check.eps(eps);
        Check.beta(0, beta1);
        Check.beta(1, beta2);
        Check.weightDecay(weightDecay);
    }

    /** PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8. */
    public static Adamax defaults() {
        return new Adamax(DEFAULT_LR, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, 0, false);
    }

    /** Adamax with learning rate {@code lr}. */
    public static Adamax withLr(double lr) {
        return (Adamax) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().put("exp_avg", Dense.zeros(param)).put("exp_inf", Dense.zeros(param));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        long t = s.incrementStep();
        double clr = lr / (1 - Math.pow(beta1, t));
        Tensor m = s.tensor("exp_avg");
        Tensor u = s.tensor("exp_inf");
        if (Dense.isFloat(p)) {
            OptimKernels.adamax(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(m), Dense.f(u), p.numel(),
                    beta1, beta2, eps, -clr, weightDecay, maximize);
        } else {
            OptimKernels.adamax(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(m), Dense.d(u), p.numel(),
                    beta1, beta2, eps, -clr, weightDecay, maximize);
        }
        Dense.touched(p, m, u);
    }
}
