package dev.descent.landscape.sweep;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.run.Stability;
import dev.descent.optim.SGD;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stability map of heavy-ball momentum: SGD with momentum β (PyTorch's form) at every (β, lr)
 * of a grid, from one start. Each cell records its verdict and steps to tolerance; beside it the
 * theory: the local bound (2+2β)/λmax per β, with λmax the largest Hessian eigenvalue at the
 * global minimum nearest the start (at the start when none is known), and the largest learning
 * rate that was seen to converge per β.
 *
 * <pre>{@code
 * MomentumSweep.Result r = new MomentumSweep(Objective.function("ravine"), new double[] {-1.5, 0.5})
 *         .momenta(0, 0.5, 0.9).range(1e-3, 0.1, 30).steps(400).run();
 * }</pre>
 */
public final class MomentumSweep {
    private final Objective objective;
    private final double[] start;
    private double[] betas = Tolerance.linspace(0, 0.95, 20);
    private double[] lrs = Tolerance.logspace(1e-3, 1, 25);
    private int steps = 400;
    private DType dtype = DType.FLOAT64;
    private double tolerance = 1e-3;

    /** A sweep on {@code objective} from {@code start}. */
    public MomentumSweep(Objective objective, double[] start) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.start = start.clone();
    }

    /** The momentum values β (each in [0, 1)). */
    public MomentumSweep momenta(double... values) {
        for (double b : values) {
            if (!(b >= 0 && b < 1)) {
                throw new IllegalArgumentException("momentum values must lie in [0, 1), got " + b);
            }
        }
        this.betas = values.clone();
        java.util.Arrays.sort(this.betas);
        return this;
    }

    /** {@code n} log-spaced learning rates from {@code lo} to {@code hi}. */
    public MomentumSweep range(double lo, double hi, int n) {
        this.lrs = Tolerance.logspace(lo, hi, n);
        return this;
    }

    public MomentumSweep steps(int n) {
        this.steps = n;
        return this;
    }

    public MomentumSweep dtype(DType t) {
        this.dtype = t;
        return this;
    }

    public MomentumSweep tolerance(double tol) {
        this.tolerance = tol;
        return this;
    }

    /**
     * One (β, lr) cell.
     *
     * @param beta             the momentum
     * @param lr               the learning rate
     * @param verdict          the diagnosis verdict
     * @param stepsToTolerance steps until it settled within the tolerance, -1 if never
     * @param finalLoss        the last finite loss
     */
    public record Cell(double beta, double lr, Diagnosis.Verdict verdict, int stepsToTolerance, double finalLoss) {
        /** True when the run diverged. */
        public boolean diverged() {
            return verdict == Diagnosis.Verdict.DIVERGED;
        }
    }

    /**
     * The map.
     *
     * @param betas     the momentum values (rows)
     * @param lrs       the learning rates (columns)
     * @param cells     {@code cells[i][j]} for betas[i], lrs[j]
     * @param lambdaMax the curvature used by the theory
     * @param steps     the budget per cell
     */
    public record Result(Objective objective, double[] betas, double[] lrs, Cell[][] cells, double lambdaMax, int steps) {
        /** (2+2β)/λmax for each β. */
        public double[] theoreticalBound() {
            double[] b = new double[betas.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = Stability.heavyBall(lambdaMax, betas[i]);
            }
            return b;
        }

        /** Per β, the largest learning rate that did not diverge below the first diverging one (NaN if none). */
        public double[] largestStable() {
            double[] out = new double[betas.length];
            for (int i = 0; i < betas.length; i++) {
                out[i] = Double.NaN;
                for (int j = 0; j < lrs.length; j++) {
                    if (cells[i][j].diverged()) {
                        break;
                    }
                    out[i] = lrs[j];
                }
            }
            return out;
        }

        /** Per β, the smallest learning rate that diverged (NaN if none). */
        public double[] smallestDiverging() {
            double[] out = new double[betas.length];
            for (int i = 0; i < betas.length; i++) {
                out[i] = Double.NaN;
                for (int j = 0; j < lrs.length; j++) {
                    if (cells[i][j].diverged()) {
                        out[i] = lrs[j];
                        break;
                    }
                }
            }
            return out;
        }

        /** Steps to tolerance as a [β][lr] matrix of doubles: NaN where it never arrived, +∞ where it diverged. */
        public double[][] stepsMatrix() {
            double[][] m = new double[betas.length][lrs.length];
            for (int i = 0; i < betas.length; i++) {
                for (int j = 0; j < lrs.length; j++) {
                    Cell c = cells[i][j];
                    m[i][j] = c.diverged() ? Double.POSITIVE_INFINITY
                            : c.stepsToTolerance() >= 0 ? c.stepsToTolerance() : Double.NaN;
                }
            }
            return m;
        }
    }

    /** Runs every cell (in parallel). */
    public Result run() {
        double s = 0;
        for (double v : start) {
            s = Math.max(s, Math.abs(v));
        }
        double escape = 1e3 * (1 + s);
        List<double[]> in = new ArrayList<>();
        for (double b : betas) {
            for (double lr : lrs) {
                in.add(new double[] {b, lr});
            }
        }
        List<Cell> out = Parallel.map(in, p -> {
            SGD a = SGD.withLr(p[1]).momentum(p[0]);
            RunResult r = new Run(objective, start, a, dtype, steps, 0, escape).execute();
            Diagnosis d = Diagnosis.of(r);
            int k = r.lastFiniteRow();
            return new Cell(p[0], p[1], d.verdict(), Tolerance.steps(r, tolerance), k < 0 ? Double.NaN : r.loss(k));
        });
        Cell[][] cells = new Cell[betas.length][lrs.length];
        for (int i = 0; i < betas.length; i++) {
            for (int j = 0; j < lrs.length; j++) {
                cells[i][j] = out.get(i * lrs.length + j);
            }
        }
        Optional<CriticalPoint> m = LrSweep.nearestGlobalMinimum(objective, start);
        double[] at = m.map(CriticalPoint::location).orElse(start);
        double lam = Stability.largestEigenvalue(objective.derivatives(at).hessian(), false);
        return new Result(objective, betas.clone(), lrs.clone(), cells, lam, steps);
    }
}
