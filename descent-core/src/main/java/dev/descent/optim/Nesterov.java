package dev.descent.optim;

/**
 * Nesterov accelerated gradient in PyTorch's form: {@link SGD} with {@code nesterov = true},
 * {@code b ← μb + g; θ ← θ − lr·(g + μb)}. A factory only; the rule is SGD's.
 */
public final class Nesterov {
    private Nesterov() {}

    /** SGD with Nesterov momentum 0.9 and PyTorch's default lr. */
    public static SGD defaults() {
        return Momentum.defaults().nesterov(true);
    }

    /** SGD with Nesterov momentum 0.9 and learning rate {@code lr}. */
    public static SGD withLr(double lr) {
        return defaults().lr(lr);
    }

    /** SGD with Nesterov momentum {@code momentum} and learning rate {@code lr}. */
    public static SGD of(double lr, double momentum) {
        return Momentum.of(lr, momentum).nesterov(true);
    }
}
