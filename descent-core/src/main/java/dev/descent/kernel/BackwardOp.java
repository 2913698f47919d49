package dev.descent.kernel;

/**
 * The fused activation backward kernels: {@code out = g * f'(...)} in one pass, where the input
 * {@code v} is the forward input {@code x} or, for {@code SIGMOID} and {@code TANH}, the forward
 * output {@code y} (the autograd layer keeps whichever is cheaper).
 */
enum BackwardOp {
    /** {@code v = x}: {@code x > 0 ? g : 0}. */
    RELU,
    /** {@code v = y}: {@code g * y * (1 - y)}. */
    SIGMOID,
    /** {@code v = y}: {@code g * (1 - y^2)}. */
    TANH,
    /** {@code v = x}: {@code g * (Phi(x) + x phi(x))}. */
    GELU,
    /** {@code v = x}: {@code g * (s + x s (1 - s) (A + 3 B x^2))}, GELU's tanh approximation as {@code x sigmoid(2u)}. */
    GELU_TANH,
    /** {@code v = x}: {@code g * s * (1 + x (1 - s))}, {@code s = sigmoid(x)}. */
    SILU,
    /** {@code v = x}: {@code x > 0 ? g : g * alpha * e^x}. */
    ELU,
    /** {@code v = x}: {@code x > 0 ? g : g * slope}. */
    LEAKY_RELU,
    /** {@code v = x}: {@code x > 20 ? g : g * sigmoid(x)} (torch's beta 1, threshold 20). */
    SOFTPLUS
}
