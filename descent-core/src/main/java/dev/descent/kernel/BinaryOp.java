package dev.descent.kernel;

/**
 * Elementwise binary operations {@code out = a op b}.
 *
 * <p>Semantics are Java's IEEE 754 arithmetic in the dtype of the arrays (float32 ops round to
 * float32 after every operation, as torch does on CPU). {@code MAX}/{@code MIN} are {@link Math#max}
 * and {@link Math#min}: a NaN in either input gives NaN (like {@code torch.maximum}), and
 * {@code -0.0 < +0.0}. {@code POW} is {@link Math#pow}.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b}. */
    DIV,
    /** {@code Math.max(a, b)}, NaN-propagating. */
    MAX,
    /** {@code Math.min(a, b)}, NaN-propagating. */
    MIN,
    /** {@code Math.pow(a, b)}. */
    POW
}
