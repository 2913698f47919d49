package dev.descent.landscape.tour;

import static dev.descent.landscape.tour.TourContext.num;

import dev.descent.landscape.Box;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.analysis.SteepestAscent;
import dev.descent.landscape.run.Objective;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.LinePlot;
import dev.descent.report.Panels;
import dev.descent.report.Series;
import dev.descent.report.SurfacePlot3D;

/**
 * (b) The gradient points uphill, the steepest way. Quivers on the bowl and on Himmelblau's
 * function (every arrow checked: a small step along it raises f), the bowl in 3-D with ∇f and −∇f,
 * and a scan of the directional derivative over 360 directions whose peak sits at ∇f's angle with
 * height |∇f|.
 */
final class GradientSection implements TourSection {
    static final double[] POINT = {1, 0.5};

    @Override
    public String id() {
        return "b-gradient";
    }

    @Override
    public String title() {
        return "(b) The gradient points uphill, the steepest way";
    }

    @Override
    public void run(TourContext ctx) {
        Objective bowl = Objective.function("bowl");
        Objective himmel = Objective.function("himmelblau");
        int n = ctx.budget(161, 61);
        Grid gBowl = TourPlots.grid(bowl, bowl.function().get().domain(), n);
        Grid gHim = TourPlots.grid(himmel, himmel.function().get().domain(), n);

        // every arrow of the quiver: does a short step along ∇f raise f?
        int arrows = 0;
        int uphill = 0;
        for (Objective f : new Objective[] {bowl, himmel}) {
            Box box = f.function().get().domain();
            int q = 14;
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    double x = box.lower(0) + (box.upper(0) - box.lower(0)) * (i + 0.5) / q;
                    double y = box.lower(1) + (box.upper(1) - box.lower(1)) * (j + 0.5) / q;
                    double[] g = f.derivatives(x, y).gradient();
                    double gn = Math.hypot(g[0], g[1]);
                    if (gn == 0) {
                        continue;
                    }
                    double h = 1e-4 * box.diagonal() / gn;
                    arrows++;
                    if (f.valueAt(x + h * g[0], y + h * g[1]) > f.valueAt(x, y)) {
                        uphill++;
                    }
                }
            }
        }
        ctx.fact("quiver_arrows", arrows, null);
        ctx.fact("quiver_arrows_uphill", uphill, uphill + " of " + arrows + " gradient arrows (14 × 14 on the bowl and on "
                + "Himmelblau) point to higher f: a step of 1e-4 of the box along each raises f");

        ContourPlot cBowl = new ContourPlot(gBowl).size(480, 430).title("bowl x² + y² with ∇f").quiver(14)
                .points(TourPlots.markers(bowl, false));
        ContourPlot cHim = new ContourPlot(gHim).size(480, 430).title("Himmelblau with ∇f").logLevels(3).quiver(14)
                .points(TourPlots.markers(himmel, false));
        ctx.report().paragraph("The gradient ∇f = (∂f/∂x, ∂f/∂y) is a vector. On the maps below each arrow is ∇f at its "
                + "foot, computed by autograd: the arrows run from the blue valleys to the red heights.");
        ctx.picture("quiver.png", new Panels(2).add(cBowl).add(cHim), "Gradient arrows (uphill) on the bowl and on "
                + "Himmelblau's function: " + uphill + " of " + arrows + " arrows checked to point to higher f.");

        Derivatives d = bowl.derivatives(POINT);
        double[] g = d.gradient();
        SurfacePlot3D surface = new SurfacePlot3D(gBowl).size(640, 500).title("bowl in 3-D: ∇f uphill, −∇f downhill at "
                + TourContext.pt(POINT)).gradientArrow(POINT[0], POINT[1]);
        ctx.picture("surface.png", surface, "The bowl J = x² + y² with ∇J = (2x, 2y) = " + TourContext.pt(g) + " at "
                + TourContext.pt(POINT) + " drawn uphill and −∇J downhill.");

        int dirs = ctx.budget(360, 72);
        SteepestAscent scan = SteepestAscent.scan(bowl::value, POINT, dirs);
        double[] deg = scan.angles();
        double[] slopes = scan.slopes();
        for (int i = 0; i < deg.length; i++) {
            deg[i] = Math.toDegrees(deg[i]);
        }
        double gradDeg = Math.toDegrees(scan.gradientAngle());
        double bestDeg = Math.toDegrees(scan.argmaxAngle());
        double minSlope = Double.POSITIVE_INFINITY;
        double minDeg = 0;
        for (int i = 0; i < slopes.length; i++) {
            if (slopes[i] < minSlope) {
                minSlope = slopes[i];
                minDeg = deg[i];
            }
        }
        ctx.fact("gradient", num(g[0]) + ", " + num(g[1]), "∇f" + TourContext.pt(POINT) + " = " + TourContext.pt(g)
                + ", |∇f| = " + num(scan.gradientNorm()) + ", at " + num(gradDeg) + "°");
        ctx.fact("steepest_direction_degrees", bestDeg, "of " + dirs + " directions, the directional derivative is largest "
                + "at " + num(bestDeg) + "° (slope " + num(scan.maxSlope()) + "), smallest at " + num(minDeg) + "° (slope "
                + num(minSlope) + ")");
        ctx.fact("angular_error_degrees", Math.toDegrees(scan.angularError()), null);
        LinePlot lp = new LinePlot().size(720, 380).title("directional derivative of the bowl at " + TourContext.pt(POINT)
                        + " over " + dirs + " directions")
                .labels("direction (degrees)", "slope d/dt f(p + t·u)")
                .series(new Series("slope along u", deg, slopes))
                .verticalLine(gradDeg, "∇f at " + num(gradDeg) + "°")
                .verticalLine((gradDeg + 180) % 360, "−∇f");
        ctx.picture("steepest.svg", lp, "Slopes measured by autograd along each direction (not from the gradient "
                + "vector): the peak " + num(scan.maxSlope()) + " sits at " + num(bestDeg) + "°, the gradient's angle is "
                + num(gradDeg) + "° and |∇f| = " + num(scan.gradientNorm()) + ".");

        double spacing = 360.0 / dirs;
        ctx.claim("the gradient points in the direction of steepest ascent",
                Math.toDegrees(scan.angularError()) <= spacing / 2 + 1e-9
                        && Math.abs(scan.maxSlope() - scan.gradientNorm()) <= 1e-3 * scan.gradientNorm(),
                "steepest of " + dirs + " directions at " + num(bestDeg) + "° vs ∇f at " + num(gradDeg) + "°; peak slope "
                        + num(scan.maxSlope()) + " vs |∇f| = " + num(scan.gradientNorm()));
        ctx.claim("−∇f is the direction of steepest descent", Math.abs(Math.abs(minDeg - gradDeg) - 180) <= spacing / 2 + 1e-9,
                "the most negative slope " + num(minSlope) + " is at " + num(minDeg) + "°");
        ctx.claim("on a contour map, gradient arrows point from the blue valleys to the red peaks", uphill == arrows,
                uphill + " of " + arrows + " arrows point uphill");
        ctx.report().paragraph("Drawn on the map, −∇f points straight down the slope: that is the whole idea of gradient "
                + "descent, θ ← θ − α∇f(θ).");
    }
}
