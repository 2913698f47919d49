package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * One bar per category, such as steps to reach a tolerance per optimizer. Each bar has its series
 * colour and its value written above it; a missing value (NaN or infinite: the optimizer never got
 * there) leaves an empty slot marked with a short note instead of a misleading bar.
 */
public final class BarChart implements Figure {

    private final List<String> categories;
    private final double[] values;
    private int width = 640;
    private int height = 420;
    private String title;
    private String xLabel;
    private String yLabel = "value";
    private boolean logY;
    private String missingLabel = "not reached";

    /** Bars for {@code values[i]} labelled {@code categories.get(i)}. */
    public BarChart(List<String> categories, double[] values) {
        if (categories.size() != values.length) {
            throw new IllegalArgumentException(categories.size() + " categories but " + values.length + " values");
        }
        this.categories = List.copyOf(categories);
        this.values = values.clone();
    }

    public BarChart size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public BarChart title(String title) {
        this.title = title;
        return this;
    }

    public BarChart labels(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    public BarChart logY(boolean on) {
        this.logY = on;
        return this;
    }

    /** The note shown in place of a missing bar. */
    public BarChart missingLabel(String label) {
        this.missingLabel = label;
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
        return Double.isFinite(v) && (!logY || v > 0);
    }

    @Override
    public void draw(Canvas c) {
        double hi = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (usable(v)) {
                hi = Math.max(hi, v);
                lo = Math.min(lo, v);
            }
        }
        Scale ys;
        if (logY) {
            Scale s = Scale.covering(lo, hi, true, 0.08);
            // Start at a whole decade so bars grow from a round number.
            ys = new Scale(Math.pow(10, Math.floor(Math.log10(s.min()))), s.max() * 1.4, true);
        } else {
            double top = Double.isFinite(hi) ? Math.max(hi, 0) : 1;
            double bottom = Double.isFinite(lo) ? Math.min(lo, 0) : 0;
            ys = Scale.covering(bottom, top == bottom ? bottom + 1 : top, false, 0);
            ys = new Scale(ys.min() - (ys.min() < 0 ? 0.08 * (ys.max() - ys.min()) : 0), ys.max() + 0.1 * (ys.max() - ys.min()), false);
        }
        int n = categories.size();
        Scale xs = Scale.linear(-0.5, Math.max(0.5, n - 0.5));
        List<Scale.Tick> ticks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ticks.add(new Scale.Tick(i, categories.get(i)));
        }
        Axes a = Axes.place(0, 0, c.width(), c.height(), xs, ys, title != null, xLabel != null, yLabel != null, ticks);
        Axes.drawTitle(c, title, a.left, a.right());
        a.drawGrid(c, false, true);
        double slot = a.width / Math.max(1, n);
        double barW = Math.min(70, slot * 0.66);
        double base = logY ? a.bottom() : a.py(Math.clamp(0, ys.min(), ys.max()));
        c.beginGroup("series", "bars");
        for (int i = 0; i < n; i++) {
            double cx = a.px(i);
            double v = values[i];
            c.beginGroup("bar", categories.get(i));
            if (usable(v)) {
                double top = a.py(v);
                Color color = Palette.series(i);
                c.rect(cx - barW / 2, Math.min(top, base), barW, Math.abs(base - top), color, null);
                String label = Scale.format(v, Math.abs(v) >= 100 || v == Math.rint(v) ? 1 : Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2));
                double ly = v >= 0 || logY ? top - 5 : top + 14;
                c.text(label, cx, ly, TextStyle.of(11).withBold().middle());
            } else {
                Pen dashed = Pen.dashed(new Color(0x888888), 1, 4, 3);
                c.rect(cx - barW / 2, a.top + 4, barW, base - a.top - 4, null, dashed);
                // Written upwards inside the empty slot, so long notes fit narrow slots.
                c.text(missingLabel, cx + 4, base - 8, TextStyle.of(10.5).color(new Color(0x666666)).rotate(-90));
            }
            c.endGroup();
        }
        c.endGroup();
        a.drawFrame(c, xLabel, yLabel);
    }
}
