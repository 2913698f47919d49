package dev.descent.landscape.analysis;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradMode;
import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * Value, gradient and Hessian of a scalar function at a point, all by the engine's reverse-mode
 * autograd in float64: the variables become scalar leaf tensors, one backward with
 * {@code createGraph} gives the gradient as a differentiable graph, and a second backward of each
 * gradient component gives one Hessian row ("double backward"). The Hessian is symmetrized,
 * {@code (H + H^T)/2}, which only removes rounding differences between the two orders.
 *
 * <pre>{@code
 * Derivatives d = Derivatives.at(Expr.parse("x^2*sin(x)"), Map.of("x", 3.6));
 * d.gradient()[0];   // 2·3.6·sin 3.6 + 3.6²·cos 3.6 = -14.808...
 * d.classify();      // not-critical
 * }</pre>
 *
 * @param variables names in the order of the point's coordinates
 * @param point     where the derivatives were taken
 * @param value     f(point)
 * @param gradient  df/dx_i; 0 for a variable the function does not use
 * @param hessian   d2f/dx_i dx_j, rows and columns in the order of {@code variables}
 */
public record Derivatives(List<String> variables, double[] point, double value, double[] gradient, double[][] hessian) {

    public Derivatives {
        variables = List.copyOf(variables);
        point = point.clone();
        gradient = gradient.clone();
        hessian = Arrays.stream(hessian).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * The derivatives of {@code expr} at {@code point} (a name-to-value map; an ordered map such as
     * {@link java.util.LinkedHashMap} fixes the order of the gradient and Hessian). Names in the
     * point that the expression does not use get gradient 0.
     *
     * @throws IllegalArgumentException {@code unknown variable 'z' ...} when the expression uses a
     *                                  variable the point does not give
     */
    public static Derivatives at(Expr expr, Map<String, Double> point) {
        List<String> names = new ArrayList<>(point.keySet());
        if (!(point instanceof SequencedMap<String, Double>) && names.size() > 1) {
            names.sort(null); // an unordered map: fall back to alphabetical order
        }
        for (String v : expr.variables()) {
            if (!point.containsKey(v)) {
                throw Expr.unknownVariable(v, names);
            }
        }
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = point.get(names.get(i));
        }
        return of(names, x, xs -> {
            Map<String, Tensor> env = new java.util.LinkedHashMap<>();
            for (int i = 0; i < xs.length; i++) {
                env.put(names.get(i), xs[i]);
            }
            return expr.toTensor(env);
        });
    }

    /** The derivatives of a test function at a point given in the order of its variables. */
    public static Derivatives at(TestFunction f, double... point) {
        if (point.length != f.dimension()) {
            throw new IllegalArgumentException(f.name() + " takes " + f.dimension() + " coordinates ("
                    + String.join(", ", f.variables()) + "), got " + point.length);
        }
        return of(f.variables(), point, f::value);
    }

    /**
     * The derivatives of any function built from tensor operations on scalar float64 leaves, one per
     * name. This is the general form the other factories call.
     */
    public static Derivatives of(List<String> names, double[] point, Function<Tensor[], Tensor> f) {
        int n = point.length;
        if (names.size() != n) {
            throw new IllegalArgumentException(names.size() + " names for a point with " + n + " coordinates");
        }
        Tensor[] xs = new Tensor[n];
        for (int i = 0; i < n; i++) {
            xs[i] = Tensor.scalar(DType.FLOAT64, point[i]).requiresGrad_(true);
        }
        double[] gradient = new double[n];
        double[][] hessian = new double[n][n];
        double value;
        try (var scope = GradMode.enableGrad()) {
            Tensor y = f.apply(xs);
            if (y.numel() != 1) {
                throw new IllegalArgumentException("derivatives need a scalar function; this one returned shape "
                        + Shape.str(y.shape()));
            }
            value = y.item();
            if (y.requiresGrad() && n > 0) {
                Tensor[] g = Engine.grad(new Tensor[] {y}, null, xs, true, true, true);
                for (int i = 0; i < n; i++) {
                    if (g[i] == null) {
                        continue; // y does not depend on x_i
                    }
                    gradient[i] = g[i].item();
                    if (!g[i].requiresGrad()) {
                        continue; // a constant gradient component: its row of the Hessian is zero
                    }
                    Tensor[] row = Engine.grad(new Tensor[] {g[i]}, null, xs, true, false, true);
                    for (int j = 0; j < n; j++) {
                        hessian[i][j] = row[j] == null ? 0.0 : row[j].item();
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (hessian[i][j] + hessian[j][i]);
                hessian[i][j] = s;
                hessian[j][i] = s;
            }
        }
        return new Derivatives(names, point, value, gradient, hessian);
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    @Override
    public double[][] hessian() {
        return Arrays.stream(hessian).map(double[]::clone).toArray(double[][]::new);
    }

    /** The Euclidean norm of the gradient. */
    public double gradientNorm() {
        double s = 0;
        for (double g : gradient) {
            s += g * g;
        }
        return Math.sqrt(s);
    }

    /** The Hessian's eigenvalues, ascending. */
    public double[] eigenvalues() {
        return SymmetricEigen.of(hessian).values();
    }

    /** The second-derivative test with the default tolerances. */
    public Classification classify() {
        return Classification.of(gradient, hessian, Classification.Tolerances.DEFAULT);
    }

    /** The second-derivative test with the given tolerances. */
    public Classification classify(Classification.Tolerances tolerances) {
        return Classification.of(gradient, hessian, tolerances);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Derivatives d && variables.equals(d.variables) && Arrays.equals(point, d.point)
                && Double.compare(value, d.value) == 0 && Arrays.equals(gradient, d.gradient)
                && Arrays.deepEquals(hessian, d.hessian);
    }

    @Override
    public int hashCode() {
        return variables.hashCode() * 31 + Arrays.hashCode(point);
    }

    @Override
    public String toString() {
        return "Derivatives[at " + variables + " = " + Arrays.toString(point) + ": value " + value + ", gradient "
                + Arrays.toString(gradient) + ", hessian " + Arrays.deepToString(hessian) + "]";
    }
}
