package dev.descent.train;

/**
 * A training run stopped because the loss or a gradient became NaN or infinite, usually a sign of
 * too large a learning rate. The message is one line: the step, the last finite loss and what to
 * try, e.g. {@code training diverged at step 8 (epoch 1, batch 4 of 4): the loss is NaN; the last
 * finite loss was 2.3026 at step 7. Lower the learning rate (now 1.5), or clip gradients with
 * --clip-grad-norm 1.0}.
 */
public final class DivergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final double lastFiniteLoss;
    private final long lastFiniteStep;
    private final double lr;

    /** The exception for {@code step}, with the last finite loss seen before it and the learning rate. */
    public DivergenceException(String message, long step, double lastFiniteLoss, long lastFiniteStep, double lr) {
        super(message);
        this.step = step;
        this.lastFiniteLoss = lastFiniteLoss;
        this.lastFiniteStep = lastFiniteStep;
        this.lr = lr;
    }

    /** The step whose loss or gradient was not finite (1-based). */
    public long step() {
        return step;
    }

    /** The last finite loss (NaN if the very first loss was not finite). */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }

    /** The step of {@link #lastFiniteLoss()} (0 if none). */
    public long lastFiniteStep() {
        return lastFiniteStep;
    }

    /** The learning rate of the diverging step. */
    public double lr() {
        return lr;
    }
}
