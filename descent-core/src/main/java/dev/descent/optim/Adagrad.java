package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Adagrad (Duchi, Hazan and Singer 2011); exactly {@code torch.optim.Adagrad} for dense gradients.
 *
 * <pre>
 *   t ← t + 1;  g ← ±∇θ + λ·θ
 *   clr ← lr / (1 + (t − 1)·lrDecay)
 *   sum ← sum + g·g
 *   θ ← θ + (−clr)·g / (√sum + eps)
 * </pre>
 * eps is outside the square root. State: {@code sum}, filled with {@code initialAccumulatorValue}.
 * Difference from PyTorch: the state is created lazily at the first step like every other
 * algorithm's (PyTorch creates it eagerly in the constructor, which breaks {@code add_param_group},
 * issue #53712); the values are the same.
 */
public record Adagrad(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
        boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_EPS = 1e-10;

    /** Validates the hyperparameters. */
    public Adagrad {
        Check.lr(lr);
        Check.nonNegative("lr_decay value", lrDecay);
        Check.weightDecay(weightDecay);
        Check.nonNegative("initial_accumulator_value value", initialAccumulatorValue);
        Check.eps(eps);
    }

    /** PyTorch's defaults: lr 1e-2, no decay, accumulator 0, eps 1e-10. */
    public static Adagrad defaults() {
        return new Adagrad(DEFAULT_LR, 0, 0, 0, DEFAULT_EPS, false);
    }

    /** Adagrad with learning rate {@code lr}. */
    public static Adagrad withLr(double lr) {
        return (Adagrad) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().put("sum", Dense.full(param, initialAccumulatorValue));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        long t = s.incrementStep();
        double clr = lr / (1 + (t - 1) * lrDecay);
        Tensor sum = s.tensor("sum");
        if (Dense.isFloat(p)) {
            OptimKernels.adagrad(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(sum), p.numel(), -clr, eps,
                    weightDecay, maximize);
        } else {
            OptimKernels.adagrad(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(sum), p.numel(), -clr, eps,
                    weightDecay, maximize);
        }
        Dense.touched(p, sum);
    }
}
