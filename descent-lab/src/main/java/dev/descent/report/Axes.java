package dev.descent.report;

import java.awt.Color;
import java.util.List;

/**
 * A rectangular plot area with its two scales: maps data to pixels and draws the frame, ticks, tick
 * labels, axis labels and optional grid lines. Shared by every 2-D picture so they all look alike.
 */
final class Axes {

    static final double TITLE_SIZE = 15;
    static final double LABEL_SIZE = 12.5;
    static final double TICK_SIZE = 11;
    private static final double TICK_LEN = 5;

    final double left;
    final double top;
    final double width;
    final double height;
    final Scale xScale;
    final Scale yScale;
    private List<Scale.Tick> xTicks;
    private List<Scale.Tick> yTicks;

    Axes(double left, double top, double width, double height, Scale xScale, Scale yScale) {
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.xScale = xScale;
        this.yScale = yScale;
        this.xTicks = xScale.ticks(Math.max(3, (int) (width / 90)));
        this.yTicks = yScale.ticks(Math.max(3, (int) (height / 60)));
    }

    /**
     * Places a plot area inside the box {@code [x0, x1] × [y0, y1]}, leaving room for the title, tick
     * labels and axis labels that will be drawn around it.
     */
    static Axes place(double x0, double y0, double x1, double y1, Scale xs, Scale ys,
                      boolean title, boolean xLabel, boolean yLabel, List<Scale.Tick> xTicksOverride) {
        List<Scale.Tick> yt = new Axes(0, 0, 100, y1 - y0, xs, ys).yTicks;
        double widest = 0;
        for (Scale.Tick t : yt) {
            widest = Math.max(widest, Fonts.width(t.label(), TICK_SIZE, false));
        }
        double left = x0 + widest + TICK_LEN + 6 + (yLabel ? LABEL_SIZE + 10 : 0);
        double top = y0 + (title ? TITLE_SIZE + 18 : 10);
        double bottom = y1 - (TICK_SIZE + TICK_LEN + 8) - (xLabel ? LABEL_SIZE + 8 : 0);
        double right = x1 - 12;
        Axes a = new Axes(left, top, Math.max(10, right - left), Math.max(10, bottom - top), xs, ys);
        if (xTicksOverride != null) {
            a.xTicks = xTicksOverride;
        }
        return a;
    }

    double px(double x) {
        return left + xScale.fraction(x) * width;
    }

    double py(double y) {
        return top + (1 - yScale.fraction(y)) * height;
    }

    double right() {
        return left + width;
    }

    double bottom() {
        return top + height;
    }

    List<Scale.Tick> xTicks() {
        return xTicks;
    }

    /** Light grid lines at the ticks, behind the data. */
    void drawGrid(Canvas c, boolean vertical, boolean horizontal) {
        c.beginGroup("grid");
        Pen pen = Pen.of(Palette.GRID, 1);
        if (vertical) {
            for (Scale.Tick t : xTicks) {
                double x = px(t.value());
                c.line(x, top, x, bottom(), pen);
            }
        }
        if (horizontal) {
            for (Scale.Tick t : yTicks) {
                double y = py(t.value());
                c.line(left, y, right(), y, pen);
            }
        }
        c.endGroup();
    }

    /** Frame, ticks, tick labels and axis labels, in one {@code axes} group. */
    void drawFrame(Canvas c, String xLabel, String yLabel) {
        c.beginGroup("axes");
        Pen pen = Pen.of(Palette.AXIS, 1);
        c.rect(left, top, width, height, null, pen);
        TextStyle tick = TextStyle.of(TICK_SIZE).color(Palette.AXIS);
        for (Scale.Tick t : xTicks) {
            double x = px(t.value());
            c.line(x, bottom(), x, bottom() + TICK_LEN, pen);
            c.text(t.label(), x, bottom() + TICK_LEN + TICK_SIZE + 2, tick.middle());
        }
        for (Scale.Tick t : yTicks) {
            double y = py(t.value());
            c.line(left - TICK_LEN, y, left, y, pen);
            c.text(t.label(), left - TICK_LEN - 3, y + TICK_SIZE * 0.36, tick.end());
        }
        TextStyle label = TextStyle.of(LABEL_SIZE).color(Palette.TEXT).middle();
        if (xLabel != null && !xLabel.isEmpty()) {
            c.text(xLabel, left + width / 2, bottom() + TICK_LEN + TICK_SIZE + LABEL_SIZE + 10, label);
        }
        if (yLabel != null && !yLabel.isEmpty()) {
            double widest = 0;
            for (Scale.Tick t : yTicks) {
                widest = Math.max(widest, c.textWidth(t.label(), TICK_SIZE, false));
            }
            double x = left - TICK_LEN - 6 - widest - 6;
            c.text(yLabel, x, top + height / 2, label.rotate(-90));
        }
        c.endGroup();
    }

    /** The picture's title, centred over {@code [x0, x1]}. */
    static void drawTitle(Canvas c, String title, double x0, double x1) {
        if (title == null || title.isEmpty()) {
            return;
        }
        c.beginGroup("title");
        c.text(title, (x0 + x1) / 2, TITLE_SIZE + 6, TextStyle.of(TITLE_SIZE).withBold().middle());
        c.endGroup();
    }

    /** A white backdrop for the plot area. */
    void fill(Canvas c, Color color) {
        c.rect(left, top, width, height, color, null);
    }
}
