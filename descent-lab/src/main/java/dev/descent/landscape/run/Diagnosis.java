package dev.descent.landscape.run;

import static dev.descent.landscape.run.Stability.fmt;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.landscape.io.Json;
import dev.descent.optim.Algorithm;
import dev.descent.tensor.DType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What happened in a run, in one line of words and a verdict, decided from the recorded rows and
 * the Hessian (float64, by autograd) at the last finite point. The rules, in order:
 * <ol>
 *   <li>{@link Verdict#DIVERGED}: a non-finite loss, gradient or point; or steps and gradients
 *       growing over the last rows while the loss rises. The message gives the local stability bound
 *       of {@link Stability} (2/λmax for GD, (2+2β)/λmax for heavy ball) from the Hessian at the
 *       start and at the last finite point;</li>
 *   <li>{@link Verdict#UNBOUNDED}: steps and gradients growing while the loss keeps falling (the
 *       function has no minimum that way, as x² − y² along y);</li>
 *   <li>converged when the estimated distance to a critical point, |H⁻¹∇f| (|∇f|/max|λ| when H is
 *       singular or not definite), is at most {@code tolerance·(1 + |θ|)}: then by the type of the
 *       point, {@link Verdict#CONVERGED} (a minimum that is the global one or not known to be
 *       local, or a maximum when maximizing), {@link Verdict#LOCAL_MINIMUM} (a known minimum above
 *       the known global one), or {@link Verdict#SADDLE} (a saddle);</li>
 *   <li>{@link Verdict#SADDLE} also when the run stalled: |∇f| and the last step fell below a
 *       tenth of their largest values in the run while the Hessian has a negative eigenvalue;</li>
 *   <li>{@link Verdict#OSCILLATING}: the gradient reversed direction (cosine below 0 between
 *       successive gradients) in at least three quarters of the last 20 steps;</li>
 *   <li>{@link Verdict#NOT_FINISHED}: still moving when the budget ran out.</li>
 * </ol>
 *
 * @param verdict      the verdict
 * @param message      one line in words
 * @param steps        steps taken
 * @param point        the last finite point
 * @param loss         the loss there
 * @param gradientNorm |∇f| there
 * @param eigenvalues  the Hessian's eigenvalues there, ascending (NaN when not finite)
 * @param nearest      the known critical point the run converged to or stalled at, if any
 * @param bound        the stability bound used in the message, if any
 */
public record Diagnosis(Verdict verdict, String message, int steps, double[] point, double loss, double gradientNorm,
                        double[] eigenvalues, Optional<CriticalPoint> nearest, Optional<Stability.Bound> bound) {

    /** The verdicts. */
    public enum Verdict {
        CONVERGED("converged"),
        LOCAL_MINIMUM("local-minimum"),
        DIVERGED("diverged"),
        UNBOUNDED("unbounded"),
        OSCILLATING("oscillating"),
        SADDLE("saddle"),
        NOT_FINISHED("not-finished");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The word used in CSV and JSON: {@code converged}, {@code local-minimum}, ... */
        public String label() {
            return label;
        }
    }

    /** Default relative distance to a critical point that counts as converged. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    private static final int WINDOW = 20;

    public Diagnosis {
        point = point.clone();
        eigenvalues = eigenvalues.clone();
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** True for {@link Verdict#CONVERGED} and {@link Verdict#LOCAL_MINIMUM}. */
    public boolean converged() {
        return verdict == Verdict.CONVERGED || verdict == Verdict.LOCAL_MINIMUM
                || (verdict == Verdict.SADDLE && message.startsWith("converged"));
    }

    /** Diagnoses with the default tolerance. */
    public static Diagnosis of(RunResult r) {
        return of(r, DEFAULT_TOLERANCE);
    }

    /** Diagnoses a run; {@code tolerance} is the relative distance to a critical point that counts as converged. */
    public static Diagnosis of(RunResult r, double tolerance) {
        Objective f = r.objective();
        Algorithm alg = r.algorithm();
        int last = r.lastFiniteRow();
        int steps = r.steps();
        if (last < 0) {
            return new Diagnosis(Verdict.DIVERGED, "diverged: the loss or its gradient is not finite at the start "
                    + vec(r.point(0)), steps, r.point(0), r.loss(0), r.gradientNorm(0), nan(f.dimension()),
                    Optional.empty(), Optional.empty());
        }
        double[] x = r.point(last);
        Derivatives d = f.derivatives(x);
        double[] eig = eigen(d.hessian());
        double lossL = r.loss(last);
        double gL = r.gradientNorm(last);

        // 1. non-finite, or growing
        if (r.stop() == RunResult.Stop.NON_FINITE) {
            Optional<Stability.Bound> b = bound(r, d);
            String what = !Double.isFinite(r.lastLoss()) ? "the loss became " + fmt(r.lastLoss())
                    : "the gradient or point became non-finite";
            return new Diagnosis(Verdict.DIVERGED, "diverged: " + what + " at step " + steps + " (last finite loss "
                    + fmt(lossL) + " at step " + last + "); " + tooLarge(alg, b), steps, x, lossL, gL, eig,
                    Optional.empty(), b);
        }
        if (r.stop() == RunResult.Stop.ESCAPED && lossL > r.loss(0)) {
            Optional<Stability.Bound> b = bound(r, d);
            return new Diagnosis(Verdict.DIVERGED, "diverged: the run left the escape radius "
                    + fmt(r.run().escapeRadius()) + " around the start at step " + steps + " with the loss up from "
                    + fmt(r.loss(0)) + " to " + fmt(lossL) + "; " + tooLarge(alg, b), steps, x, lossL, gL, eig,
                    Optional.empty(), b);
        }
        if (accelerating(r, last) && (lossL > r.loss(0) || f.globalMinimum().isEmpty())) {
            if (lossL > r.loss(0)) {
                Optional<Stability.Bound> b = bound(r, d);
                return new Diagnosis(Verdict.DIVERGED, "diverged: the loss grew from " + fmt(r.loss(0)) + " to "
                        + fmt(lossL) + " and |∇f| from " + fmt(r.gradientNorm(0)) + " to " + fmt(gL) + " in "
                        + steps(steps) + "; " + tooLarge(alg, b), steps, x, lossL, gL, eig, Optional.empty(), b);
            }
            return new Diagnosis(Verdict.UNBOUNDED, "unbounded: the loss keeps falling faster and faster (" + fmt(r.loss(0))
                    + " to " + fmt(lossL) + " in " + steps(steps) + ", |∇f| = " + fmt(gL) + " and growing): the function seems "
                    + "to have no minimum in that direction", steps, x, lossL, gL, eig, Optional.empty(), Optional.empty());
        }

        // 2. converged to a critical point
        double dist = distanceToCritical(d, eig);
        double norm = 0;
        for (double v : x) {
            norm += v * v;
        }
        boolean finiteDerivatives = Double.isFinite(dist);
        double tol = tolerance * (1 + Math.sqrt(norm));
        if (r.dtype() == DType.FLOAT32) {
            tol = Math.max(tol, 1e-3 * (1 + Math.sqrt(norm)));
        }
        Optional<CriticalPoint> near = nearestKnown(f, x, Math.max(10 * tol, Double.isFinite(dist) ? 2 * dist : 0));
        if (finiteDerivatives && dist <= tol) {
            PointType type = d.classify().type();
            if (type == PointType.NOT_CRITICAL) {
                type = classifyByEigenvalues(eig);
            }
            String where = near.map(p -> p.type().label() + " " + at(f, p.location()) + ", f = " + fmt(p.value()))
                    .orElse(type.label() + " " + at(f, x) + ", f = " + fmt(lossL));
            String after = " after " + steps(steps) + " (|∇f| = " + fmt(gL) + ")";
            switch (type) {
                case MINIMUM -> {
                    Optional<CriticalPoint> global = f.globalMinimum();
                    if (global.isPresent() && lossL > global.get().value() + 1e-6 * (1 + Math.abs(global.get().value()))) {
                        CriticalPoint g = global.get();
                        return new Diagnosis(Verdict.LOCAL_MINIMUM, "stopped in a local minimum: " + where + after
                                + "; the global minimum is f = " + fmt(g.value()) + " " + at(f, g.location()), steps, x,
                                lossL, gL, eig, near, Optional.empty());
                    }
                    String which = global.isPresent() ? "the global minimum: " : "a minimum (whether it is the global "
                            + "one is not known): ";
                    if (global.isPresent() && f.globalMinima().size() > 1) {
                        which = "a global minimum (one of " + f.globalMinima().size() + "): ";
                    }
                    return new Diagnosis(Verdict.CONVERGED, "converged to " + which + where + after, steps, x, lossL,
                            gL, eig, near, Optional.empty());
                }
                case SADDLE -> {
                    return new Diagnosis(Verdict.SADDLE, "converged onto a saddle point: " + where + after
                            + "; the gradient vanishes there but it is no minimum (Hessian eigenvalues " + list(eig)
                            + "): a small push along the negative-curvature direction escapes", steps, x, lossL, gL, eig,
                            near, Optional.empty());
                }
                default -> {
                    return new Diagnosis(Verdict.CONVERGED, "converged to a " + where + after, steps, x, lossL, gL,
                            eig, near, Optional.empty());
                }
            }
        }

        // 3. stalled near a saddle
        double maxG = 0;
        double maxStep = 0;
        for (int k = 0; k <= last; k++) {
            maxG = Math.max(maxG, r.gradientNorm(k));
            maxStep = Math.max(maxStep, r.stepLength(k));
        }
        boolean negative = eig.length > 0 && eig[0] < -1e-8 * Math.max(1, Math.abs(eig[eig.length - 1]));
        if (negative && gL <= 0.1 * maxG && r.stepLength(last) <= 0.1 * maxStep
                && newtonDistance(d) <= 0.1 * (1 + Math.sqrt(norm))) {
            Optional<CriticalPoint> saddle = nearestKnown(f, x, Double.POSITIVE_INFINITY, PointType.SADDLE);
            String s = saddle.map(p -> "; the saddle " + at(f, p.location()) + " is " + fmt(RunResult.distance(x,
                    p.location())) + " away").orElse("");
            return new Diagnosis(Verdict.SADDLE, "stalled near a saddle: |∇f| = " + fmt(gL) + " (it was up to " + fmt(maxG)
                    + ") while the Hessian has a negative eigenvalue " + fmt(eig[0]) + " " + at(f, x) + s
                    + "; the way down along that eigenvector is flat at first, so the steps are tiny", steps, x, lossL,
                    gL, eig, saddle, Optional.empty());
        }

        // 4. oscillating
        int w = Math.min(WINDOW, last);
        if (w >= 4) {
            int flips = 0;
            for (int k = last - w + 1; k <= last; k++) {
                if (cosine(r.gradient(k), r.gradient(k - 1)) < 0) {
                    flips++;
                }
            }
            if (flips * 4 >= w * 3) {
                Optional<Stability.Bound> b = bound(r, d);
                String why = b.filter(bb -> bb.lr() * bb.lambdaMax() > 1)
                        .map(bb -> "; lr·λmax = " + fmt(bb.lr() * bb.lambdaMax()) + " > 1, so each step overshoots the "
                                + "valley floor along the steepest direction (it would stop zig-zagging below lr = 1/λmax = "
                                + fmt(1 / bb.lambdaMax()) + ")")
                        .orElse("; a smaller learning rate, or momentum, damps the zig-zag");
                return new Diagnosis(Verdict.OSCILLATING, "oscillating across a ravine: the gradient reversed direction in "
                        + flips + " of the last " + w + " steps and |∇f| is still " + fmt(gL) + " after " + steps(steps)
                        + why, steps, x, lossL, gL, eig, Optional.empty(), b);
            }
        }

        // 5. still moving
        double drop = last >= 1 ? r.loss(last - 1) - lossL : Double.NaN;
        Optional<CriticalPoint> towards = nearestKnown(f, x, 0.1 * (1 + Math.sqrt(norm)), PointType.MINIMUM);
        String heading = towards.map(p -> {
            Optional<CriticalPoint> g = f.globalMinimum();
            boolean local = g.isPresent() && p.value() > g.get().value() + 1e-6 * (1 + Math.abs(g.get().value()));
            return "; it is heading for the " + (local ? "local (not global) " : "") + "minimum " + at(f, p.location())
                    + ", f = " + fmt(p.value());
        }).orElse("");
        return new Diagnosis(Verdict.NOT_FINISHED, "still moving when the budget ran out: after " + steps(steps) + " "
                + at(f, x) + " f = " + fmt(lossL) + ", |∇f| = " + fmt(gL) + ", the last step moved " + fmt(r.stepLength(last))
                + (Double.isFinite(drop) ? " and lowered the loss by " + fmt(drop) : "") + heading
                + "; give it more steps or a larger learning rate", steps, x, lossL, gL, eig, towards, Optional.empty());
    }

    /**
     * True when the last rows show the run running away: |∇f| above ten times its start value and
     * growing, and the step length growing in at least three quarters of the last (up to 20) steps.
     */
    private static boolean accelerating(RunResult r, int last) {
        int w = Math.min(WINDOW, last / 2);
        if (w < 3) {
            return false;
        }
        if (!(r.gradientNorm(last) > 10 * Math.max(r.gradientNorm(0), 1e-300))
                || !(r.gradientNorm(last) > r.gradientNorm(last - w)) || !(r.stepLength(last) > r.stepLength(last - w))) {
            return false;
        }
        int up = 0;
        for (int k = last - w + 1; k <= last; k++) {
            if (r.stepLength(k) > r.stepLength(k - 1)) {
                up++;
            }
        }
        return up * 4 >= w * 3;
    }

    /** The bound at the start and at the last finite point; the smaller one (the binding constraint). */
    private static Optional<Stability.Bound> bound(RunResult r, Derivatives atLast) {
        Optional<Stability.Bound> end = Stability.of(r.algorithm(), atLast.hessian());
        Optional<Stability.Bound> start = Optional.empty();
        if (r.finite(0)) {
            start = Stability.of(r.algorithm(), r.objective().derivatives(r.point(0)).hessian());
        }
        if (start.isPresent() && end.isPresent()) {
            return start.get().bound() <= end.get().bound() ? start : end;
        }
        return start.isPresent() ? start : end;
    }

    private static String tooLarge(Algorithm a, Optional<Stability.Bound> b) {
        if (b.isPresent()) {
            Stability.Bound bb = b.get();
            String verdict = bb.exceeded() ? "the learning rate is too large: " : "the learning rate is too large for "
                    + "this landscape (the local quadratic bound alone does not explain it): ";
            return verdict + bb.describe() + " for " + bb.rule() + "; stay below " + fmt(bb.bound());
        }
        return "the learning rate (" + fmt(a.lr()) + ") is too large for " + a.name() + " here";
    }

    /** |H⁻¹∇f|: the distance to the critical point of the local quadratic model (infinite when H is singular). */
    private static double newtonDistance(Derivatives d) {
        double[][] h = d.hessian();
        double[] g = d.gradient();
        for (double[] row : h) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return Double.POSITIVE_INFINITY;
                }
            }
        }
        SymmetricEigen e = SymmetricEigen.of(h);
        double scale = Math.max(1, Math.max(Math.abs(e.min()), Math.abs(e.max())));
        double s = 0;
        for (int i = 0; i < e.size(); i++) {
            if (Math.abs(e.values()[i]) <= 1e-8 * scale) {
                return Double.POSITIVE_INFINITY;
            }
            double c = 0;
            for (int j = 0; j < g.length; j++) {
                c += e.vectors()[i][j] * g[j];
            }
            double t = c / e.values()[i];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    private static double distanceToCritical(Derivatives d, double[] eig) {
        double[] g = d.gradient();
        double[][] h = d.hessian();
        for (double v : g) {
            if (!Double.isFinite(v)) {
                return Double.NaN;
            }
        }
        if (Double.isNaN(eig[0])) {
            return Double.NaN;
        }
        double gn = 0;
        for (double v : g) {
            gn += v * v;
        }
        gn = Math.sqrt(gn);
        double scale = Math.max(Math.abs(eig[0]), Math.abs(eig[eig.length - 1]));
        double smallest = Double.POSITIVE_INFINITY;
        for (double l : eig) {
            smallest = Math.min(smallest, Math.abs(l));
        }
        if (smallest > 1e-8 * Math.max(1, scale)) {
            // Newton step |H⁻¹g| through the eigen decomposition
            SymmetricEigen e = SymmetricEigen.of(h);
            double s = 0;
            for (int i = 0; i < e.size(); i++) {
                double[] v = e.vectors()[i];
                double c = 0;
                for (int j = 0; j < v.length; j++) {
                    c += v[j] * g[j];
                }
                double t = c / e.values()[i];
                s += t * t;
            }
            return Math.sqrt(s);
        }
        return gn / Math.max(1, scale);
    }

    private static PointType classifyByEigenvalues(double[] eig) {
        double scale = Math.max(1, Math.max(Math.abs(eig[0]), Math.abs(eig[eig.length - 1])));
        double z = 1e-8 * scale;
        boolean pos = true;
        boolean neg = true;
        boolean any = false;
        for (double l : eig) {
            pos &= l > z;
            neg &= l < -z;
            any |= l < -z;
        }
        if (pos) {
            return PointType.MINIMUM;
        }
        if (neg) {
            return PointType.MAXIMUM;
        }
        return any && eig[eig.length - 1] > z ? PointType.SADDLE : PointType.DEGENERATE;
    }

    private static Optional<CriticalPoint> nearestKnown(Objective f, double[] x, double radius) {
        return nearestKnown(f, x, radius, null);
    }

    private static Optional<CriticalPoint> nearestKnown(Objective f, double[] x, double radius, PointType type) {
        CriticalPoint best = null;
        double bestD = radius;
        for (CriticalPoint p : f.criticalPoints()) {
            if (type != null && p.type() != type) {
                continue;
            }
            double dd = RunResult.distance(x, p.location());
            if (dd <= bestD) {
                bestD = dd;
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 1 : ab / Math.sqrt(aa * bb);
    }

    private static double[] eigen(double[][] h) {
        for (double[] row : h) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return nan(h.length);
                }
            }
        }
        return SymmetricEigen.of(h).values();
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** {@code 1 step}, {@code 5 steps}. */
    static String steps(int n) {
        return n == 1 ? "1 step" : n + " steps";
    }

    /** {@code at (x, y) = (3, 2)}, with the variable names. */
    static String at(Objective f, double[] p) {
        List<String> v = f.variables();
        if (v.size() == 1) {
            return "at " + v.get(0) + " = " + fmt(p[0]);
        }
        return "at (" + String.join(", ", v) + ") = " + vec(p);
    }

    static String vec(double[] p) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < p.length; i++) {
            sb.append(i > 0 ? ", " : "").append(fmt(p[i]));
        }
        return sb.append(')').toString();
    }

    private static String list(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i > 0 ? ", " : "").append(fmt(a[i]));
        }
        return sb.toString();
    }

    /** The diagnosis as a JSON object into {@code j}. */
    public Json toJson(Json j) {
        j.beginObject().name("verdict").value(verdict.label()).name("message").value(message).name("steps").value(steps)
                .name("point").array(point).name("loss").value(loss).name("gradient_norm").value(gradientNorm)
                .name("hessian_eigenvalues").array(eigenvalues);
        if (nearest.isPresent()) {
            CriticalPoint p = nearest.get();
            j.name("critical_point").beginObject().name("type").value(p.type().label()).name("location")
                    .array(p.location()).name("value").value(p.value()).endObject();
        }
        if (bound.isPresent()) {
            Stability.Bound b = bound.get();
            j.name("stability_bound").beginObject().name("rule").value(b.rule()).name("formula").value(b.formula())
                    .name("lambda_max").value(b.lambdaMax()).name("bound").value(b.bound()).name("lr").value(b.lr())
                    .endObject();
        }
        return j.endObject();
    }

    /** {@code diagnosis: converged to ...}. */
    @Override
    public String toString() {
        return message;
    }
}
