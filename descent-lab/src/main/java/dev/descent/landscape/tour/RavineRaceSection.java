package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.run.Stability;
import dev.descent.landscape.sweep.LrSweep;
import dev.descent.landscape.sweep.Race;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Momentum;
import dev.descent.optim.RMSprop;
import dev.descent.optim.SGD;
import dev.descent.report.Animation;
import dev.descent.report.BarChart;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.LinePlot;
import dev.descent.report.Panels;
import dev.descent.report.Series;
import dev.descent.report.Trajectory;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (e) The ravine race. On the ill-conditioned quadratic ½(x² + 100y²) (κ = 100) and on Rosenbrock's
 * valley, SGD, Momentum, Adagrad, RMSprop and Adam race from one start, each at the learning rate a
 * sweep found fastest for it; steps to tolerance as bars, the race as a GIF. Then the contraction
 * rates: plain GD at its best constant lr shrinks the error by (κ − 1)/(κ + 1) per step, heavy-ball
 * momentum at its best (α, β) by (√κ − 1)/(√κ + 1), measured here from the runs.
 */
final class RavineRaceSection implements TourSection {
    static final double KAPPA = 100;
    static final double[] START = {-1.6, 0.6};
    static final double[] ROSEN_START = {-1.5, 2};
    static final double TOL = 1e-3;

    @Override
    public String id() {
        return "e-ravine-race";
    }

    @Override
    public String title() {
        return "(e) The ravine race: SGD zig-zags, momentum and adaptive steps do not";
    }

    private static Map<String, Algorithm> racers() {
        Map<String, Algorithm> m = new LinkedHashMap<>();
        m.put("SGD", SGD.defaults());
        m.put("Momentum", Momentum.defaults());
        m.put("Adagrad", Adagrad.defaults());
        m.put("RMSprop", RMSprop.defaults());
        m.put("Adam", Adam.defaults());
        return m;
    }

    /**
     * The race: each racer at the learning rate its own sweep found fastest (its default when no
     * rate of the grid arrived); the race's runs are the sweep's runs at those rates.
     */
    private static Race.Result tunedRace(Objective f, double[] start, double lo, double hi, int n, int steps) {
        List<Race.Entry> entries = new ArrayList<>();
        racers().forEach((name, a) -> {
            LrSweep.Result r = new LrSweep(f, start, a).range(lo, hi, n).steps(steps).tolerance(TOL).run();
            double lr = r.fastest();
            LrSweep.Point p = r.points().stream().filter(q -> q.lr() == lr).findFirst().orElse(null);
            if (p == null) {
                Race.Result alone = new Race(f, start).add(name, a).steps(steps).tolerance(TOL).run();
                entries.add(alone.entries().getFirst());
            } else {
                entries.add(new Race.Entry(name, p.result().algorithm(), p.result(), p.diagnosis(), p.stepsToTolerance()));
            }
        });
        return new Race.Result(f, start, steps, TOL, entries);
    }

