package dev.descent.landscape.analysis;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the critical points of a function in a box: Newton's method on {@code grad f = 0} from every
 * point of a regular grid, the results de-duplicated and classified by the Hessian.
 *
 * <p>Each iteration solves {@code H p = -g} and takes the full Newton step, shortened to at most a
 * quarter of the box diagonal. The step is not required to decrease |g|: pure Newton is attracted
 * to critical points of every type (a descent method would only find minima), and its basins are
 * what the grid of starts samples. Two refinements:
 * <ul>
 *   <li>when successive Newton steps shrink by a steady ratio r in (0.4, 0.8), the linear
 *       convergence of Newton at a degenerate root of multiplicity m = 1/(1-r), the step
 *       {@code x + m p} is tried too and kept if its gradient is smaller (Schröder's correction: it
 *       lands {@code x^2*sin(x)} and the monkey saddle exactly on their degenerate origins);</li>
 *   <li>when H is singular, Levenberg-Marquardt steps {@code -(H^T H + mu I)^-1 H^T g} with growing
 *       mu, which descend on |g|^2.</li>
 * </ul>
 * A start is abandoned when it leaves the box enlarged by half its size, or ends (after 60
 * iterations or a stall) with |g| above {@code 1e-8} times the curvature scale. Points closer than
 * {@code 1e-5} of the box diagonal are merged, keeping the one with the smaller gradient.
 */
public final class CriticalPoints {
    private static final int MAX_ITERATIONS = 60;
    private static final double ACCEPT_GRADIENT = 1e-8;
    private static final double MERGE_FRACTION = 1e-5;
    private static final double MAX_STEP_FRACTION = 0.25;

    private CriticalPoints() {}

    /**
     * All critical points of a two-variable test function in {@code box}, from a {@code grid x grid}
     * net of Newton starts, sorted by value.
     */
    public static List<CriticalPoint> find2d(TestFunction f, Box box, int grid) {
        if (f.dimension() != 2 || box.dimension() != 2) {
            throw new IllegalArgumentException("find2d needs a function of two variables and a 2-D box; "
                    + f.name() + " has " + f.dimension() + " variables, the box " + box.dimension() + " sides");
        }
        return find(f, box, grid);
    }

    /** As {@link #find2d} for any dimension ({@code grid^n} starts). */
    public static List<CriticalPoint> find(TestFunction f, Box box, int grid) {
        return find(f.variables(), f::value, box, grid);
    }

    /** The critical points of an expression over the given variables (in box order). */
    public static List<CriticalPoint> find(Expr expr, List<String> variables, Box box, int grid) {
        return find(variables, xs -> {
            Map<String, Tensor> env = new LinkedHashMap<>();
            for (int i = 0; i < xs.length; i++) {
                env.put(variables.get(i), xs[i]);
            }
            return expr.toTensor(env);
        }, box, grid);
    }

    /** The general form: a function of scalar float64 tensors, one per name. */
    public static List<CriticalPoint> find(List<String> names, Function<Tensor[], Tensor> f, Box box, int grid) {
        int n = names.size();
        if (box.dimension() != n) {
            throw new IllegalArgumentException("the box has " + box.dimension() + " sides for " + n + " variables");
        }
        if (grid < 1 || Math.pow(grid, n) > 1_000_000) {
            throw new IllegalArgumentException("grid must be at least 1 with grid^n at most a million starts; got "
                    + grid + " for n = " + n);
        }
        List<Derivatives> found = new ArrayList<>();
        int total = (int) Math.pow(grid, n);
        double merge = MERGE_FRACTION * box.diagonal();
        for (int k = 0; k < total; k++) {
            double[] start = new double[n];
            int rest = k;
            for (int i = 0; i < n; i++) {
                int idx = rest % grid;
                rest /= grid;
                start[i] = grid == 1 ? 0.5 * (box.lower(i) + box.upper(i))
                        : box.lower(i) + (box.upper(i) - box.lower(i)) * idx / (grid - 1);
            }
            Optional<Derivatives> root = newton(names, f, start, box);
            if (root.isEmpty() || !box.contains(root.get().point(), 1e-9)) {
                continue;
            }
            Derivatives d = root.get();
            boolean merged = false;
            for (int j = 0; j < found.size(); j++) {
                if (distance(found.get(j).point(), d.point()) <= merge) {
                    if (d.gradientNorm() < found.get(j).gradientNorm()) {
                        found.set(j, d);
                    }
                    merged = true;
                    break;
                }
            }
            if (!merged) {
                found.add(d);
            }
        }
        List<CriticalPoint> out = new ArrayList<>();
        for (Derivatives d : found) {
            PointType type = d.classify().type();
            if (type != PointType.NOT_CRITICAL) {
                out.add(new CriticalPoint(d.point(), d.value(), type));
            }
        }
        out.sort(Comparator.comparingDouble(CriticalPoint::value)
                .thenComparing(CriticalPoint::location, Arrays::compare));
        return out;
    }

