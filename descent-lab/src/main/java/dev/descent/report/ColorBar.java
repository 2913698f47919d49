package dev.descent.report;

import java.awt.Color;

/**
 * A vertical colour bar beside a plot: either discrete bands (one per contour band, evenly spaced
 * so log levels read well) or a continuous gradient with scale ticks.
 */
final class ColorBar {

    static final double WIDTH = 14;

    private ColorBar() {
    }

    /** Space the bar and its labels need to the right of the plot. */
    static double space(Canvas c, Levels levels) {
        double w = 0;
        for (int i = 0; i < levels.count(); i++) {
            w = Math.max(w, c.textWidth(levels.label(i), Axes.TICK_SIZE, false));
        }
        return 16 + WIDTH + 6 + w + 8;
    }

    /** Space for a continuous bar over {@code scale}. */
    static double space(Canvas c, Scale scale, int target) {
        double w = 0;
        for (Scale.Tick t : scale.ticks(target)) {
            w = Math.max(w, c.textWidth(t.label(), Axes.TICK_SIZE, false));
        }
        return 16 + WIDTH + 6 + w + 8;
    }

    /** Banded bar in {@code [x, x+WIDTH] × [top, top+h]}, level labels at the band boundaries. */
    static void drawBands(Canvas c, double x, double top, double h, Levels levels, ColorMap map, String label) {
        c.beginGroup("colorbar");
        int bands = levels.bands();
        double bh = h / bands;
        for (int b = 0; b < bands; b++) {
            double y = top + h - (b + 1) * bh;
            c.rect(x, y, WIDTH, bh + 0.4, map.at(levels.bandPosition(b)), null);
        }
        c.rect(x, top, WIDTH, h, null, Pen.of(Palette.AXIS, 0.8));
        TextStyle tick = TextStyle.of(Axes.TICK_SIZE).color(Palette.AXIS);
        // Thin out labels so they never overlap.
        int every = Math.max(1, (int) Math.ceil((Axes.TICK_SIZE + 3) / bh));
        for (int i = 0; i < levels.count(); i++) {
            double y = top + h - (i + 1) * bh;
            c.line(x + WIDTH, y, x + WIDTH + 3, y, Pen.of(Palette.AXIS, 0.8));
            if ((levels.count() - 1 - i) % every == 0) {
                c.text(levels.label(i), x + WIDTH + 5, y + Axes.TICK_SIZE * 0.36, tick);
            }
        }
        caption(c, x, top, label);
        c.endGroup();
    }

    /** Continuous bar for values on {@code scale}. */
    static void drawContinuous(Canvas c, double x, double top, double h, Scale scale, ColorMap map, String label) {
        c.beginGroup("colorbar");
        int steps = 64;
        double sh = h / steps;
        for (int s = 0; s < steps; s++) {
            double f = (s + 0.5) / steps;
            c.rect(x, top + h - (s + 1) * sh, WIDTH, sh + 0.4, map.at(f), null);
        }
        c.rect(x, top, WIDTH, h, null, Pen.of(Palette.AXIS, 0.8));
        TextStyle tick = TextStyle.of(Axes.TICK_SIZE).color(Palette.AXIS);
        for (Scale.Tick t : scale.ticks(Math.max(3, (int) (h / 50)))) {
            double y = top + h - scale.fraction(t.value()) * h;
            c.line(x + WIDTH, y, x + WIDTH + 3, y, Pen.of(Palette.AXIS, 0.8));
            c.text(t.label(), x + WIDTH + 5, y + Axes.TICK_SIZE * 0.36, tick);
        }
        caption(c, x, top, label);
        c.endGroup();
    }

    private static void caption(Canvas c, double x, double top, String label) {
        if (label != null && !label.isEmpty()) {
            c.text(label, x + WIDTH / 2, top - 7, TextStyle.of(Axes.TICK_SIZE).color(Palette.TEXT).middle());
        }
    }

    /** A small swatch with a caption under the bar, for "diverged" or missing values. */
    static void drawSwatch(Canvas c, double x, double y, Color color, String label) {
        c.rect(x, y, WIDTH, 10, color, Pen.of(Palette.AXIS, 0.8));
        c.text(label, x + WIDTH + 5, y + 9, TextStyle.of(Axes.TICK_SIZE).color(Palette.AXIS));
    }
}