    @Override
    public void run(TourContext ctx) {
        Objective ravine = Objective.function("ravine:kappa=" + (int) KAPPA);
        int steps = ctx.budget(600, 500);
        Race.Result res = tunedRace(ravine, START, 1e-3, 1, ctx.budget(25, 13), steps);
        ctx.report().paragraph("The ravine ½(x² + " + (int) KAPPA + "y²) is " + (int) KAPPA + " times steeper across (y) "
                + "than along (x): its condition number is κ = " + (int) KAPPA + ". Each optimizer runs from "
                + TourContext.pt(START) + " with the learning rate that reached the minimum (within " + TOL + ") fastest "
                + "in a sweep of " + ctx.budget(25, 13) + " log-spaced rates from 0.001 to 1; every run uses the same "
                + "Optimizer class, only the Algorithm differs.");
        List<String> names = new ArrayList<>();
        double[] stepsTo = new double[res.entries().size()];
        List<Trajectory> paths = new ArrayList<>();
        List<Series> losses = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < res.entries().size(); i++) {
            Race.Entry e = res.entries().get(i);
            names.add(e.label());
            stepsTo[i] = e.stepsToTolerance() < 0 ? Double.NaN : e.stepsToTolerance();
            paths.add(TourPlots.path(e.label() + " lr " + num(e.algorithm().lr()), e.result()));
            losses.add(Series.ofSteps(e.label(), TourPlots.above(e.result().losses(), 1e-16)));
            rows.add(List.of(e.label(), e.algorithm().lr(), e.stepsToTolerance() < 0 ? "not reached" : e.stepsToTolerance(),
                    e.result().lastLoss(), e.diagnosis().verdict().label()));
            ctx.fact("ravine_" + e.label().toLowerCase() + "_lr", e.algorithm().lr(), null);
            ctx.fact("ravine_" + e.label().toLowerCase() + "_steps", e.stepsToTolerance(), e.label() + " (lr "
                    + num(e.algorithm().lr()) + "): " + (e.stepsToTolerance() < 0 ? "did not settle within " + TOL
                    : e.stepsToTolerance() + " steps to within " + TOL + " of the minimum"));
        }
        Grid grid = TourPlots.grid(ravine, ravine.function().get().domain(), ctx.budget(161, 61));
        ContourPlot contour = new ContourPlot(grid).size(720, 420).title("ravine κ = " + (int) KAPPA + ": the race")
                .logLevels(4).trajectories(paths).points(TourPlots.markers(ravine, false));
        ctx.picture("paths.png", contour, "The five paths. SGD bounces from wall to wall across the narrow direction, "
                + "then crawls along the floor; the others head for the minimum.");
        int frames = ctx.budget(40, 6);
        ctx.animation("race.gif", Animation.race(contour).maxFrames(frames).timing(90, 2000),
                "The race, step by step (" + frames + " frames, about every " + Math.round(steps / (frames - 1.0))
                        + "th step).");
        BarChart bars = new BarChart(names, stepsTo).size(560, 360).title("steps to within " + TOL + " of the minimum")
                .labels("optimizer (at its fastest lr)", "steps");
        LinePlot lossPlot = new LinePlot().size(560, 360).title("loss per step").labels("step", "f").logY(true)
                .series(losses);
        ctx.picture("steps.png", new Panels(2).add(bars).add(lossPlot), "Steps to tolerance on the ravine (left) and "
                + "the loss curves (right, log scale).");
        ctx.report().table(List.of("optimizer", "lr (fastest in sweep)", "steps to " + TOL, "final loss", "verdict"), rows,
                "Ravine κ = " + (int) KAPPA + ", " + steps + " steps, start " + TourContext.pt(START));

        // zig-zag: how often does SGD's y change sign?
        Race.Entry sgd = res.entries().get(0);
        int window = 30;
        int flips = 0;
        for (int k = 1; k <= window; k++) {
            if (Math.signum(sgd.result().coordinate(k, 1)) != Math.signum(sgd.result().coordinate(k - 1, 1))) {
                flips++;
            }
        }
        int sgdSteps = sgd.stepsToTolerance();
        int bestOther = Integer.MAX_VALUE;
        String bestName = "";
        for (Race.Entry e : res.entries().subList(1, res.entries().size())) {
            if (e.stepsToTolerance() >= 0 && e.stepsToTolerance() < bestOther) {
                bestOther = e.stepsToTolerance();
                bestName = e.label();
            }
        }
        int momSteps = res.entries().get(1).stepsToTolerance();
        ctx.fact("sgd_y_sign_flips", flips, "SGD's y changed sign in " + flips + " of its first " + window
                + " steps: it zig-zags across the ravine");

