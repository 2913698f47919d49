package dev.descent.landscape.run;

import dev.descent.nn.Module;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Many independent runs of one elementwise algorithm as a single run of a batched module: the
 * coordinates are vectors with one entry per start, the loss is the sum of f over the starts, and
 * one {@link Optimizer} over those vectors moves them all. This is exact, not an approximation:
 * d(Σ f(θ_s))/dθ_s = ∇f(θ_s), and every {@link Algorithm} except L-BFGS updates each element from
 * that element's gradient and state alone (its step count is the same for all). One graph per step
 * instead of one per start makes a basin map of thousands of starts cheap.
 *
 * <p>Per start it records the final point, loss and |∇f|, and the first step from which on |∇f|
 * stayed at most the tolerance. A start whose point or gradient becomes non-finite stays so and
 * does not affect the others. The batch stops early once every start is within the tolerance,
 * non-finite or beyond the escape radius; the per-start results do not depend on how starts are
 * grouped into batches except for that early stop, which moves a settled start by less than the
 * tolerance's worth.
 *
 * @param objective the function
 * @param starts    {@code starts[s]} the start s, in the objective's variable order
 * @param algorithm an elementwise rule ({@code needsClosure()} false)
 * @param dtype     the parameters' type
 * @param steps     the budget
 * @param tolerance the |∇f| that counts as arrived
 * @param escapeRadius a start farther than this from where it began counts as diverged
 */
public record BatchRun(Objective objective, double[][] starts, Algorithm algorithm, DType dtype, int steps,
                       double tolerance, double escapeRadius) {

    public BatchRun {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm.needsClosure()) {
            throw new IllegalArgumentException(algorithm.name() + " treats all parameters as one vector, so its runs "
                    + "cannot be batched; run them one by one");
        }
        if (starts.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one start");
        }
        starts = Arrays.stream(starts).map(double[]::clone).toArray(double[][]::new);
        for (double[] s : starts) {
            if (s.length != objective.dimension()) {
                throw new IllegalArgumentException(objective.name() + " has " + objective.dimension() + " coordinates, a "
                        + "start has " + s.length);
            }
        }
    }

    /**
     * The outcome per start.
     *
     * @param points    final points ({@code points[s]})
     * @param losses    final losses
     * @param gradients final |∇f|
     * @param settled   the first step from which on |∇f| stayed at most the tolerance (-1: never)
     */
    public record Result(double[][] points, double[] losses, double[] gradients, int[] settled) {
        /** True when start s ended with a finite point, loss and gradient. */
        public boolean finite(int s) {
            for (double v : points[s]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return Double.isFinite(losses[s]) && Double.isFinite(gradients[s]);
        }
    }

    /** The batched module: one vector parameter per variable. */
    private static final class Points extends Module {
        private final Objective objective;
        private final Tensor[] coords;

        Points(Objective objective, double[][] starts, DType dtype) {
            this.objective = objective;
            List<String> names = objective.variables();
            coords = new Tensor[names.size()];
            for (int i = 0; i < coords.length; i++) {
                double[] v = new double[starts.length];
                for (int s = 0; s < v.length; s++) {
                    v[s] = starts[s][i];
                }
                Tensor t = Tensor.of(v, v.length);
                coords[i] = param(names.get(i), dtype == DType.FLOAT64 ? t : t.to(dtype));
            }
        }

        /** The coordinates: {@code [variable][start]}. */
        double[][] coordinates() {
            double[][] c = new double[coords.length][];
            for (int i = 0; i < c.length; i++) {
                c[i] = coords[i].toDoubleArray();
            }
            return c;
        }

        /** f at every start, shape [starts]. */
        Tensor values() {
            return objective.value(coords);
        }

        @Override
        public Tensor forward(Tensor ignored) {
            return values().sum();
        }
    }

    private boolean escaped(double[][] now, int s) {
        if (escapeRadius == Double.POSITIVE_INFINITY) {
            return false;
        }
        double d2 = 0;
        for (int i = 0; i < now.length; i++) {
            double v = now[i][s] - starts[s][i];
            d2 += v * v;
        }
        return !(Math.sqrt(d2) <= escapeRadius);
    }

    /** Runs all starts together. */
    public Result execute() {
        int n = starts.length;
        int d = objective.dimension();
        Points m = new Points(objective, starts, dtype);
        Optimizer optimizer = new Optimizer(m.namedParameters(), algorithm);
        optimizer.setNonFiniteCheck(false);
        int[] lastAbove = new int[n];
        Arrays.fill(lastAbove, -1);
        double[] g2 = new double[n];
        double[] values = null;
        for (int k = 0; ; k++) {
            optimizer.zeroGrad();
            Tensor v = m.values();
            v.sum().backward();
            values = v.toDoubleArray();
            Arrays.fill(g2, 0);
            for (int i = 0; i < d; i++) {
                Tensor gt = m.coords[i].grad();
                if (gt == null) {
                    continue;
                }
                double[] g = gt.toDoubleArray();
                for (int s = 0; s < n; s++) {
                    g2[s] += g[s] * g[s];
                }
            }
            boolean allDone = true;
            double[][] now = null;
            for (int s = 0; s < n; s++) {
                if (!(Math.sqrt(g2[s]) <= tolerance)) {
                    lastAbove[s] = k;
                    if (allDone && Double.isFinite(g2[s]) && Double.isFinite(values[s])) {
                        if (now == null) {
                            now = m.coordinates();
                        }
                        allDone = escaped(now, s);
                    }
                }
            }
            if (k == steps || allDone) {
                break;
            }
            optimizer.step();
        }
        double[][] pts = new double[n][d];
        for (int i = 0; i < d; i++) {
            double[] c = m.coords[i].toDoubleArray();
            for (int s = 0; s < n; s++) {
                pts[s][i] = c[s];
            }
        }
        double[] gn = new double[n];
        int[] settled = new int[n];
        for (int s = 0; s < n; s++) {
            gn[s] = Math.sqrt(g2[s]);
            settled[s] = gn[s] <= tolerance ? lastAbove[s] + 1 : -1;
        }
        return new Result(pts, values, gn, settled);
    }
}
