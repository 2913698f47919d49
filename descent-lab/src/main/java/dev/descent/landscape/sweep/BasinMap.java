package dev.descent.landscape.sweep;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.run.BatchRun;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.optim.Algorithm;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which minimum each start reaches: one optimizer from every point of an {@code nx × ny} grid of
 * starts (cell centres of a box). A start is labelled with the
 * known minimum its run ends within {@code 1e-3} of the box diagonal of, or {@link #DIVERGED}, or
 * {@link #NOT_CONVERGED}. For an expression without known critical points, the minima are the
 * distinct points where runs converged (diagnosed as minima), merged within the same radius.
 *
 * <pre>{@code
 * BasinMap.Result r = new BasinMap(Objective.function("himmelblau"), SGD.withLr(0.01)).grid(40, 40).run();
 * r.fractions();   // the share of starts per minimum
 * }</pre>
 */
public final class BasinMap {
    /** Category of a start whose run diverged. */
    public static final int DIVERGED = -1;
    /** Category of a start whose run did not end at a minimum. */
    public static final int NOT_CONVERGED = -2;

    private static final int BATCH = 256;

    private final Objective objective;
    private final Algorithm algorithm;
    private Box box;
    private int nx = 40;
    private int ny = 40;
    private int steps = 1000;
    private DType dtype = DType.FLOAT64;

    /** A map of {@code algorithm} on a two-variable objective over its domain (when it has one). */
    public BasinMap(Objective objective, Algorithm algorithm) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        if (objective.dimension() != 2) {
            throw new IllegalArgumentException("a basin map needs a function of two variables; " + objective.name() + " has "
                    + objective.dimension() + " (" + String.join(", ", objective.variables()) + ")");
        }
        this.box = objective.function().map(f -> f.domain()).orElse(null);
    }

    /** The box of starts (default: the function's domain). */
    public BasinMap box(Box b) {
        if (b.dimension() != 2) {
            throw new IllegalArgumentException("a basin map needs a 2-D box, got " + b);
        }
        this.box = b;
        return this;
    }

    /** {@code nx × ny} starts (default 40 × 40). */
    public BasinMap grid(int nx, int ny) {
        if (nx < 2 || ny < 2 || (long) nx * ny > 1_000_000) {
            throw new IllegalArgumentException("a basin map needs between 2x2 and 1,000,000 starts, got " + nx + "x" + ny);
        }
        this.nx = nx;
        this.ny = ny;
        return this;
    }

    /** The budget per start (default 1000). */
    public BasinMap steps(int n) {
        this.steps = n;
        return this;
    }

    public BasinMap dtype(DType t) {
        this.dtype = t;
        return this;
    }

    /**
     * The map.
     *
     * @param x        start x values (cell centres), increasing
     * @param y        start y values, increasing
     * @param category {@code category[j][i]} for start (x[i], y[j]): an index into {@code minima},
     *                 {@link #DIVERGED} or {@link #NOT_CONVERGED}
     * @param steps    steps each run took ({@code steps[j][i]})
     * @param minima   the minima, sorted by value then position
     * @param box      the box of starts
     */
    public record Result(Objective objective, Algorithm algorithm, double[] x, double[] y, int[][] category,
                         int[][] steps, List<CriticalPoint> minima, Box box) {
        public Result {
            minima = List.copyOf(minima);
        }

        /** The number of starts. */
        public int starts() {
            return x.length * y.length;
        }

        /** How many starts reached minimum {@code i} (or a negative category). */
        public int count(int cat) {
            int n = 0;
            for (int[] row : category) {
                for (int c : row) {
                    if (c == cat) {
                        n++;
                    }
                }
            }
            return n;
        }

        /** The share of starts per minimum, in the order of {@link #minima()}. */
        public double[] fractions() {
            double[] f = new double[minima.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = count(i) / (double) starts();
            }
            return f;
        }

        /** The share of starts that diverged. */
        public double divergedFraction() {
            return count(DIVERGED) / (double) starts();
        }

        /** The share of starts that did not end at a minimum. */
        public double notConvergedFraction() {
            return count(NOT_CONVERGED) / (double) starts();
        }

        /** The minima's short names: {@code (3, 2)}, {@code (-2.81, 3.13)}. */
        public List<String> names() {
            List<String> out = new ArrayList<>();
            for (CriticalPoint p : minima) {
                out.add(name(p));
            }
            return out;
        }

        /** The number of distinct minima reached by at least one start. */
        public int reached() {
            int n = 0;
            for (int i = 0; i < minima.size(); i++) {
                if (count(i) > 0) {
                    n++;
                }
            }
            return n;
        }
    }

    /** A minimum's short name, {@code (-2.81, 3.13)}. */
    public static String name(CriticalPoint p) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < p.dimension(); i++) {
            sb.append(i > 0 ? ", " : "").append(short3(p.coordinate(i)));
        }
        return sb.append(')').toString();
    }

    private static String short3(double v) {
        if (Math.abs(v) < 5e-4) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /**
     * Runs every start. Elementwise algorithms run as batches ({@link BatchRun}), one batch per
     * thread; L-BFGS runs start by start. Either way, in parallel and deterministic.
     */
    public Result run() {
        if (box == null) {
            throw new IllegalArgumentException("a basin map of an expression needs a box of starts");
        }
        double[] xs = centres(box.lower(0), box.upper(0), nx);
        double[] ys = centres(box.lower(1), box.upper(1), ny);
        double radius = 1e-3 * box.diagonal();
        double escape = 100 * box.diagonal();
        double gradTol = 1e-6;
        double[][] starts = new double[nx * ny][];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                starts[j * nx + i] = new double[] {xs[i], ys[j]};
            }
        }
        double[][] ends = new double[starts.length][];
        double[] endLoss = new double[starts.length];
        double[] endGrad = new double[starts.length];
        int[] took = new int[starts.length];
        if (!algorithm.needsClosure()) {
            // fixed-size batches, so the result does not depend on the number of threads
            int chunks = (starts.length + BATCH - 1) / BATCH;
            List<int[]> ranges = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                ranges.add(new int[] {(int) ((long) starts.length * c / chunks), (int) ((long) starts.length * (c + 1) / chunks)});
            }
            List<BatchRun.Result> parts = Parallel.map(ranges, r -> new BatchRun(objective,
                    java.util.Arrays.copyOfRange(starts, r[0], r[1]), algorithm, dtype, steps, gradTol, escape).execute());
            for (int c = 0; c < chunks; c++) {
                BatchRun.Result part = parts.get(c);
                for (int s = ranges.get(c)[0], t = 0; s < ranges.get(c)[1]; s++, t++) {
                    ends[s] = part.points()[t];
                    endLoss[s] = part.losses()[t];
                    endGrad[s] = part.gradients()[t];
                    took[s] = part.settled()[t] >= 0 ? part.settled()[t] : steps;
                }
            }
        } else {
            List<double[]> in = java.util.Arrays.asList(starts);
            List<RunResult> runs = Parallel.map(in, st -> new Run(objective, st, algorithm, dtype, steps, gradTol, escape)
                    .execute());
            for (int s = 0; s < starts.length; s++) {
                RunResult r = runs.get(s);
                ends[s] = r.last();
                endLoss[s] = r.lastLoss();
                endGrad[s] = r.gradientNorm(r.rows() - 1);
                took[s] = r.steps();
            }
        }
        List<CriticalPoint> minima = new ArrayList<>();
        for (CriticalPoint p : objective.criticalPoints()) {
            if (p.type() == PointType.MINIMUM) {
                minima.add(p);
            }
        }
        boolean[] diverged = new boolean[starts.length];
        for (int s = 0; s < starts.length; s++) {
            boolean finite = Double.isFinite(endLoss[s]) && Double.isFinite(endGrad[s]);
            for (double v : ends[s]) {
                finite &= Double.isFinite(v);
            }
            diverged[s] = !finite || RunResult.distance(ends[s], starts[s]) > escape;
        }
        if (minima.isEmpty()) {
            // an expression: the minima are where runs converged, merged within the radius
            for (int s = 0; s < starts.length; s++) {
                if (diverged[s] || !(endGrad[s] <= 1e-6)) {
                    continue;
                }
                double[] e = ends[s];
                if (minima.stream().anyMatch(m -> RunResult.distance(m.location(), e) <= radius)) {
                    continue;
                }
                if (objective.derivatives(e).classify().type() == PointType.MINIMUM) {
                    minima.add(new CriticalPoint(e, endLoss[s], PointType.MINIMUM));
                }
            }
        }
        minima.sort(Comparator.comparingDouble(CriticalPoint::value).thenComparingDouble(p -> p.coordinate(0))
                .thenComparingDouble(p -> p.coordinate(1)));
        int[][] cat = new int[ny][nx];
        int[][] st = new int[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int s = j * nx + i;
                st[j][i] = took[s];
                if (diverged[s]) {
                    cat[j][i] = DIVERGED;
                    continue;
                }
                int best = NOT_CONVERGED;
                double bestD = radius;
                for (int m = 0; m < minima.size(); m++) {
                    double d = RunResult.distance(minima.get(m).location(), ends[s]);
                    if (d <= bestD) {
                        bestD = d;
                        best = m;
                    }
                }
                cat[j][i] = best;
            }
        }
        return new Result(objective, algorithm, xs, ys, cat, st, minima, box);
    }

    private static double[] centres(double lo, double hi, int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = lo + (hi - lo) * (i + 0.5) / n;
        }
        return c;
    }
}
