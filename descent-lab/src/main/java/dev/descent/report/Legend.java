package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A boxed legend: one row per entry, each with a small key (line, marker, line with marker, or
 * colour swatch) and its label. In SVG it is a {@code <g class="legend">} with one
 * {@code <g class="legend-entry">} per row, so tests can read the labels back.
 */
final class Legend {

    static final double FONT = 11.5;
    private static final double ROW = 18;
    private static final double KEY = 26;
    private static final double PAD = 8;

    /** What the key of an entry looks like. */
    enum Kind { LINE, MARKER, LINE_MARKER, SWATCH }

    /** One row of the legend. */
    record Entry(String label, Color color, Kind kind, Marker marker, Pen pen) {
        static Entry line(String label, Color color, double width) {
            return new Entry(label, color, Kind.LINE, null, Pen.of(color, width));
        }

        static Entry swatch(String label, Color color) {
            return new Entry(label, color, Kind.SWATCH, null, null);
        }

        static Entry marker(String label, Color color, Marker marker) {
            return new Entry(label, color, Kind.MARKER, marker, null);
        }
    }

    /** Which corner of the plot area the legend sits in. */
    enum Corner { TOP_RIGHT, TOP_LEFT, BOTTOM_RIGHT, BOTTOM_LEFT }

    private final List<Entry> entries = new ArrayList<>();
    private String title;
    private double maxLabelWidth = Double.POSITIVE_INFINITY;

    Legend add(Entry e) {
        entries.add(e);
        return this;
    }

    Legend title(String t) {
        this.title = t;
        return this;
    }

    /** Labels wider than this are shortened with an ellipsis (the full label stays in SVG's data-name). */
    Legend maxLabelWidth(double w) {
        this.maxLabelWidth = Math.max(30, w);
        return this;
    }

    private String shown(Canvas c, String label) {
        if (c.textWidth(label, FONT, false) <= maxLabelWidth) {
            return label;
        }
        String s = label;
        while (s.length() > 1 && c.textWidth(s + "…", FONT, false) > maxLabelWidth) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    double width(Canvas c) {
        double w = title == null ? 0 : c.textWidth(title, FONT, true);
        for (Entry e : entries) {
            w = Math.max(w, KEY + 6 + c.textWidth(shown(c, e.label()), FONT, false));
        }
        return w + 2 * PAD;
    }

    double height() {
        return entries.size() * ROW + (title == null ? 0 : ROW) + 2 * PAD - 4;
    }

    /** Draws the legend inside the axes' corner (an 8 px inset). */
    void drawInside(Canvas c, Axes a, Corner corner) {
        maxLabelWidth(Math.min(maxLabelWidth, a.width - 16 - KEY - 6 - 2 * PAD));
        double w = width(c);
        double h = height();
        double x = switch (corner) {
            case TOP_RIGHT, BOTTOM_RIGHT -> a.right() - w - 8;
            case TOP_LEFT, BOTTOM_LEFT -> a.left + 8;
        };
        double y = switch (corner) {
            case TOP_RIGHT, TOP_LEFT -> a.top + 8;
            case BOTTOM_RIGHT, BOTTOM_LEFT -> a.bottom() - h - 8;
        };
        draw(c, x, y);
    }

    /**
     * The corner where the legend covers the fewest of the given pixel points, so it does not hide
     * the data (ties prefer top right, the usual place).
     */
    Corner emptiestCorner(Canvas c, Axes a, List<double[]> pixelPoints) {
        maxLabelWidth(Math.min(maxLabelWidth, a.width - 16 - KEY - 6 - 2 * PAD));
        double w = width(c) + 8;
        double h = height() + 8;
        Corner best = Corner.TOP_RIGHT;
        int bestCount = Integer.MAX_VALUE;
        for (Corner corner : Corner.values()) {
            double x0 = corner == Corner.TOP_LEFT || corner == Corner.BOTTOM_LEFT ? a.left : a.right() - w;
            double y0 = corner == Corner.TOP_LEFT || corner == Corner.TOP_RIGHT ? a.top : a.bottom() - h;
            int count = 0;
            for (double[] p : pixelPoints) {
                if (p[0] >= x0 && p[0] <= x0 + w && p[1] >= y0 && p[1] <= y0 + h) {
                    count++;
                }
            }
            if (count < bestCount) {
                bestCount = count;
                best = corner;
            }
        }
        return best;
    }

    /** Draws the legend with its top-left corner at (x, y). */
    void draw(Canvas c, double x, double y) {
        if (entries.isEmpty()) {
            return;
        }
        c.beginGroup("legend");
        c.rect(x, y, width(c), height(), new Color(255, 255, 255, 230), Pen.of(new Color(0xBBBBBB), 0.8));
        double row = y + PAD + FONT - 1;
        if (title != null) {
            c.text(title, x + PAD, row, TextStyle.of(FONT).withBold());
            row += ROW;
        }
        for (Entry e : entries) {
            c.beginGroup("legend-entry", e.label());
            double kx = x + PAD;
            double ky = row - FONT * 0.36;
            switch (e.kind()) {
                case LINE -> c.line(kx, ky, kx + KEY, ky, e.pen());
                case MARKER -> e.marker().draw(c, kx + KEY / 2, ky, 9, e.color(), e.pen() != null ? e.pen() : Pen.of(Color.WHITE, 0.8));
                case LINE_MARKER -> {
                    c.line(kx, ky, kx + KEY, ky, e.pen());
                    e.marker().draw(c, kx + KEY / 2, ky, 7, e.color(), Pen.of(Color.WHITE, 0.6));
                }
                case SWATCH -> c.rect(kx + 3, ky - 6, KEY - 6, 12, e.color(), Pen.of(new Color(0x888888), 0.6));
            }
            c.text(shown(c, e.label()), kx + KEY + 6, row, TextStyle.of(FONT));
            c.endGroup();
            row += ROW;
        }
        c.endGroup();
    }
}
