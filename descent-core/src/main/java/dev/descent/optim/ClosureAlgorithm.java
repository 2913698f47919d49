package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * A rule that needs to re-evaluate the loss and sees every parameter of its (single) group at once,
 * such as {@link LBFGS}. The optimizer calls {@link #step(List, State, Closure)} from {@link
 * Optimizer#step(Closure)}; the whole state lives in one {@link State}, saved under the first
 * parameter's name.
 */
public interface ClosureAlgorithm extends Algorithm {
    /** One optimizer step; returns the loss of the first closure evaluation. */
    Tensor step(List<Tensor> params, State state, Closure closure);

    @Override
    default boolean needsClosure() {
        return true;
    }

    @Override
    default void update(Tensor param, Tensor grad, State state) {
        throw new IllegalStateException(name() + " needs the loss: call optimizer.step(closure) with a closure that "
                + "zeroes the gradients, computes the loss, calls backward() and returns the loss");
    }
}
