package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * An update rule: the "technique" the {@link Optimizer} applies. Implementations are small immutable
 * records of hyperparameters with two pure parts:
 * <ul>
 *   <li>{@link #init(Tensor)} creates the per-parameter {@link State} (zeros, step 0);</li>
 *   <li>{@link #update(Tensor, Tensor, State)} applies one step to the parameter, in place, with a
 *       fused kernel that reads each element of the parameter, gradient and state once.</li>
 * </ul>
 * The rule never sees other parameters, the parameter groups or the step count of other tensors;
 * binding is the optimizer's job. The same rule runs in float32 and float64.
 *
 * <p>Hyperparameters are the record components. {@link #hyperparameters()} lists them in
 * declaration order and {@link #with(String, Object)} returns a copy with one of them changed
 * (validated again), which is how schedulers change {@code lr}, {@code momentum} or {@code beta1}.
 */
public interface Algorithm {
    /** The algorithm's name as saved in a state dict: the simple class name ({@code Adam}). */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The learning rate. */
    double lr();

    /** The state of a parameter that has not been updated yet. */
    State init(Tensor param);

    /**
     * One update of {@code param} (contiguous) with gradient {@code grad} (same shape and dtype,
     * contiguous), in place; increments {@code state}'s step count.
     */
    void update(Tensor param, Tensor grad, State state);

    /** True for rules that need {@link Optimizer#step(Closure)} and see all parameters at once (L-BFGS). */
    default boolean needsClosure() {
        return false;
    }

    /** Every hyperparameter by name, in declaration order. */
    default Map<String, Object> hyperparameters() {
        return Hyperparameters.of(this);
    }

    /** The hyperparameter {@code name}; an error naming the valid names if there is none. */
    default Object get(String name) {
        return Hyperparameters.get(this, name);
    }

    /** A copy with hyperparameter {@code name} set to {@code value}, validated as at construction. */
    default Algorithm with(String name, Object value) {
        return Hyperparameters.with(this, name, value);
    }
}
