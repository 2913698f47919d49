package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Adam (Kingma and Ba 2015), with AMSGrad and PyTorch 2.x's decoupled weight decay flag; exactly
 * {@code torch.optim.Adam} in PyTorch 1.13's single-tensor order of operations.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ
 *   θ ← θ·(1 − lr·λ)              (decoupledWeightDecay; this is AdamW)
 *   g ← g + λ·θ                   (otherwise, when λ ≠ 0: L2)
 *   m ← β1·m + (1 − β1)·g            computed as fma(1 − β1, g, β1·m), like ATen's add_(g, alpha)
 *   v ← β2·v + (1 − β2)·g·g          computed as fma((1 − β2)·g, g, β2·v), like ATen's addcmul_
 *   w ← max(w̄, v), w̄ ← w         (amsgrad: the max is over the raw v), else w ← v
 *   θ ← θ + (−lr/(1 − β1^t))·m / (√w / √(1 − β2^t) + eps)
 * </pre>
 * eps is added <em>after</em> dividing √w by √bc2 (outside the square root), which equals
 * {@code lr·m̂/(√v̂ + eps)}. State: {@code exp_avg} m, {@code exp_avg_sq} v (zeros) and {@code
 * max_exp_avg_sq} (amsgrad only); the first step is therefore ≈ lr·sign(g).
 * Differences from PyTorch: none in value. PyTorch 2.x computes m with {@code lerp}, which rounds
 * differently in the last bit; Descent keeps 1.13's {@code m·β1 + (1−β1)·g}.
 *
 * @param lr                   learning rate ≥ 0
 * @param beta1                first-moment decay in [0, 1)
 * @param beta2                second-moment decay in [0, 1)
 * @param eps                  added to the denominator, ≥ 0
 * @param weightDecay          λ ≥ 0; L2 unless {@code decoupledWeightDecay}
 * @param amsgrad              use the running maximum of v
 * @param maximize             ascend instead of descend
 * @param decoupledWeightDecay apply λ as θ·(1 − lr·λ) (AdamW)
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize, boolean decoupledWeightDecay) implements Algorithm {
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    /** Validates the hyperparameters. */
    public Adam {
        Check.lr(lr);
        Check.eps(eps);
        Check.beta(0, beta1);
        Check.beta(1, beta2);
        Check.weightDecay(weightDecay);
    }

    /** Adam with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Adam defaults() {
        return new Adam(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0, false, false, false);
    }

    /** Adam with learning rate {@code lr} and the other defaults. */
    public static Adam withLr(double lr) {
        return defaults().lr(lr);
    }

    public Adam lr(double v) {
        return new Adam(v, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam betas(double b1, double b2) {
        return new Adam(lr, b1, b2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam eps(double v) {
        return new Adam(lr, beta1, beta2, v, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam weightDecay(double v) {
        return new Adam(lr, beta1, beta2, eps, v, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam amsgrad(boolean v) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, v, maximize, decoupledWeightDecay);
    }

    public Adam maximize(boolean v) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, v, decoupledWeightDecay);
    }

    public Adam decoupledWeightDecay(boolean v) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, v);
    }

    @Override
    public State init(Tensor param) {
        return init(param, amsgrad);
    }

    static State init(Tensor param, boolean amsgrad) {
        State s = new State().put("exp_avg", Dense.zeros(param)).put("exp_avg_sq", Dense.zeros(param));
        if (amsgrad) {
            s.put("max_exp_avg_sq", Dense.zeros(param));
        }
        return s;
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        step(p, g, s, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    /** The shared Adam/AdamW step. */
    static void step(Tensor p, Tensor g, State s, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean maximize, boolean decoupled) {
        long t = s.incrementStep();
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        double bc2Sqrt = Math.sqrt(bc2);
        double l2 = decoupled ? 0 : weightDecay;
        double decay = decoupled ? 1 - lr * weightDecay : 1;
        Tensor m = s.tensor("exp_avg");
        Tensor v = s.tensor("exp_avg_sq");
        Tensor vmax = null;
        if (amsgrad) {
            vmax = s.tensor("max_exp_avg_sq");
            if (vmax == null) {
                vmax = Dense.zeros(p);
                s.put("max_exp_avg_sq", vmax);
            }
        }
        int n = p.numel();
        if (Dense.isFloat(p)) {
            OptimKernels.adam(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(m), Dense.f(v), Dense.f(vmax), n,
                    beta1, beta2, -stepSize, bc2Sqrt, eps, l2, decay, maximize);
        } else {
            OptimKernels.adam(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(m), Dense.d(v), Dense.d(vmax), n,
                    beta1, beta2, -stepSize, bc2Sqrt, eps, l2, decay, maximize);
        }
        Dense.touched(p, m, v, vmax);
    }
}
