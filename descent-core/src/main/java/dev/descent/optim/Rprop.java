package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Resilient backpropagation, the iRprop− variant (Riedmiller and Braun 1993; Igel and Hüsken 2000);
 * exactly {@code torch.optim.Rprop}. Only the sign of the gradient is used.
 *
 * <pre>
 *   g ← ±∇θ;   s = sign(g·prev)
 *   f = etaPlus where s > 0, etaMinus where s < 0, 1 where s = 0
 *   step ← clamp(step·f, stepSizeMin, stepSizeMax)
 *   g ← 0 where f = etaMinus                            (no step after a sign change)
 *   θ ← θ − sign(g)·step;   prev ← g
 * </pre>
 * State: {@code prev} (zeros) and {@code step_size} (filled with lr), so the first step is
 * θ − lr·sign(g). No weight decay, as in PyTorch. sign(NaN) = 0, as torch.sign.
 */
public record Rprop(double lr, double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax,
        boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 1e-2;

    /** Validates the hyperparameters. */
    public Rprop {
        Check.lr(lr);
        if (!(0.0 < etaMinus && etaMinus < 1.0 && 1.0 < etaPlus)) {
            throw new IllegalArgumentException("Invalid eta values: " + etaMinus + ", " + etaPlus
                    + " (must be 0 < etaminus < 1 < etaplus)");
        }
        if (!(stepSizeMin >= 0 && stepSizeMin <= stepSizeMax)) {
            throw new IllegalArgumentException("Invalid step sizes: " + stepSizeMin + ", " + stepSizeMax
                    + " (must be 0 <= min <= max)");
        }
    }

    /** PyTorch's defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50). */
    public static Rprop defaults() {
        return new Rprop(DEFAULT_LR, 0.5, 1.2, 1e-6, 50, false);
    }

    /** Rprop with learning rate (initial step size) {@code lr}. */
    public static Rprop withLr(double lr) {
        return (Rprop) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        return new State().put("prev", Dense.zeros(param)).put("step_size", Dense.full(param, lr));
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        s.incrementStep();
        Tensor prev = s.tensor("prev");
        Tensor step = s.tensor("step_size");
        if (Dense.isFloat(p)) {
            OptimKernels.rprop(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(prev), Dense.f(step), p.numel(),
                    etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
        } else {
            OptimKernels.rprop(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(prev), Dense.d(step), p.numel(),
                    etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
        }
        Dense.touched(p, prev, step);
    }
}
