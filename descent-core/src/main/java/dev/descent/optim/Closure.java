package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Re-evaluates the loss: clears the gradients, runs the forward pass, calls {@code backward()} and
 * returns the loss. {@link Optimizer#step(Closure)} calls it with grad mode on; L-BFGS calls it
 * several times per step.
 * <pre>{@code
 * optimizer.step(() -> {
 *     optimizer.zeroGrad();
 *     Tensor loss = model.call(x).sub(y).pow(2).mean();
 *     loss.backward();
 *     return loss;
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Closure {
    /** Computes the loss and its gradients; returns the loss (a one-element tensor). */
    Tensor evaluate();
}
