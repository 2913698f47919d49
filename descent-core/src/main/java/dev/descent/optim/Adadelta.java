package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Adadelta (Zeiler 2012); exactly {@code torch.optim.Adadelta}.
 *
 * <pre>
 *   g ← ±∇θ + λ·θ
 *   v ← ρ·v + (1 − ρ)·g·g
 *   Δ ← √(u + eps) / √(v + eps) · g                    (eps inside both roots)
 *   u ← ρ·u + (1 − ρ)·Δ·Δ
 *   θ ← θ − lr·Δ
 * </pre>
 * lr (default 1.0) is an extra multiplier that the paper does not have. State: {@code square_avg}
 * v and {@code acc_delta} u, zeros; the first step is about lr·√eps/√(1−ρ)·sign(g).
 */
public record Adadelta(double lr, double rho, double eps, double weightDecay, boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 1.0;
    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_EPS = 1e-6;

    /** Validates the hyperparameters. */
    public Adadelta {
        Check.lr(lr);
        Check.closedUnitInterval("rho value", rho);
        Check.eps(eps);
        Check.weightDecay(weightDecay);
    }

    /** PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6. */
    public static Adadelta defaults() {
        return new Adadelta(DEFAULT_LR, DEFAULT_RHO, DEFAULT_EPS, 0, false);
    }

    /** Adadelta with learning rate {@code lr}. */
    public static Adadelta withLr(double lr) {
        return (Adadelta) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().put("square_avg", Dense.zeros(param)).put("acc_delta", Dense.zeros(param));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        s.incrementStep();
        Tensor sq = s.tensor("square_avg");
        Tensor acc = s.tensor("acc_delta");
        if (Dense.isFloat(p)) {
            OptimKernels.adadelta(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(sq), Dense.f(acc), p.numel(),
                    lr, rho, eps, weightDecay, maximize);
        } else {
            OptimKernels.adadelta(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(sq), Dense.d(acc), p.numel(),
                    lr, rho, eps, weightDecay, maximize);
        }
        Dense.touched(p, sq, acc);
    }
}
