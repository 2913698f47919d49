package dev.descent.report;

import java.awt.Color;

/**
 * Gradient arrows on a coarse grid. Arrows point uphill, along +∇f, as in the notes' top view
 * where they run from blue valleys to red peaks. Lengths grow with the square root of the gradient
 * norm (so steep walls do not drown the gentle floor) and are capped to their cell.
 */
final class Quiver {

    private Quiver() {
    }

    static void draw(Canvas c, Axes a, Grid grid, int n) {
        double[][][] g = new double[n][n][];
        double max = 0;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            xs[k] = grid.xMin() + (grid.xMax() - grid.xMin()) * (k + 0.5) / n;
            ys[k] = grid.yMin() + (grid.yMax() - grid.yMin()) * (k + 0.5) / n;
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double[] d = grid.gradientAt(xs[i], ys[j]);
                // Direction on screen: data displacement mapped to pixels (y flips).
                double dx = d[0] * a.width / (grid.xMax() - grid.xMin());
                double dy = -d[1] * a.height / (grid.yMax() - grid.yMin());
                g[j][i] = new double[] {dx, dy};
                double m = Math.hypot(dx, dy);
                if (Double.isFinite(m)) {
                    max = Math.max(max, m);
                }
            }
        }
        if (!(max > 0)) {
            return;
        }
        double cell = Math.min(a.width, a.height) / n;
        Color color = new Color(20, 20, 20, 170);
        Pen pen = Pen.of(color, 1.1);
        c.beginGroup("quiver");
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double dx = g[j][i][0];
                double dy = g[j][i][1];
                double m = Math.hypot(dx, dy);
                if (!(m > 1e-12 * max) || !Double.isFinite(m)) {
                    continue;
                }
                double len = cell * 0.8 * (0.25 + 0.75 * Math.sqrt(m / max));
                double ux = dx / m;
                double uy = dy / m;
                double cx = a.px(xs[i]);
                double cy = a.py(ys[j]);
                double x0 = cx - ux * len / 2;
                double y0 = cy - uy * len / 2;
                double x1 = cx + ux * len / 2;
                double y1 = cy + uy * len / 2;
                arrow(c, x0, y0, x1, y1, pen, color, Math.min(6, len * 0.4));
            }
        }
        c.endGroup();
    }

    /** A line from (x0, y0) with a filled head at (x1, y1). */
    static void arrow(Canvas c, double x0, double y0, double x1, double y1, Pen pen, Color head, double headLen) {
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len == 0) {
            return;
        }
        double ux = (x1 - x0) / len;
        double uy = (y1 - y0) / len;
        double bx = x1 - ux * headLen;
        double by = y1 - uy * headLen;
        c.line(x0, y0, bx, by, pen);
        double w = headLen * 0.5;
        c.polygon(new double[] {x1, bx - uy * w, bx + uy * w}, new double[] {y1, by + ux * w, by - ux * w}, 3, head, null);
    }
}
