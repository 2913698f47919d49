package dev.descent.landscape.expr;

import java.util.function.DoubleBinaryOperator;

/**
 * The binary operators, from loosest to tightest binding. {@code ^} is right-associative and binds
 * tighter than unary minus ({@code -x^2} is {@code -(x^2)}); the others associate to the left.
 */
public enum Op {
    ADD("+", 1, Double::sum),
    SUB("-", 1, (a, b) -> a - b),
    MUL("*", 2, (a, b) -> a * b),
    DIV("/", 2, (a, b) -> a / b),
    /** Computed as {@code x*x} for the exponent 2 (as the tensor kernel does) and {@link Math#pow} otherwise. */
    POW("^", 4, (a, b) -> b == 2.0 ? a * a : Math.pow(a, b));

    /** Binding strength of unary minus: between {@code * /} and {@code ^}. */
    static final int NEG_PRECEDENCE = 3;
    /** Binding strength of numbers, names, calls and parenthesized expressions. */
    static final int ATOM_PRECEDENCE = 5;

    private final String symbol;
    private final int precedence;
    private final DoubleBinaryOperator fn;

    Op(String symbol, int precedence, DoubleBinaryOperator fn) {
        this.symbol = symbol;
        this.precedence = precedence;
        this.fn = fn;
    }

    /** The operator as written: {@code + - * / ^}. */
    public String symbol() {
        return symbol;
    }

    /** Binding strength: 1 for {@code + -}, 2 for {@code * /}, 4 for {@code ^} (unary minus is 3). */
    public int precedence() {
        return precedence;
    }

    /** True for {@code ^}, the only right-associative operator. */
    public boolean rightAssociative() {
        return this == POW;
    }

    /** The operator applied to two doubles. */
    public double apply(double a, double b) {
        return fn.applyAsDouble(a, b);
    }
}
