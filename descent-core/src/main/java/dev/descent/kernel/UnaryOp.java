package dev.descent.kernel;

/** Elementwise unary operations of the kernels; some take parameters p1, p2 (see each constant). */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, SQRT, RSQRT, ABS, SIN, COS, TAN, TANH, SIGMOID, RELU,
    /** p1 = negative slope. */
    LEAKY_RELU,
    /** p1 = alpha. */
    ELU,
    GELU, SOFTPLUS, SILU, SIGN, SQUARE, RECIPROCAL,
    /** x^p1. */
    POW_SCALAR,
    /** p1^x. */
    SCALAR_POW,
    /** clamp into [p1, p2]; NaN bound = no bound. */
    CLAMP,
    /** x + p1. */
    ADD_SCALAR,
    /** x * p1. */
    MUL_SCALAR,
    /** x > 0 ? 1 : 0. */
    STEP
}
