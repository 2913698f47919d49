package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric map over two parameters, such as a momentum sweep (learning rate × β → final loss) or
 * a convexity map, with a colour bar. Values sit at cell centres; non-finite values (a run that
 * diverged) get their own dark colour and a labelled swatch; small maps can print their values.
 */
public final class HeatMap implements Figure {

    private final double[] x;
    private final double[] y;
    private final double[][] z;
    private int width = 640;
    private int height = 520;
    private String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private String zLabel = "";
    private ColorMap colorMap = ColorMap.VIRIDIS;
    private boolean logX;
    private boolean logY;
    private boolean logZ;
    private double lo = Double.NaN;
    private double hi = Double.NaN;
    private boolean annotate;
    private String nonFiniteLabel = "diverged";
    private final List<MarkedPoint> points = new ArrayList<>();
    private final java.util.List<Series> curves = new java.util.ArrayList<>();

    /** Values {@code z[j][i]} at cell centres {@code (x[i], y[j])}; both axes strictly increasing. */
    public HeatMap(double[] x, double[] y, double[][] z) {
        if (z.length != y.length) {
            throw new IllegalArgumentException("z has " + z.length + " rows but y has " + y.length + " values: z is z[ny][nx]");
        }
        for (int j = 0; j < z.length; j++) {
            if (z[j].length != x.length) {
                throw new IllegalArgumentException("z row " + j + " has " + z[j].length + " values but x has " + x.length);
            }
        }
        this.x = x.clone();
        this.y = y.clone();
        this.z = z;
    }

    public HeatMap size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public HeatMap title(String title) {
        this.title = title;
        return this;
    }

    /** Axis labels and the colour bar's caption. */
    public HeatMap labels(String x, String y, String z) {
        this.xLabel = x;
        this.yLabel = y;
        this.zLabel = z;
        return this;
    }

    public HeatMap colorMap(ColorMap map) {
        this.colorMap = map;
        return this;
    }

    /** Log scales on the parameter axes (for learning rates and the like). */
    public HeatMap logAxes(boolean logX, boolean logY) {
        this.logX = logX;
        this.logY = logY;
        return this;
    }

    /** Colours by log10 of the value (non-positive values count as missing). */
    public HeatMap logValues(boolean on) {
        this.logZ = on;
        return this;
    }

