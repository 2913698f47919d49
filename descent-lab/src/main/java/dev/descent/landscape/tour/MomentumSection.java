package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.functions.DescentDemo;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.sweep.BasinMap;
import dev.descent.landscape.sweep.MomentumSweep;
import dev.descent.landscape.sweep.Tolerance;
import dev.descent.optim.Momentum;
import dev.descent.optim.SGD;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.HeatMap;
import dev.descent.report.LinePlot;
import dev.descent.report.Panels;
import dev.descent.report.Series;
import dev.descent.tensor.DType;
import java.util.List;

/**
 * (i) Momentum carries the run through a shallow pit into a deeper one: on the 1-D two-pits demo
 * and on the 2-D two-basins demo, plain gradient descent stops in the shallow minimum and SGD with
 * momentum 0.9 ends in the deep one; over a whole grid of starts, momentum reaches the deep basin
 * more often. Its own limit: heavy ball is stable only for lr &lt; (2+2β)/λmax, measured on a β × lr grid.
 */
final class MomentumSection implements TourSection {
    static final double[] RAVINE_START = {-1.6, 0.6};

    @Override
    public String id() {
        return "i-momentum";
    }

    @Override
    public String title() {
        return "(i) Momentum rolls through a shallow pit";
    }

    @Override
    public void run(TourContext ctx) {
        // 1-D
        Objective pits = Objective.function("two-pits");
        DescentDemo demo = pits.function().get().demo().orElseThrow();
        RunResult gd = new Run(pits, demo.start(), SGD.withLr(demo.lr()), DType.FLOAT64, demo.steps(), 0,
                Double.POSITIVE_INFINITY).execute();
        RunResult mom = new Run(pits, demo.start(), Momentum.of(demo.lr(), demo.momentum()), DType.FLOAT64, demo.steps(),
                0, Double.POSITIVE_INFINITY).execute();
        Diagnosis dg = Diagnosis.of(gd);
        Diagnosis dm = Diagnosis.of(mom);
        CriticalPoint hump = pits.criticalPoints().stream().filter(p -> p.type() == PointType.MAXIMUM).findFirst()
                .orElseThrow();
        int crossed = mom.firstRow(k -> mom.coordinate(k, 0) < hump.coordinate(0));
        ctx.fact("two_pits_gd_end", gd.last()[0], "two-pits " + pits.expression() + " from x = "
                + num(demo.start()[0]) + ", lr " + num(demo.lr()) + ": GD " + dg.message());
        ctx.fact("two_pits_momentum_end", mom.last()[0], "SGD with momentum " + num(demo.momentum()) + ": " + dm.message());
        ctx.fact("two_pits_momentum_crossed_at", crossed, "momentum passes the hump at x = " + num(hump.coordinate(0))
                + " at step " + crossed + "; GD never does");
        double[] ks = TourPlots.steps(gd.rows());
        CriticalPoint shallow = pits.criticalPoints().get(2);
        CriticalPoint deep = pits.criticalPoints().get(0);
        double[] flatS = new double[ks.length];
        double[] flatD = new double[ks.length];
        java.util.Arrays.fill(flatS, shallow.coordinate(0));
        java.util.Arrays.fill(flatD, deep.coordinate(0));
        int show = Math.min(gd.rows(), 150);
        LinePlot xs = new LinePlot().size(480, 380).title("x per step").labels("step", "x")
                .series(new Series("GD", java.util.Arrays.copyOf(ks, show), java.util.Arrays.copyOf(gd.coordinates(0), show)))
                .series(new Series("momentum " + num(demo.momentum()), java.util.Arrays.copyOf(ks, show),
                        java.util.Arrays.copyOf(mom.coordinates(0), show)))
                .series(new Series("shallow pit x = " + num(shallow.coordinate(0)), java.util.Arrays.copyOf(ks, show),
                        java.util.Arrays.copyOf(flatS, show)))
                .series(new Series("deep pit x = " + num(deep.coordinate(0)), java.util.Arrays.copyOf(ks, show),
                        java.util.Arrays.copyOf(flatD, show)));
        double[] cx = Grid.linspace(-1.7, 2.1, 200);
        double[] cy = new double[cx.length];
        for (int i = 0; i < cx.length; i++) {
            cy[i] = pits.valueAt(cx[i]);
        }
        LinePlot curve = new LinePlot().size(480, 380).title("f(x) = " + pits.expression()).labels("x", "f(x)")
                .series(new Series("f", cx, cy))
                .scatter(new Series("GD ends", new double[] {gd.last()[0]}, new double[] {gd.lastLoss()}))
                .scatter(new Series("momentum ends", new double[] {mom.last()[0]}, new double[] {mom.lastLoss()}))
                .verticalLine(demo.start()[0], "start");
        ctx.report().paragraph("The notes' last picture: an optimizer with momentum does not stop in the first small pit "
                + "it meets, but keeps rolling and finds a deeper one. Here the same Optimizer with SGD and with SGD + "
                + "momentum " + num(demo.momentum()) + " (PyTorch's heavy ball: b ← βb + g, θ ← θ − lr·b), same lr "
                + num(demo.lr()) + ", same start:");
        ctx.picture("two-pits.png", new Panels(2).add(curve).add(xs), "Two pits: GD settles at x = " + num(gd.last()[0])
                + " (f = " + num(gd.lastLoss()) + "); momentum overshoots it, crosses the hump at step " + crossed
                + " and settles at x = " + num(mom.last()[0]) + " (f = " + num(mom.lastLoss()) + ").");

        // 2-D
        Objective tb = Objective.function("two-basins");
        DescentDemo d2 = tb.function().get().demo().orElseThrow();
        RunResult gd2 = new Run(tb, d2.start(), SGD.withLr(d2.lr()), DType.FLOAT64, d2.steps(), 0,
                Double.POSITIVE_INFINITY).execute();
        RunResult mom2 = new Run(tb, d2.start(), Momentum.of(d2.lr(), d2.momentum()), DType.FLOAT64, d2.steps(), 0,
                Double.POSITIVE_INFINITY).execute();
        Diagnosis dg2 = Diagnosis.of(gd2);
        Diagnosis dm2 = Diagnosis.of(mom2);
        ctx.fact("two_basins_gd", dg2.verdict().label(), "two-basins from " + TourContext.pt(d2.start()) + ", lr "
                + num(d2.lr()) + ": GD " + dg2.message());
        ctx.fact("two_basins_momentum", dm2.verdict().label(), "momentum " + num(d2.momentum()) + ": " + dm2.message());
        Grid g2 = TourPlots.grid(tb, tb.function().get().domain(), ctx.budget(161, 61));
        ContourPlot c2 = new ContourPlot(g2).size(640, 540).title("two-basins: GD vs momentum from "
                        + TourContext.pt(d2.start()))
                .trajectory(TourPlots.path("momentum " + num(d2.momentum()), mom2)).trajectory(TourPlots.path("GD", gd2))
                .points(TourPlots.markers(tb, false));
        ctx.picture("two-basins.png", c2, "GD stops in the shallow basin; momentum overshoots the saddle and settles "
                + "in the deep one.");

        BasinMap.Result bg = BasinsSection.twoBasinsGd(ctx);
        BasinMap.Result bm = BasinsSection.twoBasinsMomentum(ctx);
        double gdDeep = bg.fractions()[0];
        double momDeep = bm.fractions()[0];
        ctx.fact("deep_basin_share_gd", gdDeep, "over " + bg.starts() + " starts, the deep basin is reached by "
                + num(100 * gdDeep) + "% of GD runs and " + num(100 * momDeep) + "% of momentum runs");
        ctx.fact("deep_basin_share_momentum", momDeep, null);
        int gridN = ctx.budget(121, 61);
        List<String> names = List.of("deep " + BasinMap.name(bg.minima().get(0)), "shallow " + BasinMap.name(bg.minima()
                .get(1)));
        ctx.picture("basins.png", new Panels(2)
                        .add(BasinsSection.picture(bg, names, "GD: " + num(100 * gdDeep) + "% reach the deep basin",
                                560, 440, gridN))
                        .add(BasinsSection.picture(bm, names, "momentum 0.9: " + num(100 * momDeep) + "%", 560, 440,
                                gridN)),
                "Basin maps of the same lr with and without momentum: momentum moves the boundary, sending more "
                        + "starts to the deep basin.");

        // the price: a stability limit
        Objective ravine = Objective.function("ravine");
        double[] betas = Tolerance.linspace(0, 0.95, ctx.budget(16, 5));
        MomentumSweep.Result ms = new MomentumSweep(ravine, RAVINE_START).momenta(betas)
                .range(3e-3, 0.1, ctx.budget(30, 10)).steps(ctx.budget(300, 200)).run();
        double[] bound = ms.theoreticalBound();
        double[] stable = ms.largestStable();
        double[] div = ms.smallestDiverging();
        double spacing = Math.pow(0.1 / 3e-3, 1.0 / (ms.lrs().length - 1));
        int consistent = 0;
        for (int i = 0; i < betas.length; i++) {
            boolean okBelow = Double.isNaN(stable[i]) || stable[i] <= bound[i] * 1.0000001;
            boolean okAbove = Double.isNaN(div[i]) || div[i] >= bound[i] / 1.0000001;
            boolean tight = !Double.isNaN(div[i]) && !Double.isNaN(stable[i]) && div[i] / stable[i] <= spacing * 1.0001;
            if (okBelow && okAbove && tight) {
                consistent++;
            }
        }
        ctx.fact("momentum_sweep_lambda_max", ms.lambdaMax(), "heavy ball on the κ = 100 ravine over " + betas.length
                + " β × " + ms.lrs().length + " lr: for " + consistent + " of " + betas.length + " β the measured edge "
                + "between converging and diverging lies between neighbouring grid rates around (2+2β)/λmax (λmax = "
                + num(ms.lambdaMax()) + ")");
        ctx.fact("momentum_sweep_consistent", consistent, null);
        double[] bx = new double[betas.length];
        for (int i = 0; i < betas.length; i++) {
            bx[i] = bound[i];
        }
        double[][] m = ms.stepsMatrix();
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                // diverged: no colour; not within tolerance in the budget: the top of the scale
                row[j] = Double.isInfinite(row[j]) ? Double.NaN : Double.isNaN(row[j]) ? ms.steps() : row[j];
            }
        }
        HeatMap hm = new HeatMap(ms.lrs(), betas, m).size(720, 480).title("heavy ball on the ravine κ = 100: steps to "
                        + "within 0.001").labels("learning rate", "momentum β", "steps").logAxes(true, false)
                .logValues(true).nonFiniteLabel("diverged")
                .curve(new Series("(2+2β)/λmax", bx, betas));
        ctx.picture("stability.png", hm, "Stability map of heavy-ball momentum: colour = steps to tolerance (" + ms.steps()
                + ": not there within the budget), dark grey = diverged; the dashed line is the theoretical limit (2+2β)/λmax, computed from the "
                + "Hessian. More momentum allows larger steps, up to twice GD's 2/λmax.");

        ctx.claim("momentum carries the run through a shallow pit into a deeper one",
                dg.verdict() == Diagnosis.Verdict.LOCAL_MINIMUM && dm.verdict() == Diagnosis.Verdict.CONVERGED
                        && dg2.verdict() == Diagnosis.Verdict.LOCAL_MINIMUM && dm2.verdict() == Diagnosis.Verdict.CONVERGED,
                "1-D: GD " + dg.verdict().label() + " at x = " + num(gd.last()[0]) + ", momentum " + dm.verdict().label()
                        + " at x = " + num(mom.last()[0]) + "; 2-D: GD " + dg2.verdict().label() + ", momentum "
                        + dm2.verdict().label());
        ctx.claim("with momentum more starts reach the deep basin", momDeep > gdDeep,
                num(100 * momDeep) + "% vs " + num(100 * gdDeep) + "% of " + bg.starts() + " starts");
        ctx.claim("heavy-ball momentum is stable exactly up to lr = (2+2β)/λmax", consistent == betas.length,
                consistent + " of " + betas.length + " momentum values agree with the bound within one grid step");
    }
}
