package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * AdamW (Loshchilov and Hutter 2019): {@link Adam} with decoupled weight decay, exactly {@code
 * torch.optim.AdamW}.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ
 *   θ ← θ·(1 − lr·λ)              (uses θ_{t−1}, before the Adam step; no L2 term)
 *   m, v, amsgrad and the update as in {@link Adam}
 * </pre>
 * λ is multiplied by the <em>current</em> lr, so a schedule also scales the decay (the paper's η_t·λ
 * uses a separate multiplier). Default λ = 1e-2, PyTorch's (Optax uses 1e-4). State as Adam's.
 *
 * @param lr          learning rate ≥ 0
 * @param beta1       first-moment decay in [0, 1)
 * @param beta2       second-moment decay in [0, 1)
 * @param eps         added to the denominator
 * @param weightDecay decoupled decay λ ≥ 0
 * @param amsgrad     use the running maximum of v
 * @param maximize    ascend instead of descend
 */
public record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize) implements Algorithm {
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    /** Validates the hyperparameters. */
    public AdamW {
        Check.lr(lr);
        Check.eps(eps);
        Check.beta(0, beta1);
        Check.beta(1, beta2);
        Check.weightDecay(weightDecay);
    }

    /** AdamW with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public static AdamW defaults() {
        return new AdamW(Adam.DEFAULT_LR, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS,
                DEFAULT_WEIGHT_DECAY, false, false);
    }

    /** AdamW with learning rate {@code lr} and the other defaults. */
    public static AdamW withLr(double lr) {
        return defaults().lr(lr);
    }

    public AdamW lr(double v) {
        return new AdamW(v, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW betas(double b1, double b2) {
        return new AdamW(lr, b1, b2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW eps(double v) {
        return new AdamW(lr, beta1, beta2, v, weightDecay, amsgrad, maximize);
    }

    public AdamW weightDecay(double v) {
        return new AdamW(lr, beta1, beta2, eps, v, amsgrad, maximize);
    }

    public AdamW amsgrad(boolean v) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, v, maximize);
    }

    public AdamW maximize(boolean v) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, v);
    }

    @Override
    public State init(Tensor param) {
        return Adam.init(param, amsgrad);
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        Adam.step(p, g, s, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, true);
    }
}
