package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of Optimization
 * Algorithms"), as {@code optax.lion}: the update is the sign of an interpolated momentum.
 *
 * <pre>
 *   g ← ±∇θ
 *   c ← β1·m + (1 − β1)·g
 *   θ ← θ − lr·(sign(c) + λ·θ)                          (decoupled weight decay)
 *   m ← β2·m + (1 − β2)·g
 * </pre>
 * State: {@code exp_avg} m, zeros. sign(0) = 0. Defaults: β = (0.9, 0.99) and λ = 1e-3 as Optax; lr
 * 1e-4 (Optax has no default; the paper advises 3–10× smaller than AdamW's). Not in PyTorch.
 */
public record Lion(double lr, double beta1, double beta2, double weightDecay, boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 1e-4;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.99;
    public static final double DEFAULT_WEIGHT_DECAY = 1e-3;

    /** Validates the hyperparameters. */
    public Lion {
        Check.lr(lr);
        Check.beta(0, beta1);
        Check.beta(1, beta2);
        Check.weightDecay(weightDecay);
    }

    /** Lion with lr 1e-4, betas (0.9, 0.99), weight decay 1e-3. */
    public static Lion defaults() {
        return new Lion(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_WEIGHT_DECAY, false);
    }

    /** Lion with learning rate {@code lr}. */
    public static Lion withLr(double lr) {
        return (Lion) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().put("exp_avg", Dense.zeros(param));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        s.incrementStep();
        Tensor m = s.tensor("exp_avg");
        if (Dense.isFloat(p)) {
            OptimKernels.lion(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(m), p.numel(), lr, beta1, beta2,
                    weightDecay, maximize);
        } else {
            OptimKernels.lion(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(m), p.numel(), lr, beta1, beta2,
                    weightDecay, maximize);
        }
        Dense.touched(p, m);
    }
}
