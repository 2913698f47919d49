package dev.descent.surface;

import dev.descent.report.ColorMap;
import dev.descent.report.ContourPlot;
import dev.descent.report.Grid;
import dev.descent.report.HeatMap;
import dev.descent.report.Levels;
import dev.descent.report.LinePlot;
import dev.descent.report.MarkedPoint;
import dev.descent.report.Series;
import dev.descent.report.SurfacePlot3D;
import dev.descent.report.Trajectory;
import dev.descent.surface.curvature.ConvexityMap;
import dev.descent.surface.curvature.SpectralDensity;

/**
 * The standard pictures of a neural landscape, in LL's and PyHessian's conventions: loss contours
 * (levels from the minimum up, LL's {@code 0.1:10:0.5} style, clipped at a ceiling), a 3-D surface
 * (z clipped at 10 as LL's VTK export), the accuracy and the convexity map as heat maps (LL's colour
 * range 0–0.5 for |λmin/λmax|), and the smoothed eigenvalue density on a log axis.
 */
public final class Pictures {
    private Pictures() {}

    /** The loss clipped at {@code ceiling} (so one exploding corner does not flatten the picture). */
    public static Grid clipped(Grid g, double ceiling) {
        double[][] z = new double[g.ny()][g.nx()];
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double v = g.z()[j][i];
                z[j][i] = Double.isFinite(v) ? Math.min(v, ceiling) : ceiling;
            }
        }
        return new Grid(g.x(), g.y(), z);
    }

    /**
     * Filled contours of the loss, the centre (the trained weights) marked: 20 linear levels, or
     * log-spaced levels when the loss spans more than a factor 30 (a deep, flat basin).
     */
    public static ContourPlot contour(Surface2d.Result r, String title) {
        Grid g = clipped(r.lossGrid(), ceilingFor(r.lossGrid()));
        double lo = g.zMin();
        double hi = g.zMax();
        ContourPlot p = new ContourPlot(g).title(title).labels("α (direction δ)", "β (direction η)", "loss")
                .point(new MarkedPoint("θ*", 0, 0, "trained"));
        if (lo > 0 && hi / lo > 30) {
            p.logLevels((int) Math.ceil(Math.log10(hi / lo))); // a deep, flat basin: linear bands would hide it
        } else if (hi > lo) {
            p.levels(Levels.linear(lo, hi, 20));
        }
        return p;
    }

    /** A contour with a projected path on it (PCA plane). */
    public static ContourPlot contour(Surface2d.Result r, String title, Trajectory path) {
        return contour(r, title).trajectory(path);
    }

    /** The 3-D view, z clipped at min(10, the ceiling) as LL's VTK export does. */
    public static SurfacePlot3D surface3d(Surface2d.Result r, String title) {
        Grid g = clipped(r.lossGrid(), ceilingFor(r.lossGrid()));
        return new SurfacePlot3D(g).title(title).labels("α", "β", "loss").view(-50, 30);
    }

    /** A clipping level: at most 10 (LL), at least enough to show the whole surface when it stays low. */
    static double ceilingFor(Grid g) {
        double hi = g.zMax();
        return Double.isNaN(hi) ? 10 : Math.min(10, hi);
    }

    /** Test accuracy over the grid. */
    public static HeatMap accuracy(Surface2d.Result r, String title) {
        return new HeatMap(r.x(), r.y(), r.accuracy()).title(title).labels("α", "β", "accuracy").range(0, 1)
                .colorMap(ColorMap.VIRIDIS);
    }

    /** LL's convexity map: |λmin/λmax| with the colour range 0–0.5. */
    public static HeatMap convexity(ConvexityMap.Result r, String title) {
        return new HeatMap(r.x(), r.y(), r.ratio()).title(title).labels("α", "β", "|λmin / λmax|").range(0, 0.5)
                .colorMap(ColorMap.VIRIDIS).annotate(r.x().length <= 7);
    }

    /** PyHessian's density plot: the smoothed SLQ density on a log y axis. */
    public static LinePlot density(SpectralDensity.Curve c, String title) {
        double[] y = c.density().clone();
        double floor = 1e-12;
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(y[i], floor);
        }
        return new LinePlot().title(title).labels("eigenvalue", "density").logY(true).series(new Series("SLQ", c.grid(), y));
    }

    /** The 1-D interpolation: loss and accuracy against α. */
    public static LinePlot interpolation(Interpolation1d.Result r, String title) {
        return new LinePlot().title(title).labels("α  (θ = (1 − α)θ₀ + αθ₁)", "loss").markers(true)
                .series(new Series("loss", r.alpha(), r.loss()))
                .verticalLine(0, "θ₀").verticalLine(1, "θ₁");
    }
}
