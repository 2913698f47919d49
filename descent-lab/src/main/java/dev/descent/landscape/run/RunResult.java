package dev.descent.landscape.run;

import dev.descent.optim.Algorithm;
import dev.descent.tensor.DType;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * What a {@link Run} recorded: for each row k = 0 .. {@link #steps()} (row 0 the start, row k the
 * point after k optimizer steps) the point, the loss, the gradient and its norm, and the step
 * length |θ_k − θ_{k−1}| (0 for row 0). Values are those of the run's type: a float32 run records
 * float32 numbers (widened exactly to double).
 */
public final class RunResult {

    /** Why the run ended. */
    public enum Stop {
        /** It used its whole budget of steps. */
        BUDGET("budget used"),
        /** The loss, gradient or point became NaN or infinite. */
        NON_FINITE("non-finite value"),
        /** |∇f| fell below the run's stopping tolerance. */
        TOLERANCE("gradient below tolerance"),
        /** The point left the run's escape radius around the start. */
        ESCAPED("left the escape radius");

        private final String label;

        Stop(String label) {
            this.label = label;
        }

        /** In words. */
        public String label() {
            return label;
        }
    }

    private final Run run;
    private final double[][] points;
    private final double[] loss;
    private final double[][] gradients;
    private final double[] gradientNorm;
    private final double[] stepLength;
    private final int[] evaluations;
    private final Stop stop;

    private RunResult(Run run, double[][] points, double[] loss, double[][] gradients, double[] gradientNorm,
                      double[] stepLength, int[] evaluations, Stop stop) {
        this.run = run;
        this.points = points;
        this.loss = loss;
        this.gradients = gradients;
        this.gradientNorm = gradientNorm;
        this.stepLength = stepLength;
        this.evaluations = evaluations;
        this.stop = stop;
    }

    /** The run that produced this. */
    public Run run() {
        return run;
    }

    /** The objective. */
    public Objective objective() {
        return run.objective();
    }

    /** The update rule. */
    public Algorithm algorithm() {
        return run.algorithm();
    }

    /** The parameters' type. */
    public DType dtype() {
        return run.dtype();
    }

    /** Why it stopped. */
    public Stop stop() {
        return stop;
    }

    /** The number of steps taken: rows are 0 .. steps(). */
    public int steps() {
        return loss.length - 1;
    }

    /** The number of rows, {@code steps() + 1}. */
    public int rows() {
        return loss.length;
    }

    /** The point of row k. */
    public double[] point(int k) {
        return points[k].clone();
    }

    /** Coordinate i of row k. */
    public double coordinate(int k, int i) {
        return points[k][i];
    }

    /** Coordinate i over all rows. */
    public double[] coordinates(int i) {
        double[] c = new double[points.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = points[k][i];
        }
        return c;
    }

    /** The loss of row k. */
    public double loss(int k) {
        return loss[k];
    }

    /** The losses of all rows. */
    public double[] losses() {
        return loss.clone();
    }

    /** The gradient at row k. */
    public double[] gradient(int k) {
        return gradients[k].clone();
    }

    /** |∇f| at row k. */
    public double gradientNorm(int k) {
        return gradientNorm[k];
    }

    /** |∇f| of all rows. */
    public double[] gradientNorms() {
        return gradientNorm.clone();
    }

    /** |θ_k − θ_{k−1}|, 0 for k = 0. */
    public double stepLength(int k) {
        return stepLength[k];
    }

    /** The step lengths of all rows. */
    public double[] stepLengths() {
        return stepLength.clone();
    }

    /** Function evaluations (forward and backward passes) up to and including row k. */
    public int evaluations(int k) {
        return evaluations[k];
    }

    /** The last row's point. */
    public double[] last() {
        return points[points.length - 1].clone();
    }

    /** The last row's loss. */
    public double lastLoss() {
        return loss[loss.length - 1];
    }

    /** True when row k has a finite point, loss and gradient. */
    public boolean finite(int k) {
        if (!Double.isFinite(loss[k]) || !Double.isFinite(gradientNorm[k])) {
            return false;
        }
        for (double v : points[k]) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The last row with a finite point, loss and gradient (-1 if none). */
    public int lastFiniteRow() {
        for (int k = rows() - 1; k >= 0; k--) {
            if (finite(k)) {
                return k;
            }
        }
        return -1;
    }

    /** The first row satisfying {@code test}, or -1. */
    public int firstRow(IntPredicate test) {
        for (int k = 0; k < rows(); k++) {
            if (test.test(k)) {
                return k;
            }
        }
        return -1;
    }

    /** The first row whose loss is at most {@code value}, or -1. */
    public int firstRowWithLossAtMost(double value) {
        return firstRow(k -> loss[k] <= value);
    }

    /** The first row within {@code radius} of {@code target}, or -1. */
    public int firstRowWithin(double[] target, double radius) {
        return firstRow(k -> distance(points[k], target) <= radius);
    }

    /**
     * The first row from which on every later row stays within {@code radius} of {@code target}
     * (steps to tolerance that ignore a lucky pass through the target), or -1.
     */
    public int settledWithin(double[] target, double radius) {
        int first = -1;
        for (int k = rows() - 1; k >= 0; k--) {
            if (distance(points[k], target) <= radius) {
                first = k;
            } else {
                break;
            }
        }
        return first;
    }

    /** Euclidean distance. */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return "RunResult[" + run.objective().name() + ", " + run.algorithm().name() + ", " + steps() + " steps, "
                + stop.label() + ", last " + Arrays.toString(last()) + " f = " + lastLoss() + "]";
    }

    /** Collects rows as a run goes. */
    static final class Builder {
        private final Run run;
        private final int n;
        private double[][] points = new double[16][];
        private double[] loss = new double[16];
        private double[][] gradients = new double[16][];
        private double[] gradientNorm = new double[16];
        private double[] stepLength = new double[16];
        private int[] evaluations = new int[16];
        private int size;

        Builder(Run run, int n) {
            this.run = run;
            this.n = n;
        }

        void add(double[] point, double l, double[] gradient, int evals) {
            if (size == loss.length) {
                int cap = size * 2;
                points = Arrays.copyOf(points, cap);
                loss = Arrays.copyOf(loss, cap);
                gradients = Arrays.copyOf(gradients, cap);
                gradientNorm = Arrays.copyOf(gradientNorm, cap);
                stepLength = Arrays.copyOf(stepLength, cap);
                evaluations = Arrays.copyOf(evaluations, cap);
            }
            double g2 = 0;
            for (double g : gradient) {
                g2 += g * g;
            }
            points[size] = point;
            loss[size] = l;
            gradients[size] = gradient;
            gradientNorm[size] = Math.sqrt(g2);
            stepLength[size] = size == 0 ? 0 : distance(point, points[size - 1]);
            evaluations[size] = evals;
            size++;
        }

        boolean lastFinite() {
            int k = size - 1;
            if (!Double.isFinite(loss[k]) || !Double.isFinite(gradientNorm[k])) {
                return false;
            }
            for (double v : points[k]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }

        double[] lastPoint() {
            return points[size - 1];
        }

        double lastGradientNorm() {
            return gradientNorm[size - 1];
        }

        RunResult build(Stop stop) {
            return new RunResult(run, Arrays.copyOf(points, size), Arrays.copyOf(loss, size),
                    Arrays.copyOf(gradients, size), Arrays.copyOf(gradientNorm, size), Arrays.copyOf(stepLength, size),
                    Arrays.copyOf(evaluations, size), stop);
        }
    }
}