    /**
     * Newton's method on the gradient from one start (see the class comment). Returns the
     * derivatives at the converged point, or empty when the start diverged or stalled.
     */
    public static Optional<Derivatives> newton(List<String> names, Function<Tensor[], Tensor> f, double[] start, Box box) {
        double[] x = start.clone();
        Derivatives d = Derivatives.of(names, x, f);
        double maxStep = MAX_STEP_FRACTION * box.diagonal();
        double previousStep = Double.NaN;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double gnorm = d.gradientNorm();
            if (!Double.isFinite(gnorm) || !Double.isFinite(d.value())) {
                return Optional.empty();
            }
            double scale = curvatureScale(d.hessian());
            if (gnorm <= 1e-13 * scale) {
                break;
            }
            double[] g = d.gradient();
            double[][] h = d.hessian();
            double[] p = solve(h, negate(g));
            Derivatives next = null;
            double newtonStep = Double.NaN;
            if (p != null) {
                newtonStep = norm(p);
                double clip = newtonStep > maxStep ? maxStep / newtonStep : 1;
                next = tryPoint(names, f, axpy(clip, p, x));
                double ratio = newtonStep / previousStep;
                if (clip == 1 && ratio > 0.4 && ratio < 0.8) {
                    // linear convergence with ratio r: a root of multiplicity m = 1/(1-r); step m times as far
                    Derivatives accelerated = tryPoint(names, f, axpy(Math.rint(1 / (1 - ratio)), p, x));
                    if (accelerated != null && (next == null || accelerated.gradientNorm() < next.gradientNorm())) {
                        next = accelerated;
                    }
                }
            }
            if (next == null) {
                next = levenbergMarquardt(names, f, x, g, h, gnorm, scale);
            }
            if (next == null) {
                break; // stalled
            }
            double moved = distance(next.point(), x);
            x = next.point();
            d = next;
            previousStep = newtonStep;
            if (!box.contains(x, 0.5)) {
                return Optional.empty();
            }
            if (moved <= 1e-16 * (1 + norm(x))) {
                break;
            }
        }
        double scale = curvatureScale(d.hessian());
        return d.gradientNorm() <= ACCEPT_GRADIENT * scale ? Optional.of(d) : Optional.empty();
    }

    private static Derivatives levenbergMarquardt(List<String> names, Function<Tensor[], Tensor> f, double[] x,
                                                  double[] g, double[][] h, double gnorm, double scale) {
        int n = x.length;
        double[][] hth = new double[n][n];
        double[] htg = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += h[k][i] * h[k][j];
                }
                hth[i][j] = s;
            }
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += h[k][i] * g[k];
            }
            htg[i] = -s;
        }
        for (double mu = 1e-6 * scale * scale; mu <= 1e6 * scale * scale; mu *= 10) {
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) {
                a[i] = hth[i].clone();
                a[i][i] += mu;
            }
            double[] p = solve(a, htg);
            if (p == null) {
                continue;
            }
            Derivatives c = tryPoint(names, f, axpy(1, p, x));
            if (c != null && c.gradientNorm() < gnorm) {
                return c;
            }
        }
        return null;
    }

    private static Derivatives tryPoint(List<String> names, Function<Tensor[], Tensor> f, double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        Derivatives d = Derivatives.of(names, x, f);
        return Double.isFinite(d.gradientNorm()) && Double.isFinite(d.value()) ? d : null;
    }

    /** max(1, largest absolute Hessian entry): the scale the tolerances are relative to. */
    private static double curvatureScale(double[][] h) {
        double s = 1;
        for (double[] row : h) {
            for (double v : row) {
                s = Math.max(s, Math.abs(v));
            }
        }
        return s;
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting; null when singular. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return null;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][c]) <= 1e-14 * scale) {
                return null;
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            for (int r = c + 1; r < n; r++) {
                double factor = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= factor * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    private static double[] axpy(double a, double[] p, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + a * p[i];
        }
        return y;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
