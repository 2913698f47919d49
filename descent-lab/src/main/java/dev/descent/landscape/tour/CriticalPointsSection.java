package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.analysis.CriticalPoints;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.functions.TestFunction;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.sweep.Parallel;
import dev.descent.optim.SGD;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.LinePlot;
import dev.descent.report.MarkedPoint;
import dev.descent.report.Panels;
import dev.descent.report.Series;
import dev.descent.report.Trajectory;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * (f) Local minima and saddle points. Himmelblau's nine critical points found by Newton's method
 * from a grid of starts and classified by their Hessians (4 minima, 1 maximum, 4 saddles), checked
 * against the literature. Then the saddle x² − y²: gradient descent slows to a crawl near it
 * (|∇f| and the step length dip by orders of magnitude) before it escapes along y; started exactly
 * on the x axis, it converges onto the saddle.
 */
final class CriticalPointsSection implements TourSection {
    static final double[] SADDLE_START = {1.5, 1e-4};
    static final double SADDLE_LR = 0.1;

    @Override
    public String id() {
        return "f-critical-points";
    }

    @Override
    public String title() {
        return "(f) Local minima and saddle points";
    }

    @Override
    public void run(TourContext ctx) {
        Objective him = Objective.function("himmelblau");
        TestFunction hf = him.function().get();
        List<CriticalPoint> found = CriticalPoints.find2d(hf, hf.domain(), ctx.budget(24, 14));
        int matched = 0;
        double worst = 0;
        for (CriticalPoint known : hf.criticalPoints()) {
            double best = Double.POSITIVE_INFINITY;
            CriticalPoint match = null;
            for (CriticalPoint p : found) {
                double d = RunResult.distance(p.location(), known.location());
                if (d < best) {
                    best = d;
                    match = p;
                }
            }
            if (match != null && best < 1e-6 && match.type() == known.type()) {
                matched++;
                worst = Math.max(worst, best);
            }
        }
        int minima = count(found, PointType.MINIMUM);
        int maxima = count(found, PointType.MAXIMUM);
        int saddles = count(found, PointType.SADDLE);
        ctx.fact("himmelblau_found", found.size(), "Himmelblau: Newton's method from a grid finds " + found.size()
                + " critical points: " + minima + " minima, " + maxima + " maximum, " + saddles + " saddles");
        ctx.fact("himmelblau_matched", matched, matched + " of " + hf.criticalPoints().size() + " literature points "
                + "found with the same type (largest distance " + num(worst) + ")");
        List<List<Object>> rows = new ArrayList<>();
        List<MarkedPoint> marks = new ArrayList<>();
        int nm = 0;
        int ns = 0;
        for (CriticalPoint p : found) {
            double[] eig = him.derivatives(p.location()).eigenvalues();
            String label = switch (p.type()) {
                case MINIMUM -> "m" + (++nm);
                case SADDLE -> "s" + (++ns);
                case MAXIMUM -> "M";
                default -> "?";
            };
            rows.add(List.of(label, p.type().label(), p.coordinate(0), p.coordinate(1), p.value(), eig[0], eig[1]));
            marks.add(new MarkedPoint(label, p.coordinate(0), p.coordinate(1), p.type().label()));
        }
        Grid grid = TourPlots.grid(him, hf.domain(), ctx.budget(181, 61));
        // descents from a ring around the maximum: which minima do they roll into?
        CriticalPoint max = found.stream().filter(p -> p.type() == PointType.MAXIMUM).findFirst().orElseThrow();
        List<double[]> near = new ArrayList<>();
        int ringN = 8;
        for (int k = 0; k < ringN; k++) {
            double a = 2 * Math.PI * k / ringN;
            near.add(new double[] {max.coordinate(0) + 0.5 * Math.cos(a), max.coordinate(1) + 0.5 * Math.sin(a)});
        }
        List<RunResult> slides = Parallel.map(near, s -> new Run(him, s, SGD.withLr(0.01), DType.FLOAT64, 400, 1e-9,
                Double.POSITIVE_INFINITY).execute());
        List<Trajectory> paths = new ArrayList<>();
        java.util.Set<Integer> reached = new java.util.TreeSet<>();
        List<CriticalPoint> knownMinima = him.criticalPoints().stream().filter(p -> p.type() == PointType.MINIMUM).toList();
        for (int i = 0; i < slides.size(); i++) {
            paths.add(TourPlots.path("GD from near M, " + (i + 1), slides.get(i)));
            for (int m = 0; m < knownMinima.size(); m++) {
                if (RunResult.distance(slides.get(i).last(), knownMinima.get(m).location()) < 1e-3) {
                    reached.add(m);
                }
            }
        }
        ctx.fact("ring_around_maximum_minima", reached.size(), ringN + " gradient-descent runs started 0.5 around the "
                + "maximum end in " + reached.size() + " different minima");
        ContourPlot contour = new ContourPlot(grid).size(640, 560).title("Himmelblau: all critical points, classified")
                .logLevels(3).points(marks).trajectories(paths).legend(false);
        ctx.report().paragraph("Where the gradient vanishes, the Hessian decides: all eigenvalues positive is a minimum, "
                + "all negative a maximum, mixed signs a saddle. Newton's method on ∇f = 0 from a grid of starts finds "
                + "every critical point of Himmelblau's function in [−5, 5]²:");
        ctx.picture("himmelblau.png", contour, found.size() + " critical points found and classified (m: minimum, "
                + "s: saddle, M: maximum); " + ringN + " gradient-descent runs started 0.5 around the maximum M slide into "
                + reached.size() + " different minima.");
        ctx.report().table(List.of("", "type", "x", "y", "f", "λ1", "λ2"), rows,
                "Critical points of (x² + y − 11)² + (x + y² − 7)², with the Hessian's eigenvalues");
        ctx.report().surface3d(grid, paths, "Himmelblau's landscape with the " + ringN + " descents from around the "
                + "maximum.");

        // the saddle
        Objective saddle = Objective.function("saddle");
        RunResult r = new Run(saddle, SADDLE_START, SGD.withLr(SADDLE_LR), DType.FLOAT64, 52, 0,
                Double.POSITIVE_INFINITY).execute();
        int slowest = 0;
        for (int k = 1; k < r.rows(); k++) {
            if (r.gradientNorm(k) < r.gradientNorm(slowest)) {
                slowest = k;
            }
        }
        int slow = 0;
        for (int k = 0; k < r.rows(); k++) {
            if (r.gradientNorm(k) < 0.01 * r.gradientNorm(0)) {
                slow++;
            }
        }
        RunResult stalled = new Run(saddle, SADDLE_START, SGD.withLr(SADDLE_LR), DType.FLOAT64, slowest, 0,
                Double.POSITIVE_INFINITY).execute();
        Diagnosis stallDiag = Diagnosis.of(stalled);
        RunResult onAxis = new Run(saddle, new double[] {SADDLE_START[0], 0}, SGD.withLr(SADDLE_LR), DType.FLOAT64,
                200, 0, Double.POSITIVE_INFINITY).execute();
        Diagnosis axisDiag = Diagnosis.of(onAxis);
        Derivatives atSaddle = saddle.derivatives(0, 0);
        ctx.fact("saddle_min_gradient", r.gradientNorm(slowest), "x² − y² from " + TourContext.pt(SADDLE_START) + " (GD, lr "
                + SADDLE_LR + "): |∇f| falls from " + num(r.gradientNorm(0)) + " to " + num(r.gradientNorm(slowest))
                + " at step " + slowest + " near the saddle, then grows again as the run escapes along y");
        ctx.fact("saddle_slow_steps", slow, slow + " steps with |∇f| below 1% of its starting value; the step "
                + "length dips from " + num(r.stepLength(1)) + " to " + num(r.stepLength(slowest)));
        ctx.fact("saddle_diagnosis_at_stall", stallDiag.verdict().label(), "stopped at step " + slowest + ", the diagnosis "
                + "reads: " + stallDiag.message());
        ctx.fact("saddle_on_axis", axisDiag.verdict().label(), "started exactly on the x axis: " + axisDiag.message());
        Grid sg = TourPlots.grid(saddle, saddle.function().get().domain(), ctx.budget(161, 61));
        ContourPlot sc = new ContourPlot(sg).size(460, 430).title("x² − y²: GD slows near the saddle")
                .trajectory(TourPlots.path("GD, lr " + SADDLE_LR, r)).points(TourPlots.markers(saddle, false));
        double[] ks = TourPlots.steps(r.rows());
        double[] step = r.stepLengths();
        step[0] = Double.NaN;
        LinePlot lp = new LinePlot().size(460, 430).title("|∇f| and step length per step").labels("step", "")
                .logY(true).series(new Series("|∇f|", ks, r.gradientNorms())).series(new Series("step length", ks, step))
                .verticalLine(slowest, "closest to the saddle");
        ctx.report().paragraph("A saddle point is flat like a minimum but falls away in one direction. On x² − y² "
                + "gradient descent first slides down the x-valley towards the saddle at the origin, where the slope "
                + "vanishes, and crawls; only the tiny y offset grows (by 1 + 2α per step) until it escapes.");
        ctx.picture("saddle.png", new Panels(2).add(sc).add(lp), "The dots of the path bunch up near the saddle: |∇f| "
                + "drops to " + num(r.gradientNorm(slowest)) + " at step " + slowest + " (from " + num(r.gradientNorm(0))
                + "), then the run escapes along y.");
        ctx.claim("at a saddle point the gradient is zero but it is not a minimum", atSaddle.gradientNorm() == 0
                        && atSaddle.classify().type() == PointType.SADDLE,
                "∇f(0, 0) = 0, Hessian eigenvalues " + num(atSaddle.eigenvalues()[0]) + " and " + num(atSaddle.eigenvalues()[1]));
        ctx.claim("gradient descent gets stuck near a saddle point", stallDiag.verdict() == Diagnosis.Verdict.SADDLE
                && r.gradientNorm(slowest) < 0.01 * r.gradientNorm(0),
                "|∇f| shrank " + num(r.gradientNorm(0) / r.gradientNorm(slowest)) + "-fold; a perturbation lets it escape "
                        + "(started exactly on the axis it converges onto the saddle: " + axisDiag.verdict().label() + ")");
        ctx.claim("Himmelblau's function has 4 minima, 1 maximum and 4 saddles", minima == 4 && maxima == 1 && saddles == 4
                && matched == 9, "found " + minima + ", " + maxima + ", " + saddles + "; " + matched + " of 9 match the literature");
    }

    private static int count(List<CriticalPoint> ps, PointType t) {
        return (int) ps.stream().filter(p -> p.type() == t).count();
    }
}
