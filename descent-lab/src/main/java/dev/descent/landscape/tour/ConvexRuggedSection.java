package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.sweep.Parallel;
import dev.descent.optim.SGD;
import dev.descent.report.ContourPlot;
import dev.descent.report.Panels;
import dev.descent.report.Trajectory;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * (d) Convex versus rugged: the same gradient descent from a dozen random starts (seeded) on the
 * convex bowl, on Rastrigin's egg crate and on Ackley's function. On the bowl every run ends at the
 * global minimum; on the rugged ones the runs end in many different local minima.
 */
final class ConvexRuggedSection implements TourSection {

    /** One landscape of the comparison. */
    private record Case(String function, double lr, int steps) {}

    /** Its outcome. */
    private record Outcome(Case c, Objective f, List<RunResult> runs, int distinct, int atGlobal, int converged) {}

    @Override
    public String id() {
        return "d-convex-rugged";
    }

    @Override
    public String title() {
        return "(d) Convex bowl versus rugged landscapes";
    }

    @Override
    public void run(TourContext ctx) {
        int starts = ctx.budget(12, 6);
        List<Case> cases = List.of(new Case("bowl", 0.1, 200), new Case("rastrigin", 0.002, 800),
                new Case("ackley", 0.01, 1500));
        SplittableRandom rnd = new SplittableRandom(ctx.seed());
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : cases) {
            Objective f = Objective.function(c.function());
            Box box = f.function().get().domain();
            List<double[]> s = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                s.add(new double[] {box.lower(0) + rnd.nextDouble() * (box.upper(0) - box.lower(0)),
                        box.lower(1) + rnd.nextDouble() * (box.upper(1) - box.lower(1))});
            }
            List<RunResult> runs = Parallel.map(s, st -> new Run(f, st, SGD.withLr(c.lr()), DType.FLOAT64, c.steps(),
                    1e-10, Double.POSITIVE_INFINITY).execute());
            List<double[]> ends = new ArrayList<>();
            int atGlobal = 0;
            int converged = 0;
            CriticalPoint g = f.globalMinimum().orElseThrow();
            for (RunResult r : runs) {
                double[] e = r.last();
                if (ends.stream().noneMatch(p -> RunResult.distance(p, e) < 1e-2)) {
                    ends.add(e);
                }
                if (RunResult.distance(e, g.location()) < 1e-3) {
                    atGlobal++;
                }
                Diagnosis.Verdict v = Diagnosis.of(r).verdict();
                if (v == Diagnosis.Verdict.CONVERGED || v == Diagnosis.Verdict.LOCAL_MINIMUM) {
                    converged++;
                }
            }
            outcomes.add(new Outcome(c, f, runs, ends.size(), atGlobal, converged));
            ctx.fact(c.function() + "_distinct_ends", ends.size(), c.function() + " (GD, lr " + num(c.lr()) + ", "
                    + starts + " random starts, seed " + ctx.seed() + "): " + converged + " runs converged to a minimum, "
                    + "ending at " + ends.size() + (ends.size() == 1 ? " point" : " distinct points") + "; " + atGlobal
                    + " at the global minimum "
                    + TourContext.pt(g.location()));
            ctx.fact(c.function() + "_at_global", atGlobal, null);
        }
        List<dev.descent.report.Figure> plots = new ArrayList<>();
        dev.descent.report.LinePlot finals = new dev.descent.report.LinePlot().size(460, 420)
                .title("where each run stopped: final f").labels("run", "f at the end");
        for (Outcome o : outcomes) {
            List<Trajectory> paths = new ArrayList<>();
            for (int i = 0; i < o.runs().size(); i++) {
                paths.add(TourPlots.path("run " + (i + 1), o.runs().get(i)));
            }
            ContourPlot p = new ContourPlot(TourPlots.grid(o.f(), o.f().function().get().domain(), ctx.budget(181, 61)))
                    .size(460, 420).title(o.c().function() + ": " + o.atGlobal() + "/" + o.runs().size()
                            + " runs at the global min")
                    .trajectories(paths).legend(false).point(new dev.descent.report.MarkedPoint("", o.f().globalMinimum().orElseThrow().coordinate(0),
                            o.f().globalMinimum().orElseThrow().coordinate(1), "min"));
            plots.add(p);
            double[] idx = new double[o.runs().size()];
            double[] fin = new double[o.runs().size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i + 1;
                fin[i] = o.runs().get(i).lastLoss();
            }
            finals.scatter(new dev.descent.report.Series(o.c().function(), idx, fin));
        }
        plots.add(finals);
        Outcome bowl = outcomes.get(0);
        Outcome rast = outcomes.get(1);
        Outcome ack = outcomes.get(2);
        ctx.report().paragraph("A convex function has one valley, so every descent ends in it. Rastrigin's and Ackley's "
                + "functions, standing in for a rugged loss surface, are covered with small pits: plain gradient descent "
                + "stops in whichever pit lies downhill of its start.");
        ctx.picture("starts.png", new Panels(2).addAll(plots), "The same " + starts + " seeded random starts per map, "
                + "gradient descent (lr " + num(bowl.c().lr()) + ", " + num(rast.c().lr()) + ", " + num(ack.c().lr())
                + ") until it stops: bowl " + bowl.atGlobal() + "/" + starts + " at the global minimum, "
                + "Rastrigin " + rast.atGlobal() + "/" + starts + " (" + rast.distinct() + " different end points), Ackley "
                + ack.atGlobal() + "/" + starts + " (" + ack.distinct() + " different end points). Bottom right: the value "
                + "where each run stopped (the global minimum is 0 on all three).");
        ctx.claim("on a convex bowl gradient descent finds the single global minimum", bowl.atGlobal() == starts,
                bowl.atGlobal() + " of " + starts + " starts end at (0, 0)");
        ctx.claim("on a rugged landscape gradient descent gets stuck in local minima",
                rast.distinct() > 1 && ack.distinct() > 1 && rast.atGlobal() < starts && ack.atGlobal() < starts,
                "Rastrigin: " + rast.distinct() + " different minima, " + rast.atGlobal() + " global; Ackley: "
                        + ack.distinct() + " different minima, " + ack.atGlobal() + " global");
    }
}
