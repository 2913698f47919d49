package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.run.Stability;
import dev.descent.landscape.sweep.LrSweep;
import dev.descent.landscape.sweep.Parallel;
import dev.descent.optim.SGD;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.LinePlot;
import dev.descent.report.Panels;
import dev.descent.report.Series;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * (h) The learning rate: too small crawls, about right is fast, too large oscillates, and above
 * 2/λmax gradient descent diverges. A sweep of log-spaced rates on ½(x² + 10y²) with 2/λmax marked,
 * and four runs side by side.
 */
final class LearningRateSection implements TourSection {
    static final double KAPPA = 10;
    static final double[] START = {-1.8, 0.8};
    static final double TOL = 1e-3;

    @Override
    public String id() {
        return "h-learning-rate";
    }

    @Override
    public String title() {
        return "(h) The learning rate: too small, right, too large, diverging";
    }

    @Override
    public void run(TourContext ctx) {
        Objective f = Objective.function("ravine:kappa=" + (int) KAPPA);
        int steps = ctx.budget(400, 200);
        LrSweep.Result sw = new LrSweep(f, START, SGD.defaults()).range(1e-3, 0.5, ctx.budget(49, 15)).steps(steps)
                .tolerance(TOL).run();
        double lamMax = sw.lambdaMaxAtMinimum();
        double bound = Stability.gradientDescent(lamMax);
        double best = Stability.optimalGdLr(1, lamMax);
        double fastest = sw.fastest();
        ctx.fact("lambda_max", lamMax, "½(x² + " + (int) KAPPA + "y²): Hessian eigenvalues 1 and " + num(lamMax)
                + " (autograd), so gradient descent is stable for lr < 2/λmax = " + num(bound));
        ctx.fact("largest_converging_lr", sw.largestConverging(), "sweep of " + sw.points().size() + " rates, " + steps
                + " steps each: the largest that converged is " + num(sw.largestConverging()) + ", the smallest that "
                + "diverged " + num(sw.smallestDiverging()));
        ctx.fact("fastest_lr", fastest, "the fastest rate in the sweep is " + num(fastest) + " (theory: 2/(λmin+λmax) = "
                + num(best) + ")");
        int n = sw.points().size();
        double[] x = new double[n];
        double[] st = new double[n];
        double[] slow = new double[n];
        double[] blew = new double[n];
        double[] fl = new double[n];
        for (int i = 0; i < n; i++) {
            LrSweep.Point p = sw.points().get(i);
            x[i] = p.lr();
            st[i] = p.stepsToTolerance() < 0 ? Double.NaN : p.stepsToTolerance();
            boolean diverged = p.diagnosis().verdict() == Diagnosis.Verdict.DIVERGED;
            slow[i] = p.stepsToTolerance() < 0 && !diverged ? steps : Double.NaN;
            blew[i] = diverged ? steps : Double.NaN;
            fl[i] = p.result().lastLoss();
        }
        LinePlot stepsPlot = new LinePlot().size(460, 380).title("steps to within " + TOL).labels("learning rate", "steps")
                .logX(true).logY(true).series(new Series("converged", x, st))
                .scatter(new Series("not within " + steps + " steps", x, slow))
                .scatter(new Series("diverged", x, blew))
                .verticalLine(bound, "2/λmax");
        LinePlot lossPlot = new LinePlot().size(460, 380).title("loss after " + steps + " steps (or when it blew up)")
                .labels("learning rate", "f").logX(true).logY(true).markers(true).series(new Series("GD", x, fl))
                .verticalLine(bound, "2/λmax");
        ctx.report().paragraph("The notes: “steps too large make you fall, steps too small make you slow”. On the ravine "
                + "½(x² + " + (int) KAPPA + "y²), gradient descent multiplies the error along y by (1 − " + (int) KAPPA
                + "·lr) each step: for lr above 1/" + (int) KAPPA + " it overshoots (zig-zag), above 2/" + (int) KAPPA
                + " the overshoot grows and the run diverges.");
        ctx.picture("sweep.png", new Panels(2).add(stepsPlot).add(lossPlot), "Learning-rate sweep (" + n + " rates, "
                + steps + " steps each) with 2/λmax = " + num(bound) + " marked: below " + num(x[firstConverged(st)])
                + " the run does not get within " + TOL + " in " + steps + " steps; above, the steps needed fall as lr "
                + "grows, down to " + (int) min(st) + " at lr " + num(fastest) + " (theory's best constant rate: "
                + "2/(λmin+λmax) = " + num(best) + "); beyond 2/λmax every run diverges and the loss explodes.");

        double[] rates = {bound / 40, fastest, 0.95 * bound, 1.05 * bound};
        String[] labels = {"too small", "about right", "too large", "diverging"};
        List<double[]> in = new ArrayList<>();
        for (double r : rates) {
            in.add(new double[] {r});
        }
        int shown = 60;
        List<RunResult> runs = Parallel.map(in, r -> new Run(f, START, SGD.withLr(r[0]), DType.FLOAT64, shown, 0,
                Double.POSITIVE_INFINITY).execute());
        Grid grid = TourPlots.grid(f, f.function().get().domain(), ctx.budget(141, 61));
        Panels four = new Panels(2);
        List<Diagnosis> diags = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RunResult r = runs.get(i);
            Diagnosis d = Diagnosis.of(r);
            diags.add(d);
            four.add(new ContourPlot(grid).size(440, 300).title(labels[i] + ": lr " + num(rates[i]) + " = "
                            + String.format(java.util.Locale.ROOT, "%.2f", rates[i] / bound) + "·2/λmax")
                    .levels(10).trajectory(TourPlots.path("lr " + num(rates[i]), r)).points(TourPlots.markers(f, false))
                    .legend(false));
            ctx.fact("run_" + labels[i].replace(' ', '_'), d.verdict().label(), labels[i] + " (lr " + num(rates[i])
                    + ", " + shown + " steps): " + d.message());
        }
        ctx.picture("four.png", four, "The four regimes after " + shown + " steps each, from the same start: "
                + diags.get(0).verdict().label() + ", " + diags.get(1).verdict().label() + ", "
                + diags.get(2).verdict().label() + ", " + diags.get(3).verdict().label() + " (the diagnoses of the runs).");

