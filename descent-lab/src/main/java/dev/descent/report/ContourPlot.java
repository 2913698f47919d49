package dev.descent.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A top view of a scalar field: filled contour bands with iso-lines, an optional quiver of gradient
 * arrows pointing uphill (from blue valleys to red peaks), optimizer trajectories and labelled
 * critical points, with a colour bar and a legend.
 *
 * <pre>{@code
 * new ContourPlot(Grid.sample(f, -5, 5, 200, -5, 5, 200))
 *     .title("Himmelblau").logLevels(4).quiver(14)
 *     .trajectory(Trajectory.of("sgd", xs, ys))
 *     .point(new MarkedPoint("A", 3, 2, "min"))
 *     .write(Path.of("himmelblau.png"));
 * }</pre>
 */
public final class ContourPlot implements Figure {

    private final Grid grid;
    private int width = 640;
    private int height = 560;
    private String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private String zLabel = "f(x, y)";
    private ColorMap colorMap = ColorMap.BLUE_RED;
    private Levels levels;
    private int linearLevels = 14;
    private int logDecades = 0;
    private boolean fill = true;
    private boolean lines = true;
    private int quiver = 0;
    private boolean legend = true;
    private final List<Trajectory> trajectories = new ArrayList<>();
    private final List<MarkedPoint> points = new ArrayList<>();

    /** A plot of {@code grid} with default styling (640 × 560, blue–red bands, 14 linear levels). */
    public ContourPlot(Grid grid) {
        this.grid = grid;
    }

    public ContourPlot size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public ContourPlot title(String title) {
        this.title = title;
        return this;
    }

    /** Axis labels and the colour bar's caption. */
    public ContourPlot labels(String x, String y, String z) {
        this.xLabel = x;
        this.yLabel = y;
        this.zLabel = z;
        return this;
    }

    public ContourPlot colorMap(ColorMap map) {
        this.colorMap = map;
        return this;
    }

    /** About {@code n} evenly spaced levels at round numbers. */
    public ContourPlot levels(int n) {
        this.linearLevels = n;
        this.logDecades = 0;
        this.levels = null;
        return this;
    }

    /** Log-spaced levels over {@code decades} decades above the minimum (for Rosenbrock-like valleys). */
    public ContourPlot logLevels(int decades) {
        this.logDecades = decades;
        this.levels = null;
        return this;
    }

    /** Exactly these levels. */
    public ContourPlot levels(Levels levels) {
        this.levels = levels;
        return this;
    }

    /** Whether to fill bands with colour (default on). */
    public ContourPlot fill(boolean on) {
        this.fill = on;
        return this;
    }

    /** Whether to draw iso-lines (default on). */
    public ContourPlot contourLines(boolean on) {
        this.lines = on;
        return this;
    }

    /** Gradient arrows on an {@code n × n} grid (0 for none). */
    public ContourPlot quiver(int n) {
        this.quiver = n;
        return this;
    }

    /** Whether to draw the legend (default on; off for many unnamed paths). */
    public ContourPlot legend(boolean on) {
        this.legend = on;
        return this;
    }

    public ContourPlot trajectory(Trajectory t) {
        trajectories.add(t);
        return this;
    }

    public ContourPlot trajectories(List<Trajectory> ts) {
        trajectories.addAll(ts);
        return this;
    }

    public ContourPlot point(MarkedPoint p) {
        points.add(p);
        return this;
    }

    public ContourPlot points(List<MarkedPoint> ps) {
        points.addAll(ps);
        return this;
    }

    public Grid grid() {
        return grid;
    }

    public List<Trajectory> trajectories() {
        return List.copyOf(trajectories);
    }

