package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay
 * and maximisation; exactly {@code torch.optim.SGD}.
 *
 * <pre>
 *   g ← ±∇θ                       (− when maximize)
 *   g ← g + λ·θ                   (weightDecay λ ≠ 0)
 *   if μ ≠ 0:  b ← g               on the first step (no dampening: the buffer is the raw gradient)
 *              b ← μ·b + (1 − τ)·g afterwards
 *              g ← g + μ·b  (nesterov)   or   g ← b
 *   θ ← θ − lr·g
 * </pre>
 * The learning rate sits outside the buffer (PyTorch's convention, not Sutskever's {@code v = μv +
 * lr·g}): changing lr mid-run rescales the whole accumulated velocity. State: {@code
 * momentum_buffer}, absent until the first step (and never created when μ = 0).
 * Differences from PyTorch: none (the default lr is 2.x's 1e-3; 1.13 required it).
 *
 * @param lr          learning rate γ ≥ 0
 * @param momentum    μ ≥ 0
 * @param dampening   τ, applied from the second step on
 * @param weightDecay L2 coefficient λ ≥ 0 (added to the gradient)
 * @param nesterov    Nesterov momentum; needs μ > 0 and τ = 0
 * @param maximize    ascend instead of descend
 */
public record SGD(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize)
        implements Algorithm {
    public static final double DEFAULT_LR = 1e-3;

    /** Validates the hyperparameters. */
    public SGD {
        Check.lr(lr);
        Check.nonNegative("momentum value", momentum);
        Check.weightDecay(weightDecay);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("Invalid dampening value: " + dampening + " (must be finite)");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening (got momentum "
                    + momentum + ", dampening " + dampening + ")");
        }
    }

    /** Plain SGD with PyTorch 2.x's defaults (lr 1e-3, no momentum). */
    public static SGD defaults() {
        return new SGD(DEFAULT_LR, 0, 0, 0, false, false);
    }

    /** Plain SGD with learning rate {@code lr}. */
    public static SGD withLr(double lr) {
        return defaults().lr(lr);
    }

    public SGD lr(double v) {
        return new SGD(v, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public SGD momentum(double v) {
        return new SGD(lr, v, dampening, weightDecay, nesterov, maximize);
    }

    public SGD dampening(double v) {
        return new SGD(lr, momentum, v, weightDecay, nesterov, maximize);
    }

    public SGD weightDecay(double v) {
        return new SGD(lr, momentum, dampening, v, nesterov, maximize);
    }

    public SGD nesterov(boolean v) {
        return new SGD(lr, momentum, dampening, weightDecay, v, maximize);
    }

    public SGD maximize(boolean v) {
        return new SGD(lr, momentum, dampening, weightDecay, nesterov, v);
    }

    @Override
    public State init(Tensor param) {
        return new State();
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        s.incrementStep();
        Tensor buf = s.tensor("momentum_buffer");
        boolean first = false;
        if (momentum != 0 && buf == null) {
            buf = Dense.zeros(p);
            s.put("momentum_buffer", buf);
            first = true;
        }
        int n = p.numel();
        if (Dense.isFloat(p)) {
            OptimKernels.sgd(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(buf), n, lr, momentum, dampening,
                    weightDecay, nesterov, maximize, first);
        } else {
            OptimKernels.sgd(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(buf), n, lr, momentum, dampening,
                    weightDecay, nesterov, maximize, first);
        }
        Dense.touched(p, buf);
    }
}
