package dev.descent.report;

import java.awt.Color;

/** Point marker shapes; {@code size} is the diameter in logical pixels. */
public enum Marker {
    CIRCLE, SQUARE, TRIANGLE_UP, TRIANGLE_DOWN, DIAMOND, STAR, CROSS;

    /** Marker shapes cycled through series, so that series differ in shape as well as colour. */
    static Marker forSeries(int index) {
        Marker[] cycle = {CIRCLE, SQUARE, TRIANGLE_UP, DIAMOND, TRIANGLE_DOWN, CROSS, STAR};
        return cycle[Math.floorMod(index, cycle.length)];
    }

    /** Draws the marker centred at (x, y). */
    void draw(Canvas c, double x, double y, double size, Color fill, Pen pen) {
        double r = size / 2;
        switch (this) {
            case CIRCLE -> c.circle(x, y, r, fill, pen);
            case SQUARE -> c.rect(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76, fill, pen);
            case TRIANGLE_UP -> poly(c, x, y, r * 1.15, new double[] {-90, 30, 150}, fill, pen);
            case TRIANGLE_DOWN -> poly(c, x, y, r * 1.15, new double[] {90, 210, 330}, fill, pen);
            case DIAMOND -> poly(c, x, y, r * 1.2, new double[] {-90, 0, 90, 180}, fill, pen);
            case STAR -> star(c, x, y, r * 1.3, fill, pen);
            case CROSS -> {
                double a = r * 0.8;
                Pen p = pen != null ? pen : Pen.of(fill, Math.max(2, size / 4));
                Pen thick = p.withWidth(Math.max(p.width(), size / 4));
                c.line(x - a, y - a, x + a, y + a, thick);
                c.line(x - a, y + a, x + a, y - a, thick);
            }
        }
    }

    private static void poly(Canvas c, double x, double y, double r, double[] degrees, Color fill, Pen pen) {
        int n = degrees.length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.toRadians(degrees[i]);
            xs[i] = x + r * Math.cos(a);
            ys[i] = y + r * Math.sin(a);
        }
        c.polygon(xs, ys, n, fill, pen);
    }

    private static void star(Canvas c, double x, double y, double r, Color fill, Pen pen) {
        double[] xs = new double[10];
        double[] ys = new double[10];
        for (int i = 0; i < 10; i++) {
            double a = Math.toRadians(-90 + 36 * i);
            double rr = i % 2 == 0 ? r : r * 0.45;
            xs[i] = x + rr * Math.cos(a);
            ys[i] = y + rr * Math.sin(a);
        }
        c.polygon(xs, ys, 10, fill, pen);
    }
}
