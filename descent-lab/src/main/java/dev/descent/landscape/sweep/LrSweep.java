package dev.descent.landscape.sweep;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.run.Stability;
import dev.descent.optim.Algorithm;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One optimizer at log-spaced learning rates from one start: for each rate the outcome (the
 * {@link Diagnosis} verdict), the final loss and the steps to tolerance; plus the largest Hessian
 * eigenvalue at the start and at the (nearest) global minimum and, for the SGD family, the local
 * stability bound ({@code 2/λmax}, {@code (2+2β)/λmax}) that separates converging from diverging
 * rates near the minimum.
 *
 * <pre>{@code
 * LrSweep.Result r = new LrSweep(Objective.function("ravine"), new double[] {-1.5, 0.5}, SGD.defaults())
 *         .range(1e-4, 0.1, 25).steps(500).run();
 * r.bound().get().bound();   // 2/λmax = 0.02
 * }</pre>
 */
public final class LrSweep {
    private final Objective objective;
    private final double[] start;
    private final Algorithm base;
    private double[] lrs = Tolerance.logspace(1e-4, 1, 25);
    private int steps = 500;
    private DType dtype = DType.FLOAT64;
    private double tolerance = 1e-3;
    private double stopGradient = 0;

    /** A sweep of {@code base}'s learning rate (its other hyperparameters fixed). */
    public LrSweep(Objective objective, double[] start, Algorithm base) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.start = start.clone();
        this.base = Objects.requireNonNull(base, "algorithm");
    }

    /** {@code n} log-spaced rates from {@code lo} to {@code hi}. */
    public LrSweep range(double lo, double hi, int n) {
        this.lrs = Tolerance.logspace(lo, hi, n);
        return this;
    }

    /** Exactly these rates (sorted ascending). */
    public LrSweep rates(double... values) {
        this.lrs = values.clone();
        java.util.Arrays.sort(this.lrs);
        return this;
    }

    public LrSweep steps(int n) {
        this.steps = n;
        return this;
    }

    public LrSweep dtype(DType t) {
        this.dtype = t;
        return this;
    }

    /** The arrival tolerance of {@link Tolerance} (default 1e-3). */
    public LrSweep tolerance(double tol) {
        this.tolerance = tol;
        return this;
    }

    /**
     * Stops each run once |∇f| is at most {@code g} (default 0: never), to save the rest of the
     * budget. For gradient descent with or without momentum near a minimum this changes no step
     * count; adaptive rules (RMSprop, Adam, ...) can pass close to the minimum and leave it again,
     * so their steps to tolerance need the whole budget (leave this off for them).
     */
    public LrSweep stopWhenGradientBelow(double g) {
        this.stopGradient = g;
        return this;
    }

    /**
     * One learning rate's outcome.
     *
     * @param lr               the rate
     * @param result           the run
     * @param diagnosis        what happened
     * @param stepsToTolerance steps until it settled within the tolerance, -1 if never
     */
    public record Point(double lr, RunResult result, Diagnosis diagnosis, int stepsToTolerance) {
        /** The final finite loss. */
        public double finalLoss() {
            int k = result.lastFiniteRow();
            return k < 0 ? Double.NaN : result.loss(k);
        }
    }

    /**
     * The sweep's outcome.
     *
     * @param objective         the function
     * @param algorithm         the base algorithm (its lr is replaced per point)
     * @param points            one per learning rate, ascending
     * @param lambdaMaxAtStart  the largest Hessian eigenvalue at the start
     * @param lambdaMaxAtMinimum the largest eigenvalue at the global minimum nearest the start (NaN if unknown)
     * @param bound             the SGD-family bound at the minimum (at the start if no minimum is known)
     */
    public record Result(Objective objective, Algorithm algorithm, List<Point> points, double lambdaMaxAtStart,
                         double lambdaMaxAtMinimum, Optional<Stability.Bound> bound) {
        public Result {
            points = List.copyOf(points);
        }

        /** The rates. */
        public double[] lrs() {
            return points.stream().mapToDouble(Point::lr).toArray();
        }

        /** The largest rate that converged (NaN if none). */
        public double largestConverging() {
            double best = Double.NaN;
            for (Point p : points) {
                if (p.stepsToTolerance() >= 0) {
                    best = p.lr();
                }
            }
            return best;
        }

        /** The smallest rate that diverged (NaN if none). */
        public double smallestDiverging() {
            for (Point p : points) {
                if (p.diagnosis().verdict() == Diagnosis.Verdict.DIVERGED) {
                    return p.lr();
                }
            }
            return Double.NaN;
        }

        /** The rate with the fewest steps to tolerance (NaN if none arrived). */
        public double fastest() {
            int best = Integer.MAX_VALUE;
            double lr = Double.NaN;
            for (Point p : points) {
                if (p.stepsToTolerance() >= 0 && p.stepsToTolerance() < best) {
                    best = p.stepsToTolerance();
                    lr = p.lr();
                }
            }
            return lr;
        }
    }

    /** Runs every rate (in parallel). Diverging runs are cut short once they leave a large radius. */
    public Result run() {
        double escape = escapeRadius();
        List<Double> in = new ArrayList<>();
        for (double lr : lrs) {
            in.add(lr);
        }
        List<Point> points = Parallel.map(in, lr -> {
            Algorithm a = base.with("lr", lr);
            RunResult r = new Run(objective, start, a, dtype, steps, stopGradient, escape).execute();
            return new Point(lr, r, Diagnosis.of(r), Tolerance.steps(r, tolerance));
        });
        double lamStart = Stability.largestEigenvalue(objective.derivatives(start).hessian(), false);
        double lamMin = Double.NaN;
        Optional<CriticalPoint> m = nearestGlobalMinimum(objective, start);
        double[][] h = objective.derivatives(start).hessian();
        if (m.isPresent()) {
            h = objective.derivatives(m.get().location()).hessian();
            lamMin = Stability.largestEigenvalue(h, false);
        }
        return new Result(objective, base, points, lamStart, lamMin, Stability.of(base, h));
    }

    private double escapeRadius() {
        double s = 0;
        for (double v : start) {
            s = Math.max(s, Math.abs(v));
        }
        return 1e3 * (1 + s);
    }

    static Optional<CriticalPoint> nearestGlobalMinimum(Objective f, double[] x) {
        CriticalPoint best = null;
        for (CriticalPoint p : f.globalMinima()) {
            if (best == null || RunResult.distance(x, p.location()) < RunResult.distance(x, best.location())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }
}
