package dev.descent.optim;

import dev.descent.kernel.OptimKernels;
import dev.descent.tensor.Tensor;

/**
 * RMSprop (Hinton's lecture 6e; centered form from Graves 2013); exactly {@code torch.optim.RMSprop}.
 *
 * <pre>
 *   g ← ±∇θ + λ·θ
 *   v ← α·v + (1 − α)·g·g
 *   centered:  ḡ ← α·ḡ + (1 − α)·g;  a ← √(v − ḡ·ḡ)      else  a ← √v
 *   a ← a + eps                                         (eps outside the square root)
 *   μ > 0:  b ← μ·b + g/a;  θ ← θ − lr·b                else  θ ← θ − lr·g/a
 * </pre>
 * No bias correction, so the first step is about lr·g/(√(1−α)|g|) = 10·lr·sign(g) with α = 0.99.
 * State: {@code square_avg}, {@code momentum_buffer} (μ > 0) and {@code grad_avg} (centered), all
 * zeros; unlike SGD the momentum buffer starts at zero. TensorFlow and Optax put eps inside the root.
 */
public record RMSprop(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
        boolean maximize) implements Algorithm {
    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_ALPHA = 0.99;
    public static final double DEFAULT_EPS = 1e-8;

    /** Validates the hyperparameters. */
    public RMSprop {
        Check.lr(lr);
        Check.eps(eps);
        Check.nonNegative("momentum value", momentum);
        Check.weightDecay(weightDecay);
        Check.nonNegative("alpha value", alpha);
    }

    /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no momentum, not centered. */
    public static RMSprop defaults() {
        return new RMSprop(DEFAULT_LR, DEFAULT_ALPHA, DEFAULT_EPS, 0, 0, false, false);
    }

    /** RMSprop with learning rate {@code lr}. */
    public static RMSprop withLr(double lr) {
        return (RMSprop) defaults().with("lr", lr);
    }

    @Override
    public State init(Tensor param) {
        State s = new State().put("square_avg", Dense.zeros(param));
        if (momentum > 0) {
            s.put("momentum_buffer", Dense.zeros(param));
        }
        if (centered) {
            s.put("grad_avg", Dense.zeros(param));
        }
        return s;
    }

    private static Tensor ensure(State s, String name, Tensor p) {
        Tensor t = s.tensor(name);
        if (t == null) {
            t = Dense.zeros(p);
            s.put(name, t);
        }
        return t;
    }

    @Override
    public void update(Tensor p, Tensor g, State s) {
        s.incrementStep();
        Tensor sq = s.tensor("square_avg");
        Tensor gavg = centered ? ensure(s, "grad_avg", p) : null;
        Tensor buf = momentum > 0 ? ensure(s, "momentum_buffer", p) : null;
        if (Dense.isFloat(p)) {
            OptimKernels.rmsprop(Dense.f(p), p.offset(), Dense.f(g), g.offset(), Dense.f(sq), Dense.f(gavg),
                    Dense.f(buf), p.numel(), lr, alpha, eps, weightDecay, momentum, maximize);
        } else {
            OptimKernels.rmsprop(Dense.d(p), p.offset(), Dense.d(g), g.offset(), Dense.d(sq), Dense.d(gavg),
                    Dense.d(buf), p.numel(), lr, alpha, eps, weightDecay, momentum, maximize);
        }
        Dense.touched(p, sq, gavg, buf);
    }
}