        // the theory's rates, measured
        double lamMin = 1;
        double lamMax = KAPPA;
        double gdLr = Stability.optimalGdLr(lamMin, lamMax);
        double hbLr = Stability.optimalHeavyBallLr(lamMin, lamMax);
        double hbBeta = Stability.optimalHeavyBallMomentum(KAPPA);
        RunResult gd = new Run(ravine, START, SGD.withLr(gdLr), DType.FLOAT64, 400, 0, Double.POSITIVE_INFINITY).execute();
        RunResult hb = new Run(ravine, START, Momentum.of(hbLr, hbBeta), DType.FLOAT64, 400, 0, Double.POSITIVE_INFINITY)
                .execute();
        double gdRate = rate(gd, 50, 350);
        double hbRate = rate(hb, 50, 150);
        double gdTheory = Stability.optimalGdRate(KAPPA);
        double hbTheory = Stability.optimalHeavyBallRate(KAPPA);
        ctx.fact("gd_rate_measured", gdRate, "GD at its best lr 2/(λmin+λmax) = " + num(gdLr) + ": error shrinks by "
                + num(gdRate) + " per step (theory (κ−1)/(κ+1) = " + num(gdTheory) + ")");
        ctx.fact("heavy_ball_rate_measured", hbRate, "heavy ball at its best lr " + num(hbLr) + ", β " + num(hbBeta)
                + ": by " + num(hbRate) + " per step (theory (√κ−1)/(√κ+1) = " + num(hbTheory) + ")");
        ctx.fact("gd_rate_theory", gdTheory, null);
        ctx.fact("heavy_ball_rate_theory", hbTheory, null);
        double[] ks = TourPlots.steps(gd.rows());
        double[] eg = new double[gd.rows()];
        double[] eh = new double[hb.rows()];
        double[] tg = new double[gd.rows()];
        double[] th = new double[hb.rows()];
        double e0 = Math.hypot(START[0], START[1]);
        for (int k = 0; k < gd.rows(); k++) {
            eg[k] = Math.hypot(gd.coordinate(k, 0), gd.coordinate(k, 1));
            eh[k] = Math.hypot(hb.coordinate(k, 0), hb.coordinate(k, 1));
            tg[k] = e0 * Math.pow(gdTheory, k);
            th[k] = e0 * Math.pow(hbTheory, k);
        }
        LinePlot ratePlot = new LinePlot().size(720, 380).title("distance to the minimum: GD vs heavy ball, each at its "
                        + "optimal constants").labels("step", "|θ − θ*|").logY(true)
                .series(new Series("theory (κ−1)/(κ+1) per step", ks, TourPlots.above(tg, 1e-14)))
                .series(new Series("theory (√κ−1)/(√κ+1) per step", ks, TourPlots.above(th, 1e-14)))
                .series(new Series("GD, lr " + num(gdLr), ks, TourPlots.above(eg, 1e-14)))
                .series(new Series("heavy ball, lr " + num(hbLr) + ", β " + num(hbBeta), ks, TourPlots.above(eh, 1e-14)));
        ctx.picture("rates.svg", ratePlot, "Measured error against the theoretical rates: GD " + num(gdRate) + " vs "
                + num(gdTheory) + " per step; heavy ball " + num(hbRate) + " vs " + num(hbTheory) + ".");

