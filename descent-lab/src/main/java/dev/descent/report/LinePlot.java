package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Curves of y against x (loss or gradient norm against step), optionally on a log y axis, with
 * markers, labelled vertical lines (say, at the step size {@code 2/λmax}) and a legend placed in
 * the corner where it hides the least data.
 */
public final class LinePlot implements Figure {

    private int width = 640;
    private int height = 420;
    private String title;
    private String xLabel = "step";
    private String yLabel = "loss";
    private boolean logY;
    private boolean logX;
    private boolean markers;
    private final List<Series> series = new ArrayList<>();
    private final java.util.Set<Integer> scatter = new java.util.HashSet<>();
    private final List<VerticalLine> verticals = new ArrayList<>();

    public LinePlot size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public LinePlot title(String title) {
        this.title = title;
        return this;
    }

    public LinePlot labels(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    /** Log scale on y; values that are not positive are left out. */
    public LinePlot logY(boolean on) {
        this.logY = on;
        return this;
    }

    /** Log scale on x; values that are not positive are left out. */
    public LinePlot logX(boolean on) {
        this.logX = on;
        return this;
    }

    /** Marks the data points (shapes differ per series; thinned out on long series). */
    public LinePlot markers(boolean on) {
        this.markers = on;
        return this;
    }

    public LinePlot series(Series s) {
        series.add(s);
        return this;
    }

    public LinePlot series(List<Series> ss) {
        series.addAll(ss);
        return this;
    }

    /** A series drawn as markers only, every point, without a line (iterates on a curve, say). */
    public LinePlot scatter(Series s) {
        scatter.add(series.size());
        series.add(s);
        return this;
    }

    public LinePlot verticalLine(double x, String label) {
        verticals.add(new VerticalLine(x, label));
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

    private boolean usable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    @Override
    public void draw(Canvas c) {
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int k = 0; k < s.x().length; k++) {
                if (usable(s.x()[k], logX) && usable(s.y()[k], logY)) {
                    xLo = Math.min(xLo, s.x()[k]);
                    xHi = Math.max(xHi, s.x()[k]);
                    yLo = Math.min(yLo, s.y()[k]);
                    yHi = Math.max(yHi, s.y()[k]);
                }
            }
        }
        for (VerticalLine v : verticals) {
            if (usable(v.x(), logX)) {
                xLo = Math.min(xLo, v.x());
                xHi = Math.max(xHi, v.x());
            }
        }
        Scale xs = Scale.covering(xLo, xHi, logX, 0.02);
        Scale ys = Scale.covering(yLo, yHi, logY, 0.05);
        Axes a = Axes.place(0, 0, c.width(), c.height(), xs, ys, title != null, xLabel != null, yLabel != null, null);
        Axes.drawTitle(c, title, a.left, a.right());
        a.drawGrid(c, true, true);
        c.clip(a.left, a.top, a.width, a.height);
        List<double[]> occupied = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            drawSeries(c, a, series.get(i), i, occupied);
        }
        drawVerticals(c, a);
        c.unclip();
        a.drawFrame(c, xLabel, yLabel);
        Legend legend = new Legend();
        for (int i = 0; i < series.size(); i++) {
            Color color = Palette.series(i);
            legend.add(scatter.contains(i) ? Legend.Entry.marker(series.get(i).name(), color, Marker.forSeries(i)) : markers
                ? new Legend.Entry(series.get(i).name(), color, Legend.Kind.LINE_MARKER, Marker.forSeries(i), Pen.of(color, 2))
                : Legend.Entry.line(series.get(i).name(), color, 2));
        }
        if (series.size() > 1 || (series.size() == 1 && series.getFirst().name() != null && !series.getFirst().name().isEmpty())) {
            legend.drawInside(c, a, legend.emptiestCorner(c, a, occupied));
        }
    }

    private void drawSeries(Canvas c, Axes a, Series s, int index, List<double[]> occupied) {
        Color color = Palette.series(index);
        Pen pen = Pen.of(color, 2);
        int n = s.x().length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        c.beginGroup("series", s.name());
        if (scatter.contains(index)) {
            Marker m = Marker.forSeries(index);
            for (int k = 0; k < n; k++) {
                if (usable(s.x()[k], logX) && usable(s.y()[k], logY)) {
                    double px = a.px(s.x()[k]);
                    double py = a.py(s.y()[k]);
                    occupied.add(new double[] {px, py});
                    m.draw(c, px, py, 7, color, Pen.of(Color.WHITE, 0.7));
                }
            }
            c.endGroup();
            return;
        }
        int run = 0;
        for (int k = 0; k <= n; k++) {
            boolean ok = k < n && usable(s.x()[k], logX) && usable(s.y()[k], logY);
            if (ok) {
                xs[run] = a.px(s.x()[k]);
                ys[run] = a.py(s.y()[k]);
                occupied.add(new double[] {xs[run], ys[run]});
                run++;
            } else if (run > 0) {
                // A gap (NaN, or non-positive on a log axis) ends the current stretch of line.
                if (run == 1) {
                    c.circle(xs[0], ys[0], 2, color, null);
                }
                c.polyline(xs, ys, run, pen);
                run = 0;
            }
        }
        if (markers) {
            int every = Math.max(1, n / 40);
            Marker m = Marker.forSeries(index);
            for (int k = 0; k < n; k += every) {
                if (usable(s.x()[k], logX) && usable(s.y()[k], logY)) {
                    m.draw(c, a.px(s.x()[k]), a.py(s.y()[k]), 7, color, Pen.of(Color.WHITE, 0.7));
                }
            }
        }
        c.endGroup();
    }

    private void drawVerticals(Canvas c, Axes a) {
        if (verticals.isEmpty()) {
            return;
        }
        c.beginGroup("markers");
        Pen pen = Pen.dashed(new Color(0x333333), 1.3, 6, 4);
        TextStyle label = TextStyle.of(11).withHalo();
        for (VerticalLine v : verticals) {
            if (!usable(v.x(), logX)) {
                continue;
            }
            double x = a.px(v.x());
            c.line(x, a.top, x, a.bottom(), pen);
            boolean nearRight = x > a.right() - 80;
            c.text(v.label(), nearRight ? x - 5 : x + 5, a.top + 15, nearRight ? label.end() : label);
        }
        c.endGroup();
    }
}
