package dev.descent.ops;

import dev.descent.tensor.Tensor;

/** Comparisons: results are 0/1 in the promoted type and carry no gradient. */
public final class Compare {
    private Compare() {}

    /** a == b. */
    public static Tensor eq(Tensor a, Tensor b) {
        return Dispatch.compare("eq", Dispatch.CompareOp.EQ, a, b);
    }

    /** a != b. */
    public static Tensor ne(Tensor a, Tensor b) {
        return Dispatch.compare("ne", Dispatch.CompareOp.NE, a, b);
    }

    /** a &lt; b. */
    public static Tensor lt(Tensor a, Tensor b) {
        return Dispatch.compare("lt", Dispatch.CompareOp.LT, a, b);
    }

    /** a &lt;= b. */
    public static Tensor le(Tensor a, Tensor b) {
        return Dispatch.compare("le", Dispatch.CompareOp.LE, a, b);
    }

    /** a &gt; b. */
    public static Tensor gt(Tensor a, Tensor b) {
        return Dispatch.compare("gt", Dispatch.CompareOp.GT, a, b);
    }

    /** a &gt;= b. */
    public static Tensor ge(Tensor a, Tensor b) {
        return Dispatch.compare("ge", Dispatch.CompareOp.GE, a, b);
    }
}
