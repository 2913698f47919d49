package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Rectified Adam (Liu et al. 2020); exactly {@code torch.optim.RAdam} of PyTorch 2.x, including its
 * {@code decoupled_weight_decay} and {@code maximize} options.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ
 *   θ ← θ·(1 − lr·λ)  (decoupledWeightDecay)   or   g ← g + λ·θ  (λ ≠ 0)
 *   m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g·g;   m̂ ← m/(1 − β1^t)
 *   ρ∞ = 2/(1 − β2) − 1;   ρ_t = ρ∞ − 2t·β2^t/(1 − β2^t)
 *   ρ_t > 5:  r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t));  θ ← θ − m̂·lr·(√(1−β2^t)/(√v + eps))·r
 *   else:     θ ← θ − m̂·lr                              (bias-corrected momentum SGD)
 * </pre>
 * eps is added to the un-corrected √v. With β2 = 0.999 the first rectified step is t = 6. State:
 * {@code exp_avg}, {@code exp_avg_sq}, zeros. Optax tests {@code ρ_t ≥ 5}; PyTorch and Descent use >.
 */
public record RAdam(double lr, double beta1, double beta2, double eps, double weightDecay,
        boolean decoupledWeightDecay, boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 1e-3;

    /** Validates the hyperparameters. */
    public RAdam {
        Check.lr(lr);
        Check.eps(eps);
        Check.beta(0, beta1);
        Check.beta(1, beta2);
        Check.weightDecay(weightDecay);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
    public static RAdam defaults() {
        return new RAdam(DEFAULT_LR, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, 0, false, false);
    }

    /** RAdam with learning rate {@code lr}. */
    public static RAdam withLr(double lr) {
        return (RAdam) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().put("exp_avg", Dense.zeros(param)).put("exp_avg_sq", Dense.zeros(param));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        long t = s.incrementStep();
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * (double) t * Math.pow(beta2, t) / bc2;
        double rect = Double.NaN;
        if (rhoT > 5.) {
            rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        }
        double l2 = decoupledWeightDecay ? 0 : weightDecay;
        double decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
        Tensor m = s.tensor("exp_avg");
        Tensor v = s.tensor("exp_avg_sq");
        if (Dense.isFloat(p)) {
            OptimKernels.radam(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(m), Dense.f(v), p.numel(), beta1,
                    beta2, bc1, lr, rect, Math.sqrt(bc2), eps, l2, decay, maximize);
        } else {
            OptimKernels.radam(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(m), Dense.d(v), p.numel(), beta1,
                    beta2, bc1, lr, rect, Math.sqrt(bc2), eps, l2, decay, maximize);
        }
        Dense.touched(p, m, v);
    }
}