    /** Fixes the colour range (a diverging map centred on 0 wants a symmetric range). */
    public HeatMap range(double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("colour range needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.lo = lo;
        this.hi = hi;
        return this;
    }

    /** Prints each cell's value when the cells are large enough to hold it. */
    public HeatMap annotate(boolean on) {
        this.annotate = on;
        return this;
    }

    /** What non-finite cells mean, shown beside their swatch (default "diverged"). */
    public HeatMap nonFiniteLabel(String label) {
        this.nonFiniteLabel = label;
        return this;
    }

    /** A line drawn over the cells (a theoretical boundary, say), in data coordinates, with a legend entry. */
    public HeatMap curve(Series s) {
        curves.add(s);
        return this;
    }

    public HeatMap point(MarkedPoint p) {
        points.add(p);
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

    private boolean usable(double v) {
        return Double.isFinite(v) && (!logZ || v > 0);
    }

    @Override
    public void draw(Canvas c) {
        Cells.checkCentres("x", x, logX);
        Cells.checkCentres("y", y, logY);
        double vLo = Double.POSITIVE_INFINITY;
        double vHi = Double.NEGATIVE_INFINITY;
        boolean anyMissing = false;
        for (double[] row : z) {
            for (double v : row) {
                if (usable(v)) {
                    vLo = Math.min(vLo, v);
                    vHi = Math.max(vHi, v);
                } else {
                    anyMissing = true;
                }
            }
        }
        if (!Double.isNaN(lo)) {
            vLo = lo;
            vHi = hi;
        }
        Scale zs = Scale.covering(vLo, vHi, logZ, 0);
        double[] xe = Cells.edges(x, logX);
        double[] ye = Cells.edges(y, logY);
        Scale xs = new Scale(xe[0], xe[xe.length - 1], logX);
        Scale ys = new Scale(ye[0], ye[ye.length - 1], logY);
        double barSpace = ColorBar.space(c, zs, 5);
        if (anyMissing) {
            barSpace = Math.max(barSpace, 16 + ColorBar.WIDTH + 5 + c.textWidth(nonFiniteLabel, Axes.TICK_SIZE, false) + 8);
        }
        Axes a = Axes.place(0, title == null && !zLabel.isEmpty() ? 12 : 0, c.width() - barSpace, c.height(), xs, ys, title != null, xLabel != null, yLabel != null, null);
        Axes.drawTitle(c, title, a.left, a.right());
        int missing = Palette.DIVERGED.getRGB() & 0xFFFFFF;
        Cells.paint(c, a, xe, ye, (i, j) -> {
            double v = z[j][i];
            return usable(v) ? colorMap.rgb(zs.fraction(Math.clamp(v, zs.min(), zs.max()))) : missing;
        });
        if (annotate) {
            drawValues(c, a, xe, ye, zs);
        }
        if (!points.isEmpty()) {
            c.clip(a.left, a.top, a.width, a.height);
            TrajectoryPainter.drawPoints(c, a, points, () -> { });
            c.unclip();
        }
        if (!curves.isEmpty()) {
            drawCurves(c, a);
        }
        a.drawFrame(c, xLabel, yLabel);
        double barX = a.right() + 16;
        double barH = a.height - (anyMissing ? 26 : 0);
        ColorBar.drawContinuous(c, barX, a.top, barH, zs, colorMap, zLabel);
        if (anyMissing) {
            c.beginGroup("legend");
            c.beginGroup("legend-entry", nonFiniteLabel);
            ColorBar.drawSwatch(c, barX, a.bottom() - 10, Palette.DIVERGED, nonFiniteLabel);
            c.endGroup();
            c.endGroup();
        }
    }

    private void drawCurves(Canvas c, Axes a) {
        c.clip(a.left, a.top, a.width, a.height);
        Legend legend = new Legend();
        for (int k = 0; k < curves.size(); k++) {
            Series s = curves.get(k);
            Color color = k == 0 ? Color.BLACK : Palette.series(k);
            c.beginGroup("series", s.name());
            int n = s.x().length;
            double[] xs = new double[n];
            double[] ys = new double[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!logX || s.x()[i] > 0) && (!logY || s.y()[i] > 0)) {
                    xs[m] = Math.clamp(a.px(s.x()[i]), -1e5, 1e5);
                    ys[m] = Math.clamp(a.py(s.y()[i]), -1e5, 1e5);
                    m++;
                }
            }
            c.polyline(xs, ys, m, Pen.of(new Color(255, 255, 255, 220), 5));
            c.polyline(xs, ys, m, Pen.dashed(color, 2.2, 7, 4));
            c.endGroup();
            legend.add(new Legend.Entry(s.name(), color, Legend.Kind.LINE, null, Pen.dashed(color, 2.2, 7, 4)));
        }
        c.unclip();
        legend.drawInside(c, a, Legend.Corner.TOP_LEFT);
    }

    private void drawValues(Canvas c, Axes a, double[] xe, double[] ye, Scale zs) {
        c.beginGroup("values");
        for (int j = 0; j < y.length; j++) {
            for (int i = 0; i < x.length; i++) {
                double w = Math.abs(a.px(xe[i + 1]) - a.px(xe[i]));
                double h = Math.abs(a.py(ye[j + 1]) - a.py(ye[j]));
                double v = z[j][i];
                String s = Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.3g", v) : "∞";
                double size = Math.min(10.5, h * 0.55);
                if (size < 7 || c.textWidth(s, size, false) > w - 4) {
                    continue;
                }
                Color bg = usable(v) ? colorMap.at(zs.fraction(Math.clamp(v, zs.min(), zs.max()))) : Palette.DIVERGED;
                double lum = 0.299 * bg.getRed() + 0.587 * bg.getGreen() + 0.114 * bg.getBlue();
                Color fg = lum > 140 ? Palette.TEXT : Color.WHITE;
                double cx = (a.px(xe[i]) + a.px(xe[i + 1])) / 2;
                double cy = (a.py(ye[j]) + a.py(ye[j + 1])) / 2;
                c.text(s, cx, cy + size * 0.36, TextStyle.of(size).color(fg).middle());
            }
        }
        c.endGroup();
    }
}
