package dev.descent.landscape.sweep;

import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.optim.Algorithm;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several optimizers from one start on one function, each with the same budget; for each the run,
 * its diagnosis and its steps to tolerance ({@link Tolerance}).
 *
 * <pre>{@code
 * Race.Result r = new Race(Objective.function("ravine"), new double[] {-1.5, 0.5})
 *         .add("SGD", SGD.withLr(0.019)).add("Adam", Adam.withLr(0.1))
 *         .steps(300).run();
 * }</pre>
 */
public final class Race {
    private final Objective objective;
    private final double[] start;
    private final List<String> labels = new ArrayList<>();
    private final List<Algorithm> algorithms = new ArrayList<>();
    private int steps = 200;
    private DType dtype = DType.FLOAT64;
    private double tolerance = 1e-3;

    /** A race on {@code objective} from {@code start}. */
    public Race(Objective objective, double[] start) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.start = start.clone();
    }

    /** Adds a runner. */
    public Race add(String label, Algorithm algorithm) {
        labels.add(label);
        algorithms.add(algorithm);
        return this;
    }

    public Race steps(int n) {
        this.steps = n;
        return this;
    }

    public Race dtype(DType t) {
        this.dtype = t;
        return this;
    }

    /** The distance to the minimum (or |∇f|) that counts as arrived (default 1e-3). */
    public Race tolerance(double tol) {
        this.tolerance = tol;
        return this;
    }

    /**
     * One runner's result.
     *
     * @param label            its name in the race
     * @param algorithm        its update rule
     * @param result           the recorded run
     * @param diagnosis        what happened
     * @param stepsToTolerance steps until it stayed within the tolerance, -1 if never
     */
    public record Entry(String label, Algorithm algorithm, RunResult result, Diagnosis diagnosis, int stepsToTolerance) {}

    /**
     * The race's outcome.
     *
     * @param objective the function
     * @param start     the common start
     * @param steps     the budget
     * @param tolerance the arrival tolerance
     * @param entries   one per runner, in the order added
     */
    public record Result(Objective objective, double[] start, int steps, double tolerance, List<Entry> entries) {
        public Result {
            start = start.clone();
            entries = List.copyOf(entries);
        }

        @Override
        public double[] start() {
            return start.clone();
        }
    }

    /** Runs every optimizer (in parallel) and collects the results in the order added. */
    public Result run() {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("a race needs at least one optimizer");
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < algorithms.size(); i++) {
            idx.add(i);
        }
        List<Entry> entries = Parallel.map(idx, i -> {
            RunResult r = new Run(objective, start, algorithms.get(i), dtype, steps, 0, Double.POSITIVE_INFINITY).execute();
            return new Entry(labels.get(i), algorithms.get(i), r, Diagnosis.of(r), Tolerance.steps(r, tolerance));
        });
        return new Result(objective, start, steps, tolerance, entries);
    }
}
