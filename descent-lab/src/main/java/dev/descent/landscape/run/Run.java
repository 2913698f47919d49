package dev.descent.landscape.run;

import dev.descent.optim.Algorithm;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * One optimizer run on a function: the coordinates are the parameters of a {@link FunctionModule},
 * an {@link Optimizer} built from them and an {@link Algorithm} moves them, and every point is
 * recorded with its loss, gradient and step length. Immutable; {@link #execute()} runs it (each call
 * is a fresh run, so the same {@code Run} may be executed on several threads).
 *
 * <pre>{@code
 * RunResult r = Run.of(Objective.function("rosenbrock"), new double[] {-1.5, 2}, Adam.withLr(0.05))
 *         .steps(2000)
 *         .execute();
 * Diagnosis d = Diagnosis.of(r);
 * }</pre>
 *
 * <p>The loop is the one that trains networks: {@code zeroGrad(); loss = f(θ); loss.backward();
 * step()}. Row k of the result is the point after k calls of {@code step()} (for L-BFGS, of {@code
 * step(closure)}), with the loss and gradient there; row 0 is the start. The optimizer's own NaN
 * guard is off: a run that blows up is recorded up to its first non-finite row and stops there,
 * so that {@link Diagnosis} can say what happened.
 *
 * @param objective        the function
 * @param start            the starting point, in the objective's variable order
 * @param algorithm        the update rule
 * @param dtype            the parameters' type
 * @param steps            the budget of {@code step()} calls
 * @param stopGradientNorm stop early once |∇f| is at most this (0: never; sweeps use it to save time)
 * @param escapeRadius     stop once the point is farther than this from the start (infinite: never)
 */
public record Run(Objective objective, double[] start, Algorithm algorithm, DType dtype, int steps,
                  double stopGradientNorm, double escapeRadius) {

    /** The default budget. */
    public static final int DEFAULT_STEPS = 100;

    public Run {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(dtype, "dtype");
        start = start.clone();
        if (start.length != objective.dimension()) {
            throw new IllegalArgumentException(objective.name() + " has " + objective.dimension() + " coordinates ("
                    + String.join(", ", objective.variables()) + "), the start has " + start.length);
        }
        for (double s : start) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("the start must be finite, got " + Arrays.toString(start));
            }
        }
        if (steps < 0) {
            throw new IllegalArgumentException("the number of steps must be at least 0, got " + steps);
        }
        if (!(stopGradientNorm >= 0)) {
            throw new IllegalArgumentException("the stopping gradient norm must be >= 0, got " + stopGradientNorm);
        }
        if (!(escapeRadius > 0)) {
            throw new IllegalArgumentException("the escape radius must be positive, got " + escapeRadius);
        }
    }

    /** A float64 run of {@link #DEFAULT_STEPS} steps without early stopping. */
    public static Run of(Objective objective, double[] start, Algorithm algorithm) {
        return new Run(objective, start, algorithm, DType.FLOAT64, DEFAULT_STEPS, 0, Double.POSITIVE_INFINITY);
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    public Run steps(int n) {
        return new Run(objective, start, algorithm, dtype, n, stopGradientNorm, escapeRadius);
    }

    public Run dtype(DType t) {
        return new Run(objective, start, algorithm, t, steps, stopGradientNorm, escapeRadius);
    }

    public Run algorithm(Algorithm a) {
        return new Run(objective, start, a, dtype, steps, stopGradientNorm, escapeRadius);
    }

    public Run start(double... point) {
        return new Run(objective, point, algorithm, dtype, steps, stopGradientNorm, escapeRadius);
    }

    /** Stops as soon as |∇f| ≤ {@code tolerance} (0 turns early stopping off). */
    public Run stopWhenGradientBelow(double tolerance) {
        return new Run(objective, start, algorithm, dtype, steps, tolerance, escapeRadius);
    }

    /**
     * Stops once the point is farther than {@code radius} from the start (sweeps use it to cut
     * diverging runs short).
     */
    public Run stopWhenFartherThan(double radius) {
        return new Run(objective, start, algorithm, dtype, steps, stopGradientNorm, radius);
    }

    /** Runs it. */
    public RunResult execute() {
        FunctionModule module = new FunctionModule(objective, start, dtype);
        Optimizer optimizer = new Optimizer(module.namedParameters(), algorithm);
        optimizer.setNonFiniteCheck(false);
        int n = objective.dimension();
        RunResult.Builder rec = new RunResult.Builder(this, n);
        int[] evaluations = {0};
        // row 0: the start, with its loss and gradient
        double loss = evaluate(module, optimizer, evaluations);
        rec.add(module.point(), loss, module.gradient(), evaluations[0]);
        RunResult.Stop stop = check(rec);
        for (int k = 1; k <= steps && stop == RunResult.Stop.BUDGET; k++) {
            if (algorithm.needsClosure()) {
                optimizer.step(() -> {
                    optimizer.zeroGrad();
                    Tensor l = module.loss();
                    l.backward();
                    evaluations[0]++;
                    return l;
                });
            } else {
                optimizer.step(); // uses the gradient recorded with the previous row
            }
            loss = evaluate(module, optimizer, evaluations);
            rec.add(module.point(), loss, module.gradient(), evaluations[0]);
            stop = check(rec);
        }
        return rec.build(stop);
    }

    private RunResult.Stop check(RunResult.Builder rec) {
        if (!rec.lastFinite()) {
            return RunResult.Stop.NON_FINITE;
        }
        if (stopGradientNorm > 0 && rec.lastGradientNorm() <= stopGradientNorm) {
            return RunResult.Stop.TOLERANCE;
        }
        if (escapeRadius < Double.POSITIVE_INFINITY && RunResult.distance(rec.lastPoint(), start) > escapeRadius) {
            return RunResult.Stop.ESCAPED;
        }
        return RunResult.Stop.BUDGET;
    }

    /** zeroGrad, forward, backward at the current point; returns the loss. */
    private static double evaluate(FunctionModule module, Optimizer optimizer, int[] evaluations) {
        optimizer.zeroGrad();
        Tensor l = module.loss();
        if (l.requiresGrad()) {
            l.backward();
        }
        evaluations[0]++;
        return l.item();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Run r && objective.equals(r.objective) && Arrays.equals(start, r.start)
                && algorithm.equals(r.algorithm) && dtype == r.dtype && steps == r.steps
                && Double.compare(stopGradientNorm, r.stopGradientNorm) == 0
                && Double.compare(escapeRadius, r.escapeRadius) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(objective, Arrays.hashCode(start), algorithm, dtype, steps);
    }

    @Override
    public String toString() {
        return "Run[" + objective.name() + " from " + Arrays.toString(start) + ", " + algorithm + ", " + dtype + ", "
                + steps + " steps]";
    }
}