        // Rosenbrock
        Objective rosen = Objective.function("rosenbrock");
        int rsteps = ctx.budget(3000, 600);
        Race.Result rres = tunedRace(rosen, ROSEN_START, 1e-4, 0.3, ctx.budget(10, 5), rsteps);
        List<Trajectory> rpaths = new ArrayList<>();
        double[] rsteps2 = new double[rres.entries().size()];
        List<List<Object>> rrows = new ArrayList<>();
        for (int i = 0; i < rres.entries().size(); i++) {
            Race.Entry e = rres.entries().get(i);
            rpaths.add(TourPlots.path(e.label() + " lr " + num(e.algorithm().lr()), e.result()));
            rsteps2[i] = e.stepsToTolerance() < 0 ? Double.NaN : e.stepsToTolerance();
            rrows.add(List.of(e.label(), e.algorithm().lr(), e.stepsToTolerance() < 0 ? "not reached" : e.stepsToTolerance(),
                    e.result().lastLoss(), e.diagnosis().verdict().label()));
            ctx.fact("rosenbrock_" + e.label().toLowerCase() + "_steps", e.stepsToTolerance(), "Rosenbrock, " + e.label()
                    + " (lr " + num(e.algorithm().lr()) + "): " + (e.stepsToTolerance() < 0 ? "not within " + TOL
                    + " of (1, 1) after " + rsteps + " steps (" + e.diagnosis().verdict().label() + ")"
                    : e.stepsToTolerance() + " steps"));
        }
        ContourPlot rc = new ContourPlot(TourPlots.grid(rosen, rosen.function().get().domain(), ctx.budget(181, 61)))
                .size(520, 470).title("Rosenbrock: the race").logLevels(5).trajectories(rpaths)
                .points(TourPlots.markers(rosen, false));
        BarChart rb = new BarChart(names, rsteps2).size(440, 470).title("steps to within " + TOL + " of (1, 1)")
                .labels("optimizer", "steps");
        double[] eig = rosen.derivatives(1, 1).eigenvalues();
        ctx.fact("rosenbrock_condition_number", eig[1] / eig[0], "Rosenbrock's Hessian at (1, 1) has eigenvalues "
                + num(eig[0]) + " and " + num(eig[1]) + ": condition number " + num(eig[1] / eig[0]));
        ctx.report().paragraph("Rosenbrock's valley is curved and flat along its floor: at the minimum the Hessian's "
                + "eigenvalues are " + num(eig[0]) + " and " + num(eig[1]) + " (κ = " + num(eig[1] / eig[0]) + "). The "
                + "same five optimizers, each tuned the same way (" + ctx.budget(10, 5) + " rates, " + rsteps
                + " steps), from " + TourContext.pt(ROSEN_START) + ":");
        ctx.picture("rosenbrock.png", new Panels(2).add(rc).add(rb), "The race on Rosenbrock's valley. Empty slots: "
                + "the optimizer did not settle within " + TOL + " of (1, 1) in " + rsteps + " steps at any rate tried.");
        ctx.report().table(List.of("optimizer", "lr", "steps to " + TOL, "final loss", "verdict"), rrows,
                "Rosenbrock from " + TourContext.pt(ROSEN_START) + ", " + rsteps + " steps");

        ctx.claim("plain SGD oscillates from side to side of a ravine", flips >= window * 3 / 4,
                "its y coordinate changed sign in " + flips + " of the first " + window + " steps");
        ctx.claim("Momentum, Adagrad, RMSprop and Adam reach the minimum faster than SGD",
                res.entries().subList(1, res.entries().size()).stream().allMatch(e -> e.stepsToTolerance() >= 0
                        && (sgdSteps < 0 || e.stepsToTolerance() < sgdSteps)),
                "steps to " + TOL + ": SGD " + (sgdSteps < 0 ? "never" : sgdSteps) + ", Momentum " + momSteps + ", fastest "
                        + bestName + " " + bestOther + " (on this axis-aligned ravine the per-coordinate step sizes of "
                        + "Adagrad/RMSprop/Adam undo the conditioning)");
        ctx.claim("momentum converges at (√κ−1)/(√κ+1) per step where GD manages only (κ−1)/(κ+1)",
                Math.abs(gdRate - gdTheory) < 0.01 && Math.abs(hbRate - hbTheory) < 0.03 && hbRate < gdRate,
                "measured " + num(hbRate) + " vs " + num(gdRate) + " (theory " + num(hbTheory) + " vs " + num(gdTheory) + ")");
    }

    /** The geometric-mean contraction of |θ| from row a to row b. */
    static double rate(RunResult r, int a, int b) {
        double ea = Math.hypot(r.coordinate(a, 0), r.coordinate(a, 1));
        double eb = Math.hypot(r.coordinate(b, 0), r.coordinate(b, 1));
        return Math.pow(eb / ea, 1.0 / (b - a));
    }
}
