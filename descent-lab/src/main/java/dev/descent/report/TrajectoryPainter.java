package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws optimizer paths and marked points on a 2-D plot area in one recognisable style: a coloured
 * line over a white halo (readable on any fill), small dots at the steps, a hollow circle at the
 * start and a star at the end; critical points as black-edged white triangles and diamonds.
 */
final class TrajectoryPainter {

    static final double LINE_WIDTH = 2;

    private TrajectoryPainter() {
    }

    /** Pixel coordinates of a trajectory up to its first non-finite point (a divergence). */
    static double[][] pixels(Axes a, Trajectory t) {
        int n = 0;
        while (n < t.length() && Double.isFinite(t.x()[n]) && Double.isFinite(t.y()[n])) {
            n++;
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            // Clamp far-away points (diverging runs) so Java2D and SVG viewers get sane numbers.
            xs[k] = Math.clamp(a.px(t.x()[k]), -1e5, 1e5);
            ys[k] = Math.clamp(a.py(t.y()[k]), -1e5, 1e5);
        }
        return new double[][] {xs, ys};
    }

    /** Draws one trajectory in its own {@code series} group. */
    static void draw(Canvas c, Axes a, Trajectory t, Color color, boolean markEnd) {
        double[][] p = pixels(a, t);
        double[] xs = p[0];
        double[] ys = p[1];
        int n = xs.length;
        c.beginGroup("series", t.name());
        if (n > 0) {
            c.polyline(xs, ys, n, Pen.of(new Color(255, 255, 255, 200), LINE_WIDTH + 2.5));
            c.polyline(xs, ys, n, Pen.of(color, LINE_WIDTH));
            if (n <= 80) {
                for (int k = 1; k < n - 1; k++) {
                    c.circle(xs[k], ys[k], 1.9, color, null);
                }
            }
            c.circle(xs[0], ys[0], 4.8, Color.WHITE, Pen.of(color, 2));
            if (markEnd && n > 1) {
                Marker.STAR.draw(c, xs[n - 1], ys[n - 1], 13, color, Pen.of(Color.WHITE, 1));
            }
        }
        c.endGroup();
    }

    /**
     * Draws marked points in a {@code points} group: symbols first, then {@code between} (the
     * trajectories, so an end star on a minimum stays visible), then the labels on top of all.
     */
    static void drawPoints(Canvas c, Axes a, List<MarkedPoint> points, Runnable between) {
        if (!points.isEmpty()) {
            c.beginGroup("points");
            for (MarkedPoint m : points) {
                m.marker().draw(c, a.px(m.x()), a.py(m.y()), 11, Color.WHITE, Pen.of(Color.BLACK, 1.3));
            }
            c.endGroup();
        }
        between.run();
        if (!points.isEmpty()) {
            c.beginGroup("point-labels");
            TextStyle label = TextStyle.of(11).withBold().withHalo();
            for (MarkedPoint m : points) {
                double x = a.px(m.x());
                double y = a.py(m.y());
                boolean nearRight = x > a.right() - 60;
                c.text(m.label(), nearRight ? x - 9 : x + 9, y - 6, nearRight ? label.end() : label);
            }
            c.endGroup();
        }
    }

    /** Legend rows for trajectories and for each kind of marked point present. */
    static void addLegendEntries(Legend legend, List<Trajectory> trajectories, List<MarkedPoint> points) {
        for (int i = 0; i < trajectories.size(); i++) {
            legend.add(Legend.Entry.line(trajectories.get(i).name(), Palette.series(i), LINE_WIDTH + 0.5));
        }
        List<Marker> seen = new ArrayList<>();
        for (MarkedPoint m : points) {
            Marker k = m.marker();
            if (!seen.contains(k)) {
                seen.add(k);
                String name = switch (k) {
                    case TRIANGLE_DOWN -> "minimum";
                    case TRIANGLE_UP -> "maximum";
                    case DIAMOND -> "saddle point";
                    default -> "point";
                };
                legend.add(new Legend.Entry(name, Color.WHITE, Legend.Kind.MARKER, k, Pen.of(Color.BLACK, 1.2)));
            }
        }
    }

    /** Every drawn pixel point, for choosing where the legend hides least. */
    static List<double[]> occupied(Axes a, List<Trajectory> trajectories, List<MarkedPoint> points) {
        List<double[]> pts = new ArrayList<>();
        for (Trajectory t : trajectories) {
            double[][] p = pixels(a, t);
            for (int k = 0; k < p[0].length; k++) {
                pts.add(new double[] {p[0][k], p[1][k]});
            }
        }
        for (MarkedPoint m : points) {
            pts.add(new double[] {a.px(m.x()), a.py(m.y())});
        }
        return pts;
    }
}
