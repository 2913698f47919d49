package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A basin map: a grid of starting points, each coloured by the category it ended in (which
 * minimum it reached), with special colours for runs that diverged or did not converge. The
 * legend beside the map gives every category with its share of the starts. Faint iso-lines of the
 * function and the minima themselves can be drawn on top.
 */
public final class CategoryMap implements Figure {

    /** Category code of a start whose run diverged. */
    public static final int DIVERGED = -1;
    /** Category code of a start whose run had not converged when it stopped. */
    public static final int NOT_CONVERGED = -2;

    private final double[] x;
    private final double[] y;
    private final int[][] category;
    private final List<String> names;
    private int width = 720;
    private int height = 520;
    private String title;
    private String xLabel = "x₀";
    private String yLabel = "y₀";
    private String legendTitle = "reached (share of starts)";
    private Grid contourGrid;
    private Levels contourLevels;
    private final List<MarkedPoint> points = new ArrayList<>();

    /**
     * @param x        start x values (cell centres), increasing
     * @param y        start y values, increasing
     * @param category {@code category[j][i]}: index into {@code names}, or {@link #DIVERGED} or
     *                 {@link #NOT_CONVERGED}
     * @param names    the categories' names, e.g. the minima
     */
    public CategoryMap(double[] x, double[] y, int[][] category, List<String> names) {
        if (category.length != y.length) {
            throw new IllegalArgumentException("category has " + category.length + " rows but y has " + y.length + " values");
        }
        for (int j = 0; j < category.length; j++) {
            if (category[j].length != x.length) {
                throw new IllegalArgumentException("category row " + j + " has " + category[j].length + " values but x has " + x.length);
            }
            for (int i = 0; i < x.length; i++) {
                int k = category[j][i];
                if (k >= names.size() || (k < 0 && k != DIVERGED && k != NOT_CONVERGED)) {
                    throw new IllegalArgumentException("category[" + j + "][" + i + "] = " + k + " is neither an index into the "
                        + names.size() + " names nor DIVERGED (-1) or NOT_CONVERGED (-2)");
                }
            }
        }
        Cells.checkCentres("x", x, false);
        Cells.checkCentres("y", y, false);
        this.x = x.clone();
        this.y = y.clone();
        this.category = category;
        this.names = List.copyOf(names);
    }

    public CategoryMap size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public CategoryMap title(String title) {
        this.title = title;
        return this;
    }

    public CategoryMap labels(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    public CategoryMap legendTitle(String t) {
        this.legendTitle = t;
        return this;
    }

    /** Faint iso-lines of the function over the map. */
    public CategoryMap contours(Grid grid, Levels levels) {
        this.contourGrid = grid;
        this.contourLevels = levels;
        return this;
    }

    public CategoryMap point(MarkedPoint p) {
        points.add(p);
        return this;
    }

    public CategoryMap points(List<MarkedPoint> ps) {
        points.addAll(ps);
        return this;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Fraction of starts in each category: names first, then diverged, then not converged. */
    public double[] fractions() {
        double[] count = new double[names.size() + 2];
        int total = 0;
        for (int[] row : category) {
            for (int k : row) {
                count[k >= 0 ? k : k == DIVERGED ? names.size() : names.size() + 1]++;
                total++;
            }
        }
        for (int k = 0; k < count.length; k++) {
            count[k] /= Math.max(1, total);
        }
        return count;
    }

    static Color colorOf(int k) {
        return k == DIVERGED ? Palette.DIVERGED : k == NOT_CONVERGED ? Palette.MISSING : Palette.category(k);
    }

    @Override
    public void draw(Canvas c) {
        double[] share = fractions();
        Legend legend = new Legend().title(legendTitle);
        for (int k = 0; k < names.size(); k++) {
            legend.add(Legend.Entry.swatch(names.get(k) + "  " + percent(share[k]), colorOf(k)));
        }
        if (share[names.size()] > 0) {
            legend.add(Legend.Entry.swatch("diverged  " + percent(share[names.size()]), Palette.DIVERGED));
        }
        if (share[names.size() + 1] > 0) {
            legend.add(Legend.Entry.swatch("not converged  " + percent(share[names.size() + 1]), Palette.MISSING));
        }
        double legendW = legend.width(c);
        double[] xe = Cells.edges(x, false);
        double[] ye = Cells.edges(y, false);
        Axes a = Axes.place(0, 0, c.width() - legendW - 16, c.height(),
            Scale.linear(xe[0], xe[xe.length - 1]), Scale.linear(ye[0], ye[ye.length - 1]),
            title != null, xLabel != null, yLabel != null, null);
        Axes.drawTitle(c, title, a.left, a.right());
        int[] rgb = new int[names.size() + 2];
        for (int k = 0; k < names.size(); k++) {
            rgb[k] = colorOf(k).getRGB() & 0xFFFFFF;
        }
        rgb[names.size()] = Palette.DIVERGED.getRGB() & 0xFFFFFF;
        rgb[names.size() + 1] = Palette.MISSING.getRGB() & 0xFFFFFF;
        Cells.paint(c, a, xe, ye, (i, j) -> {
            int k = category[j][i];
            return rgb[k >= 0 ? k : k == DIVERGED ? names.size() : names.size() + 1];
        });
        c.clip(a.left, a.top, a.width, a.height);
        if (contourGrid != null) {
            ContourPlot.drawIsoLines(c, a, contourGrid, contourLevels, Pen.of(new Color(0, 0, 0, 70), 0.7));
        }
        TrajectoryPainter.drawPoints(c, a, points, () -> { });
        c.unclip();
        a.drawFrame(c, xLabel, yLabel);
        legend.draw(c, a.right() + 16, a.top);
    }

    private static String percent(double f) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * f);
    }
}
