package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Averaged SGD (Polyak and Juditsky 1992); exactly {@code torch.optim.ASGD}.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ + λ_wd·θ
 *   θ ← θ·(1 − lambd·η);   θ ← θ − η·g                  (η from the end of the previous step)
 *   ax ← θ  if μ = 1,  else ax ← ax + (θ − ax)·μ
 *   η ← lr / (1 + lambd·lr·t)^alpha;   μ ← 1/max(1, t − t0)
 * </pre>
 * State: {@code eta} = lr, {@code mu} = 1 (scalars) and {@code ax} (zeros): the running average,
 * which is never written back to θ: read it from {@code optimizer.state(param).tensor("ax")}.
 * Difference from PyTorch: η and μ are kept as float64 scalars (PyTorch stores them as tensors of
 * the default dtype, float32 unless changed).
 */
public record ASGD(double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize)
        implements Algorithm {
    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_LAMBD = 1e-4;
    public static final double DEFAULT_ALPHA = 0.75;
    public static final double DEFAULT_T0 = 1e6;

    /** Validates the hyperparameters. */
    public ASGD {
        Check.lr(lr);
        Check.weightDecay(weightDecay);
        Check.nonNegative("lambd value", lambd);
        Check.nonNegative("alpha value", alpha);
    }

    /** PyTorch's defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6. */
    public static ASGD defaults() {
        return new ASGD(DEFAULT_LR, DEFAULT_LAMBD, DEFAULT_ALPHA, DEFAULT_T0, 0, false);
    }

    /** ASGD with learning rate {@code lr}. */
    public static ASGD withLr(double lr) {
        return (ASGD) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().putScalar("eta", lr).putScalar("mu", 1.0).put("ax", Dense.zeros(param));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        long t = s.incrementStep();
        double eta = s.scalar("eta");
        double mu = s.scalar("mu");
        Tensor ax = s.tensor("ax");
        if (Dense.isFloat(p)) {
            OptimKernels.asgd(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(ax), p.numel(), 1 - lambd * eta,
                    -eta, mu, weightDecay, maximize);
        } else {
            OptimKernels.asgd(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(ax), p.numel(), 1 - lambd * eta,
                    -eta, mu, weightDecay, maximize);
        }
        s.putScalar("eta", lr / Math.pow(1 + lambd * lr * t, alpha));
        s.putScalar("mu", 1 / Math.max(1, t - t0));
        Dense.touched(p, ax);
    }
}
