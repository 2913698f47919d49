package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.sweep.BasinMap;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Momentum;
import dev.descent.optim.SGD;
import dev.descent.report.CategoryMap;
import dev.descent.report.Levels;
import dev.descent.report.Panels;
import java.util.ArrayList;
import java.util.List;

/**
 * (g) Initialization decides where you end up: basin maps of gradient descent on Himmelblau's
 * function (four minima) and on the two-basins demo, each start coloured by the minimum it reaches.
 */
final class BasinsSection implements TourSection {
    static final double HIMMELBLAU_LR = 0.01;
    static final double TWO_BASINS_LR = 0.1;

    @Override
    public String id() {
        return "g-basins";
    }

    @Override
    public String title() {
        return "(g) Initialization: where you start decides where you end";
    }

    /** The two-basins map of {@code algorithm}, shared with the momentum section. */
    static BasinMap.Result twoBasins(TourContext ctx, String key, Algorithm algorithm) {
        return ctx.memo("two-basins:" + key, () -> new BasinMap(Objective.function("two-basins"), algorithm)
                .grid(ctx.budget(60, 16), ctx.budget(60, 16)).steps(ctx.budget(1500, 600)).run());
    }

    static BasinMap.Result twoBasinsGd(TourContext ctx) {
        return twoBasins(ctx, "gd", SGD.withLr(TWO_BASINS_LR));
    }

    static BasinMap.Result twoBasinsMomentum(TourContext ctx) {
        return twoBasins(ctx, "momentum", Momentum.withLr(TWO_BASINS_LR));
    }

    /** A basin picture with the function's iso-lines and minima. */
    static CategoryMap picture(BasinMap.Result r, String title, int width, int height, int gridN) {
        List<String> names = new ArrayList<>();
        List<CriticalPoint> ms = r.minima();
        for (int i = 0; i < ms.size(); i++) {
            names.add(BasinMap.name(ms.get(i)) + " f = " + num(ms.get(i).value()));
        }
        return picture(r, names, title, width, height, gridN);
    }

    /** A basin picture with these category names. */
    static CategoryMap picture(BasinMap.Result r, List<String> names, String title, int width, int height, int gridN) {
        var grid = TourPlots.grid(r.objective(), r.box(), gridN);
        return new CategoryMap(r.x(), r.y(), r.category(), names).size(width, height).title(title)
                .contours(grid, Levels.linear(grid.zMin(), grid.zMax(), 12))
                .points(TourPlots.markers(r.objective(), true));
    }

    @Override
    public void run(TourContext ctx) {
        Objective him = Objective.function("himmelblau");
        int n = ctx.budget(60, 16);
        BasinMap.Result h = new BasinMap(him, SGD.withLr(HIMMELBLAU_LR)).grid(n, n).steps(ctx.budget(1500, 500)).run();
        double[] fr = h.fractions();
        StringBuilder shares = new StringBuilder();
        for (int i = 0; i < fr.length; i++) {
            shares.append(i > 0 ? ", " : "").append(BasinMap.name(h.minima().get(i))).append(": ")
                    .append(num(100 * fr[i])).append("%");
        }
        ctx.fact("himmelblau_minima_reached", h.reached(), "Himmelblau, GD lr " + HIMMELBLAU_LR + " from " + h.starts()
                + " starts (" + n + " × " + n + "): " + h.reached() + " different minima reached (" + shares + "); "
                + num(100 * h.divergedFraction()) + "% diverged, " + num(100 * h.notConvergedFraction())
                + "% did not converge");
        ctx.report().paragraph("The notes: “where you start decides where you can arrive”. Below, every pixel is a start "
                + "of the same gradient descent, coloured by the minimum it ends in.");
        ctx.picture("himmelblau.png", picture(h, "Himmelblau: basins of gradient descent (lr " + HIMMELBLAU_LR + ")",
                720, 560, ctx.budget(161, 61)), "Basins of attraction on Himmelblau's function (" + h.starts() + " starts): "
                + shares + ".");

        BasinMap.Result t = twoBasinsGd(ctx);
        double[] tf = t.fractions();
        ctx.fact("two_basins_gd_deep_share", tf[0], "two-basins, GD lr " + TWO_BASINS_LR + ": " + num(100 * tf[0])
                + "% of " + t.starts() + " starts reach the deep basin " + BasinMap.name(t.minima().get(0)) + " (f = "
                + num(t.minima().get(0).value()) + "), " + num(100 * tf[1]) + "% the shallow one "
                + BasinMap.name(t.minima().get(1)) + " (f = " + num(t.minima().get(1).value()) + ")");
        ctx.picture("two-basins.png", picture(t, "two-basins: gradient descent (lr " + TWO_BASINS_LR + ")", 720, 560,
                ctx.budget(161, 61)), "Two basins: the boundary between the colours runs through the saddle between "
                + "them; about " + num(100 * tf[1]) + "% of starts end in the shallow one.");
        ctx.claim("from different starting points gradient descent ends in different minima", h.reached() == 4
                && t.reached() == 2, "Himmelblau: " + h.reached() + " minima reached; two-basins: " + t.reached());
    }
}
