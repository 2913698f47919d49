package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * NAdam (Dozat 2016) with PyTorch's momentum-decay schedule; exactly {@code torch.optim.NAdam} of
 * PyTorch 2.x, including its {@code decoupled_weight_decay} (NAdamW) and {@code maximize} options.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ
 *   θ ← θ·(1 − lr·λ)  (decoupledWeightDecay)   or   g ← g + λ·θ  (λ ≠ 0)
 *   μ_t = β1·(1 − ½·0.96^(t·ψ)),  μ_{t+1} = β1·(1 − ½·0.96^((t+1)·ψ)),  Π ← Π·μ_t
 *   m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g·g
 *   denom ← √v / √(1 − β2^t) + eps
 *   θ ← θ + (−lr·(1 − μ_t)/(1 − Π))·g / denom
 *   θ ← θ + (−lr·μ_{t+1}/(1 − Π·μ_{t+1}))·m / denom
 * </pre>
 * ψ is {@code momentumDecay}. State: {@code exp_avg}, {@code exp_avg_sq} (zeros) and the scalar
 * {@code mu_product} Π = 1. Differences from PyTorch: the order of operations is that of PyTorch's
 * foreach path (√v/√bc2, as 1.13's and 2.x's {@code _multi_tensor_nadam}); the 2.x single-tensor
 * path computes √(v/bc2) instead, which differs in the last bits. PyTorch 1.13's single-tensor path
 * has the double-μ bug (1 − Π·μ_t·μ_{t+1} in the second denominator, fixed in 2.0 by PR #92699);
 * Descent has the fixed formula.
 */
public record NAdam(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
        boolean decoupledWeightDecay, boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 2e-3;
    public static final double DEFAULT_MOMENTUM_DECAY = 4e-3;

    /** Validates the hyperparameters. */
    public NAdam {
        Check.lr(lr);
        Check.eps(eps);
        Check.beta(0, beta1);
        Check.beta(1, beta2);
        Check.weightDecay(weightDecay);
        Check.nonNegative("momentum_decay value", momentumDecay);
    }

    /** PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, momentum decay 4e-3. */
    public static NAdam defaults() {
        return new NAdam(DEFAULT_LR, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, 0,
                DEFAULT_MOMENTUM_DECAY, false, false);
    }

    /** NAdam with learning rate {@code lr}. */
    public static NAdam withLr(double lr) {
        return (NAdam) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().putScalar("mu_product", 1.0).put("exp_avg", Dense.zeros(param))
                .put("exp_avg_sq", Dense.zeros(param));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        long t = s.incrementStep();
        double bc2 = 1 - Math.pow(beta2, t);
        double mu = beta1 * (1. - 0.5 * Math.pow(0.96, t * momentumDecay));
        double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
        double muProduct = s.scalar("mu_product") * mu;
        s.putScalar("mu_product", muProduct);
        double stepGrad = (lr * (1. - mu) / (1. - muProduct)) * -1;
        double stepAvg = (lr * muNext / (1. - muProduct * muNext)) * -1;
        double l2 = decoupledWeightDecay ? 0 : weightDecay;
        double decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
        Tensor m = s.tensor("exp_avg");
        Tensor v = s.tensor("exp_avg_sq");
        if (Dense.isFloat(p)) {
            OptimKernels.nadam(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(m), Dense.f(v), p.numel(), beta1,
                    beta2, Math.sqrt(bc2), eps, stepGrad, stepAvg, l2, decay, maximize);
        } else {
            OptimKernels.nadam(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(m), Dense.d(v), p.numel(), beta1,
                    beta2, Math.sqrt(bc2), eps, stepGrad, stepAvg, l2, decay, maximize);
        }
        Dense.touched(p, m, v);
    }
}
