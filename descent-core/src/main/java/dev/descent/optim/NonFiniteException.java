package dev.descent.optim;

/**
 * Raised by {@link Optimizer#step()} when a gradient or a parameter holds NaN or infinity, before
 * anything is updated. The message names the parameter, the element, the step and what to try.
 * Switch the check off with {@link Optimizer#setNonFiniteCheck(boolean)}.
 */
public final class NonFiniteException extends ArithmeticException {
    private final String parameter;
    private final long step;

    /** Creates the exception for {@code parameter} at optimizer step {@code step}. */
    public NonFiniteException(String parameter, long step, String message) {
        super(message);
        this.parameter = parameter;
        this.step = step;
    }

    /** Name of the offending parameter. */
    public String parameter() {
        return parameter;
    }

    /** The optimizer step (1-based) that was about to run. */
    public long step() {
        return step;
    }
}
