package dev.descent.landscape.run;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.functions.FunctionLibrary;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run minimizes: a library {@link TestFunction} (with its known critical points) or a bare
 * expression, over named coordinates in a chosen order. The order is the order of the start point
 * given by the user ({@code --start y=2,x=-1} puts y first); it fixes the parameter order, the CSV
 * columns and the order of gradients and Hessians.
 *
 * <pre>{@code
 * Objective f = Objective.of(FunctionLibrary.get("himmelblau"));
 * Objective g = Objective.parse("x^2 - y^2", List.of("x", "y"));
 * }</pre>
 */
public final class Objective {
    private final String name;
    private final List<String> variables;
    private final Expr expr;
    private final TestFunction function;
    /** For each of our variables, its index among the function's variables (-1: not used by it). */
    private final int[] toFunction;

    private Objective(String name, List<String> variables, Expr expr, TestFunction function) {
        this.name = name;
        this.variables = List.copyOf(variables);
        this.expr = expr;
        this.function = function;
        if (variables.isEmpty()) {
            throw new IllegalArgumentException(name + ": no variables to optimize");
        }
        if (variables.stream().distinct().count() != variables.size()) {
            throw new IllegalArgumentException(name + ": a variable is given twice in " + variables);
        }
        List<String> fv = function != null ? function.variables() : expr.variables();
        List<String> missing = new ArrayList<>();
        for (String v : fv) {
            if (!variables.contains(v)) {
                missing.add(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no start value for " + String.join(", ", missing) + ": "
                    + (function != null ? "function " + function.name() + " has variables " + String.join(", ", fv)
                    : "the expression uses " + String.join(", ", fv)) + " (--start gives " + String.join(", ", variables)
                    + ")");
        }
        if (function != null && variables.size() != fv.size()) {
            List<String> extra = new ArrayList<>(variables);
            extra.removeAll(fv);
            throw new IllegalArgumentException("function " + function.name() + " has no variable " + String.join(", ", extra)
                    + " (its variables are " + String.join(", ", fv) + ")");
        }
        this.toFunction = new int[variables.size()];
        for (int i = 0; i < variables.size(); i++) {
            toFunction[i] = fv.indexOf(variables.get(i));
        }
    }

    /** A library function over its own variables, in its own order. */
    public static Objective of(TestFunction f) {
        return new Objective(f.name(), f.variables(), f.expression(), f);
    }

    /** A library function with its variables in {@code order} (a permutation of them). */
    public static Objective of(TestFunction f, List<String> order) {
        return new Objective(f.name(), order, f.expression(), f);
    }

    /** The library function with this name ({@code himmelblau}, {@code ravine:kappa=1000}, ...). */
    public static Objective function(String name) {
        return of(FunctionLibrary.get(name));
    }

    /**
     * An expression over {@code order}: every variable of the expression must be there; extra names
     * are coordinates the expression does not depend on (their gradient is zero).
     */
    public static Objective of(Expr expr, List<String> order) {
        return new Objective(expr.toString(), order, expr, null);
    }

    /** Parses {@code source} as an expression over {@code order}. */
    public static Objective parse(String source, List<String> order) {
        return of(Expr.parse(source), order);
    }

    /** The function's registry name, or the expression as printed. */
    public String name() {
        return name;
    }

    /** The coordinates, in order. */
    public List<String> variables() {
        return variables;
    }

    /** The number of coordinates. */
    public int dimension() {
        return variables.size();
    }

    /** The formula. */
    public Expr expression() {
        return expr;
    }

    /** The library function, when this is one. */
    public Optional<TestFunction> function() {
        return Optional.ofNullable(function);
    }

    /** The function of tensor coordinates, one per variable in {@link #variables()} order. */
    public Tensor value(Tensor... coords) {
        if (coords.length != variables.size()) {
            throw new IllegalArgumentException(name + " takes " + variables.size() + " coordinates ("
                    + String.join(", ", variables) + "), got " + coords.length);
        }
        if (function != null) {
            Tensor[] ordered = new Tensor[coords.length];
            for (int i = 0; i < coords.length; i++) {
                ordered[toFunction[i]] = coords[i];
            }
            return function.value(ordered);
        }
        Map<String, Tensor> env = new LinkedHashMap<>();
        for (int i = 0; i < coords.length; i++) {
            env.put(variables.get(i), coords[i]);
        }
        return expr.toTensor(env);
    }

    /** The value at a point (in {@link #variables()} order), in plain double arithmetic. */
    public double valueAt(double... point) {
        Map<String, Double> env = new HashMap<>();
        for (int i = 0; i < point.length; i++) {
            env.put(variables.get(i), point[i]);
        }
        return expr.evaluate(env);
    }

    /** Value, gradient and Hessian in float64 at a point given in {@link #variables()} order. */
    public Derivatives derivatives(double... point) {
        return Derivatives.of(variables, point, this::value);
    }

    /** The known critical points (of a library function), with coordinates in {@link #variables()} order. */
    public List<CriticalPoint> criticalPoints() {
        if (function == null) {
            return List.of();
        }
        List<CriticalPoint> out = new ArrayList<>();
        for (CriticalPoint p : function.criticalPoints()) {
            out.add(reorder(p));
        }
        return out;
    }

    /** The known global minimum, coordinates in {@link #variables()} order. */
    public Optional<CriticalPoint> globalMinimum() {
        return function == null ? Optional.empty() : function.globalMinimum().map(this::reorder);
    }

    /**
     * The known minima at the global minimum's value (Himmelblau has four); empty when no global
     * minimum is known.
     */
    public List<CriticalPoint> globalMinima() {
        Optional<CriticalPoint> g = globalMinimum();
        if (g.isEmpty()) {
            return List.of();
        }
        double v = g.get().value();
        List<CriticalPoint> out = new ArrayList<>();
        for (CriticalPoint p : criticalPoints()) {
            if (p.type() == PointType.MINIMUM && Math.abs(p.value() - v) <= 1e-9 * Math.max(1, Math.abs(v))) {
                out.add(p);
            }
        }
        return out.isEmpty() ? List.of(g.get()) : out;
    }

    private CriticalPoint reorder(CriticalPoint p) {
        double[] loc = new double[variables.size()];
        for (int i = 0; i < loc.length; i++) {
            loc[i] = p.coordinate(toFunction[i]);
        }
        return new CriticalPoint(loc, p.value(), p.type());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Objective other && name.equals(other.name) && variables.equals(other.variables)
                && expr.equals(other.expr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, variables, expr);
    }

    @Override
    public String toString() {
        return function != null ? function.name() + ": " + expr : expr.toString();
    }
}
