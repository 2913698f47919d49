package dev.descent.landscape.expr;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedSet;

/**
 * A parsed expression: the syntax tree of the grammar in DESIGN.md.
 *
 * <pre>{@code
 * Expr f = Expr.parse("x^2*sin(x)");
 * f.variables();                          // [x]
 * f.evaluate(Map.of("x", 3.6));           // -5.735...
 * Tensor x = Tensor.scalar(3.6).requiresGrad_(true);
 * Tensor y = f.toTensor(Map.of("x", x));  // recorded: y.backward() fills x.grad()
 * }</pre>
 *
 * <p>{@link #toString()} prints the expression with the fewest parentheses that keep its tree, so
 * {@code Expr.parse(e.toString())} equals {@code e} for every tree the parser can produce.
 */
public sealed interface Expr permits Expr.Num, Expr.Const, Expr.Var, Expr.Neg, Expr.Binary, Expr.Call {

    /** Parses {@code source}; see {@link Parser}. */
    static Expr parse(String source) {
        return Parser.parse(source);
    }

    /** A finite number. The parser makes only non-negative ones ({@code -2} is {@code Neg(Num(2))}). */
    record Num(double value) implements Expr {
        public Num {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a number in an expression must be finite, got " + value);
            }
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** A named constant: {@code pi} or {@code e}. */
    record Const(String name) implements Expr {
        public Const {
            if (!isConstant(name)) {
                throw new IllegalArgumentException("unknown constant '" + name + "' (known: pi, e)");
            }
        }

        /** The constant's value. */
        public double value() {
            return name.equals("pi") ? Math.PI : Math.E;
        }

        /** True for the names {@code pi} and {@code e}. */
        public static boolean isConstant(String name) {
            return "pi".equals(name) || "e".equals(name);
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** A variable. */
    record Var(String name) implements Expr {
        public Var {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** Unary minus. */
    record Neg(Expr operand) implements Expr {
        public Neg {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** {@code left op right}. */
    record Binary(Op op, Expr left, Expr right) implements Expr {
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** A function call such as {@code sin(x)}. */
    record Call(Fn fn, Expr argument) implements Expr {
        public Call {
            Objects.requireNonNull(fn, "fn");
            Objects.requireNonNull(argument, "argument");
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** The variables in order of first appearance, left to right in the printed form. */
    default List<String> variables() {
        SequencedSet<String> seen = new LinkedHashSet<>();
        collectVariables(this, seen);
        return List.copyOf(new ArrayList<>(seen));
    }

    private static void collectVariables(Expr e, SequencedSet<String> seen) {
        switch (e) {
            case Num n -> { }
            case Const c -> { }
            case Var v -> seen.add(v.name());
            case Neg n -> collectVariables(n.operand(), seen);
            case Binary b -> {
                collectVariables(b.left(), seen);
                collectVariables(b.right(), seen);
            }
            case Call c -> collectVariables(c.argument(), seen);
        }
    }

    /**
     * The value in plain double arithmetic (fast; no graph).
     *
     * @throws IllegalArgumentException {@code unknown variable 'z' ...} when a variable has no value
     */
    default double evaluate(Map<String, Double> values) {
        return switch (this) {
            case Num n -> n.value();
            case Const c -> c.value();
            case Var v -> {
                Double x = values.get(v.name());
                if (x == null) {
                    throw unknownVariable(v.name(), values.keySet());
                }
                yield x;
            }
            case Neg n -> -n.operand().evaluate(values);
            case Binary b -> b.op().apply(b.left().evaluate(values), b.right().evaluate(values));
            case Call c -> c.fn().apply(c.argument().evaluate(values));
        };
    }

    /**
     * The expression built from tensor operations on the given variables, so autograd can
     * differentiate it (also twice, with {@code createGraph}). Any shapes that broadcast together
     * work: scalars for one point, equal-length vectors for a batch of points.
     *
     * <p>Constant sub-expressions are folded into doubles first; a constant expression gives a scalar
     * tensor of the variables' type (float64 when none are given).
     *
     * @throws IllegalArgumentException {@code unknown variable 'z' ...} when a variable has no tensor
     */
    default Tensor toTensor(Map<String, Tensor> variables) {
        return TensorCompiler.compile(this, variables);
    }

    /** The error for a variable that has no value. */
    static IllegalArgumentException unknownVariable(String name, java.util.Collection<String> given) {
        return new IllegalArgumentException("unknown variable '" + name + "': no value given for it"
                + (given.isEmpty() ? "" : " (values given for " + String.join(", ", given) + ")"));
    }
}
