package dev.descent.landscape.functions;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.expr.Expr;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TestFunction} defined by a formula. Build one with {@link #builder(String, String, String...)}:
 *
 * <pre>{@code
 * TestFunction f = ExprFunction.builder("saddle", "x^2 - y^2", "x", "y")
 *         .description("the plain saddle")
 *         .domain(Box.cube(-2, 2, 2))
 *         .point(PointType.SADDLE, 0, 0, 0)
 *         .allListed()
 *         .build();
 * }</pre>
 */
public final class ExprFunction implements TestFunction {
    private final String name;
    private final String description;
    private final Expr expr;
    private final List<String> variables;
    private final Box domain;
    private final List<CriticalPoint> points;
    private final boolean allListed;
    private final CriticalPoint globalMinimum;
    private final DescentDemo demo;

    private ExprFunction(Builder b) {
        this.name = b.name;
        this.description = Objects.requireNonNullElse(b.description, "");
        this.expr = Expr.parse(b.formula);
        this.variables = List.copyOf(b.variables);
        List<String> used = expr.variables();
        for (String v : used) {
            if (!variables.contains(v)) {
                throw new IllegalArgumentException(name + ": the formula uses '" + v + "', which is not among the declared variables "
                        + variables);
            }
        }
        this.domain = Objects.requireNonNull(b.domain, () -> name + ": no domain given");
        if (domain.dimension() != variables.size()) {
            throw new IllegalArgumentException(name + ": the domain has " + domain.dimension() + " sides for "
                    + variables.size() + " variables");
        }
        for (CriticalPoint p : b.points) {
            if (p.dimension() != variables.size()) {
                throw new IllegalArgumentException(name + ": critical point " + p + " has the wrong dimension");
            }
        }
        this.points = List.copyOf(b.points);
        this.allListed = b.allListed;
        this.globalMinimum = b.globalMinimum;
        this.demo = b.demo;
    }

    /** Starts a function with this registry name, formula and variables (in coordinate order). */
    public static Builder builder(String name, String formula, String... variables) {
        return new Builder(name, formula, List.of(variables));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Expr expression() {
        return expr;
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    @Override
    public Box domain() {
        return domain;
    }

    @Override
    public List<CriticalPoint> criticalPoints() {
        return points;
    }

    @Override
    public boolean allCriticalPointsListed() {
        return allListed;
    }

    @Override
    public Optional<CriticalPoint> globalMinimum() {
        return Optional.ofNullable(globalMinimum);
    }

    @Override
    public Optional<DescentDemo> demo() {
        return Optional.ofNullable(demo);
    }

    @Override
    public Tensor value(Tensor... coords) {
        if (coords.length != variables.size()) {
            throw new IllegalArgumentException(name + " takes " + variables.size() + " coordinates ("
                    + String.join(", ", variables) + "), got " + coords.length);
        }
        Map<String, Tensor> env = new LinkedHashMap<>();
        for (int i = 0; i < coords.length; i++) {
            env.put(variables.get(i), coords[i]);
        }
        return expr.toTensor(env);
    }

    @Override
    public double valueAt(double... point) {
        if (point.length != variables.size()) {
            throw new IllegalArgumentException(name + " takes " + variables.size() + " coordinates ("
                    + String.join(", ", variables) + "), got " + point.length);
        }
        Map<String, Double> env = new HashMap<>();
        for (int i = 0; i < point.length; i++) {
            env.put(variables.get(i), point[i]);
        }
        return expr.evaluate(env);
    }

    @Override
    public String toString() {
        return name + ": " + formula();
    }

    /** Collects the parts of an {@link ExprFunction}. */
    public static final class Builder {
        private final String name;
        private final String formula;
        private final List<String> variables;
        private String description;
        private Box domain;
        private final List<CriticalPoint> points = new ArrayList<>();
        private boolean allListed;
        private CriticalPoint globalMinimum;
        private DescentDemo demo;

        private Builder(String name, String formula, List<String> variables) {
            this.name = Objects.requireNonNull(name, "name");
            this.formula = Objects.requireNonNull(formula, "formula");
            this.variables = variables;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder domain(Box box) {
            this.domain = box;
            return this;
        }

        /** A known critical point: its type, then its coordinates, then its value last. */
        public Builder point(PointType type, double... coordsThenValue) {
            int n = coordsThenValue.length - 1;
            points.add(new CriticalPoint(java.util.Arrays.copyOf(coordsThenValue, n), coordsThenValue[n], type));
            return this;
        }

        /** Declares that the listed points are all the critical points in the domain. */
        public Builder allListed() {
            this.allListed = true;
            return this;
        }

        /** The global minimum: coordinates, then the value. */
        public Builder globalMinimum(double... coordsThenValue) {
            int n = coordsThenValue.length - 1;
            this.globalMinimum = new CriticalPoint(java.util.Arrays.copyOf(coordsThenValue, n),
                    coordsThenValue[n], PointType.MINIMUM);
            return this;
        }

        public Builder demo(DescentDemo d) {
            this.demo = d;
            return this;
        }

        public ExprFunction build() {
            return new ExprFunction(this);
        }
    }
}
