package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.sweep.Parallel;
import dev.descent.optim.SGD;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.LinePlot;
import dev.descent.report.Panels;
import dev.descent.report.Series;
import dev.descent.report.Trajectory;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * (c) The notes' second example: J(θ1, θ2) = θ1² + θ2² with ∇J = (2θ1, 2θ2), so each step is
 * θ ← θ − α·2θ = (1 − 2α)θ. From a ring of eight starts gradient descent reaches (0, 0), and the
 * measured contraction per step is 1 − 2α.
 */
final class BowlSection implements TourSection {
    static final double LR = 0.1;
    static final double RADIUS = 1.8;

    @Override
    public String id() {
        return "c-bowl";
    }

    @Override
    public String title() {
        return "(c) Gradient descent on the bowl θ1² + θ2²";
    }

    @Override
    public void run(TourContext ctx) {
        Objective bowl = Objective.function("bowl");
        int starts = 8;
        int steps = 60;
        List<double[]> ring = new ArrayList<>();
        for (int k = 0; k < starts; k++) {
            double a = 2 * Math.PI * k / starts + Math.PI / 8;
            ring.add(new double[] {RADIUS * Math.cos(a), RADIUS * Math.sin(a)});
        }
        List<RunResult> runs = Parallel.map(ring, s -> new Run(bowl, s, SGD.withLr(LR), DType.FLOAT64, steps, 0,
                Double.POSITIVE_INFINITY).execute());
        // the update rule as the notes write it: ∇J = (2θ1, 2θ2)
        double gradErr = 0;
        double worstEnd = 0;
        int converged = 0;
        for (RunResult r : runs) {
            for (int k = 0; k < r.rows(); k++) {
                double[] g = r.gradient(k);
                gradErr = Math.max(gradErr, Math.max(Math.abs(g[0] - 2 * r.coordinate(k, 0)),
                        Math.abs(g[1] - 2 * r.coordinate(k, 1))));
            }
            worstEnd = Math.max(worstEnd, Math.hypot(r.last()[0], r.last()[1]));
            if (Diagnosis.of(r).verdict() == Diagnosis.Verdict.CONVERGED) {
                converged++;
            }
        }
        RunResult first = runs.getFirst();
        double ratio = Math.hypot(first.coordinate(10, 0), first.coordinate(10, 1))
                / Math.hypot(first.coordinate(9, 0), first.coordinate(9, 1));
        ctx.fact("lr", LR, null);
        ctx.fact("gradient_rule_error", gradErr, "autograd's gradient equals (2θ1, 2θ2) at every visited point "
                + "(largest difference " + num(gradErr) + ")");
        ctx.fact("contraction_per_step", ratio, "each step multiplies θ by " + num(ratio) + " (1 − 2α = " + num(1 - 2 * LR)
                + ")");
        ctx.fact("starts_converged", converged, converged + " of " + starts + " starts on the circle of radius " + RADIUS
                + " converge to (0, 0); the farthest ends " + num(worstEnd) + " from it after " + steps + " steps");

        Grid grid = TourPlots.grid(bowl, bowl.function().get().domain(), ctx.budget(161, 61));
        List<Trajectory> paths = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            paths.add(TourPlots.path("start " + (i + 1), runs.get(i)));
        }
        ContourPlot contour = new ContourPlot(grid).size(520, 470).title("GD (lr " + LR + ") from 8 starts")
                .trajectories(paths).points(TourPlots.markers(bowl, false)).legend(false);
        LinePlot loss = new LinePlot().size(460, 470).title("J per step (log scale)").labels("step", "J(θ)").logY(true)
                .series(Series.ofSteps("start 1", TourPlots.above(first.losses(), 1e-20)));
        ctx.report().paragraph("The notes update each parameter with its own partial derivative: θ1 := θ1 − α·2θ1 and "
                + "θ2 := θ2 − α·2θ2. Here one Optimizer with the SGD algorithm (lr " + LR + ") does exactly that to the "
                + "two coordinates, which are the parameters of a two-parameter module.");
        ctx.picture("ring.png", new Panels(2).add(contour).add(loss), "Eight starts, eight straight paths into (0, 0); "
                + "the loss falls by the factor (1 − 2α)² = " + num((1 - 2 * LR) * (1 - 2 * LR))
                + " per step, a straight line on the log scale.");
        ctx.claim("∇J = (2θ1, 2θ2), and the update moves each θi by −α·2θi", gradErr <= 1e-12,
                "autograd vs 2θ: largest difference " + num(gradErr));
        ctx.claim("from any start, gradient descent on the bowl reaches the minimum (0, 0)", converged == starts,
                converged + " of " + starts + " converged; contraction " + num(ratio) + " per step");
    }
}