    public String title() {
        return title;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The levels in use (computed from the grid's range unless given). */
    public Levels effectiveLevels() {
        if (levels != null) {
            return levels;
        }
        double lo = grid.zMin();
        double hi = grid.zMax();
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return Levels.of();
        }
        return logDecades > 0 ? Levels.log(lo, hi, logDecades) : Levels.linear(lo, hi, linearLevels);
    }

    /** Where the plot area sits on a canvas of this figure's size. */
    Axes axes(Canvas c) {
        double right = c.width() - ColorBar.space(c, effectiveLevels());
        // Without a title the colour bar's caption still needs a line above the plot.
        return Axes.place(0, title == null ? 12 : 0, right, c.height(),
            Scale.linear(grid.xMin(), grid.xMax()), Scale.linear(grid.yMin(), grid.yMax()),
            title != null, xLabel != null, yLabel != null, null);
    }

    @Override
    public void draw(Canvas c) {
        Axes a = axes(c);
        drawBackground(c, a);
        c.clip(a.left, a.top, a.width, a.height);
        TrajectoryPainter.drawPoints(c, a, points, () -> {
            for (int i = 0; i < trajectories.size(); i++) {
                TrajectoryPainter.draw(c, a, trajectories.get(i), Palette.series(i), true);
            }
        });
        c.unclip();
        drawLegend(c, a, trajectories);
    }

    /** Everything except trajectories and legend: title, fill, iso-lines, quiver, frame, colour bar. */
    void drawBackground(Canvas c, Axes a) {
        Axes.drawTitle(c, title, a.left, a.right());
        Levels lv = effectiveLevels();
        c.clip(a.left, a.top, a.width, a.height);
        c.beginGroup("field");
        if (fill) {
            c.image(raster(a, c.rasterScale(), lv), a.left, a.top, a.width, a.height, false);
        } else {
            a.fill(c, Color.WHITE);
        }
        if (lines) {
            drawIsoLines(c, a, lv);
        }
        c.endGroup();
        if (quiver > 0) {
            Quiver.draw(c, a, grid, quiver);
        }
        c.unclip();
        a.drawFrame(c, xLabel, yLabel);
        if (fill) {
            ColorBar.drawBands(c, a.right() + 16, a.top, a.height, lv, colorMap, zLabel);
        }
    }

    void drawLegend(Canvas c, Axes a, List<Trajectory> shown) {
        if (!this.legend) {
            return;
        }
        Legend legend = new Legend();
        TrajectoryPainter.addLegendEntries(legend, trajectories, points);
        if (!legend.isEmpty()) {
            legend.drawInside(c, a, legend.emptiestCorner(c, a, TrajectoryPainter.occupied(a, shown, points)));
        }
    }

    List<MarkedPoint> points() {
        return points;
    }

    private void drawIsoLines(Canvas c, Axes a, Levels lv) {
        drawIsoLines(c, a, grid, lv, Pen.of(new Color(30, 30, 30, 110), 0.8));
    }

    /** Iso-lines of {@code grid} at the given levels, in a {@code contours} group. */
    static void drawIsoLines(Canvas c, Axes a, Grid grid, Levels lv, Pen pen) {
        c.beginGroup("contours");
        for (double level : lv.values()) {
            for (MarchingSquares.Line line : MarchingSquares.isoLines(grid, level)) {
                int n = line.x().length;
                double[] xs = new double[n];
                double[] ys = new double[n];
                for (int k = 0; k < n; k++) {
                    xs[k] = a.px(line.x()[k]);
                    ys[k] = a.py(line.y()[k]);
                }
                c.polyline(xs, ys, n, pen);
            }
        }
        c.endGroup();
    }

    /** The banded fill at device resolution: each pixel's value by bilinear interpolation. */
    private BufferedImage raster(Axes a, double scale, Levels lv) {
        int w = Math.max(1, (int) Math.round(a.width * scale));
        int h = Math.max(1, (int) Math.round(a.height * scale));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] bandRgb = new int[lv.bands()];
        for (int b = 0; b < bandRgb.length; b++) {
            // A light tint keeps trajectories and labels the loudest thing in the picture.
            bandRgb[b] = Palette.tint(colorMap.at(lv.bandPosition(b)), 0.12).getRGB();
        }
        int missing = Palette.MISSING.getRGB();
        int[] row = new int[w];
        for (int py = 0; py < h; py++) {
            double y = a.yScale.valueAt(1 - (py + 0.5) / h);
            for (int px = 0; px < w; px++) {
                double x = a.xScale.valueAt((px + 0.5) / w);
                double v = grid.valueAt(x, y);
                row[px] = Double.isFinite(v) ? bandRgb[lv.band(v)] : missing;
            }
            img.setRGB(0, py, w, 1, row, 0, w);
        }
        return img;
    }
}
