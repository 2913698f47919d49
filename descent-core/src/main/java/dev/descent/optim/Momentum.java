package dev.descent.optim;

/**
 * "Momentum" as the notes name it: {@link SGD} with heavy-ball momentum, {@code b ← μb + g; θ ← θ −
 * lr·b}. A factory only; the rule is SGD's.
 */
public final class Momentum {
    /** The conventional μ. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private Momentum() {}

    /** SGD with momentum 0.9 and PyTorch's default lr. */
    public static SGD defaults() {
        return SGD.defaults().momentum(DEFAULT_MOMENTUM);
    }

    /** SGD with momentum 0.9 and learning rate {@code lr}. */
    public static SGD withLr(double lr) {
        return defaults().lr(lr);
    }

    /** SGD with momentum {@code momentum} and learning rate {@code lr}. */
    public static SGD of(double lr, double momentum) {
        return SGD.withLr(lr).momentum(momentum);
    }
}