        // just below and just above the bound
        LrSweep.Result edge = new LrSweep(f, START, SGD.defaults()).rates(0.98 * bound, 1.02 * bound).steps(2000)
                .tolerance(TOL).run();
        Diagnosis below = edge.points().get(0).diagnosis();
        Diagnosis above = edge.points().get(1).diagnosis();
        ctx.fact("edge_below", below.verdict().label(), "lr = 0.98 × 2/λmax: " + below.message());
        ctx.fact("edge_above", above.verdict().label(), "lr = 1.02 × 2/λmax: " + above.message());
        RunResult small = runs.get(0);
        RunResult right = runs.get(1);
        ctx.claim("a learning rate that is too small converges very slowly", sw.points().getFirst().stepsToTolerance() < 0
                        && RunResult.distance(small.last(), new double[] {0, 0}) > 10 * RunResult.distance(right.last(),
                        new double[] {0, 0}),
                "after " + shown + " steps lr " + num(rates[0]) + " is still " + num(RunResult.distance(small.last(),
                        new double[] {0, 0})) + " from the minimum, lr " + num(rates[1]) + " " + num(RunResult.distance(
                        right.last(), new double[] {0, 0})));
        double rightDist = RunResult.distance(right.last(), new double[] {0, 0});
        ctx.claim("a suitable learning rate approaches the minimum efficiently", rightDist <= TOL,
                "lr " + num(rates[1]) + " (the fastest of the sweep) is " + num(rightDist) + " from the minimum after "
                        + shown + " steps: " + diags.get(1).verdict().label()
                        + (rates[1] > 1 / lamMax ? "; above 1/λmax = " + num(1 / lamMax) + " it still zig-zags a little "
                        + "across the valley on the way" : ""));
        ctx.claim("a learning rate that is too large oscillates around the minimum", flips(runs.get(2)) >= 15,
                "lr " + num(rates[2]) + ": y changed sign in " + flips(runs.get(2)) + " of 20 steps");
        ctx.claim("a learning rate just above 2/λmax diverges, just below converges",
                above.verdict() == Diagnosis.Verdict.DIVERGED && below.converged(),
                "0.98 × 2/λmax: " + below.verdict().label() + "; 1.02 × 2/λmax: " + above.verdict().label());
    }

    private static int firstConverged(double[] st) {
        for (int i = 0; i < st.length; i++) {
            if (!Double.isNaN(st[i])) {
                return i;
            }
        }
        return 0;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            if (d < m) {
                m = d;
            }
        }
        return m;
    }

    private static int flips(RunResult r) {
        int n = 0;
        for (int k = 1; k <= 20 && k < r.rows(); k++) {
            if (Math.signum(r.coordinate(k, 1)) != Math.signum(r.coordinate(k - 1, 1))) {
                n++;
            }
        }
        return n;
    }
}
