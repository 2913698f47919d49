package dev.descent.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Several figures side by side in one picture: a grid of panels, each drawn at its own logical
 * size, laid out row by row with a small gap. In a raster each panel is drawn directly (at the
 * canvas's scale); in SVG each panel is rendered as a raster image at twice its size, so the
 * composite stays one file.
 *
 * <pre>{@code
 * new Panels(2).add(contourA).add(contourB).add(contourC).add(contourD).write(Path.of("four.png"));
 * }</pre>
 */
public final class Panels implements Figure {
    private static final int GAP = 8;

    private final int columns;
    private final List<Figure> panels = new ArrayList<>();

    /** Panels in {@code columns} columns. */
    public Panels(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("panels need at least one column, got " + columns);
        }
        this.columns = columns;
    }

    /** Adds a panel (row by row). */
    public Panels add(Figure f) {
        panels.add(f);
        return this;
    }

    /** Adds panels. */
    public Panels addAll(List<? extends Figure> fs) {
        panels.addAll(fs);
        return this;
    }

    private int rows() {
        return (panels.size() + columns - 1) / columns;
    }

    private int columnWidth(int col) {
        int w = 0;
        for (int i = col; i < panels.size(); i += columns) {
            w = Math.max(w, panels.get(i).width());
        }
        return w;
    }

    private int rowHeight(int row) {
        int h = 0;
        for (int i = row * columns; i < Math.min(panels.size(), (row + 1) * columns); i++) {
            h = Math.max(h, panels.get(i).height());
        }
        return h;
    }

    @Override
    public int width() {
        int w = 0;
        for (int c = 0; c < Math.min(columns, panels.size()); c++) {
            w += columnWidth(c) + (c > 0 ? GAP : 0);
        }
        return Math.max(1, w);
    }

    @Override
    public int height() {
        int h = 0;
        for (int r = 0; r < rows(); r++) {
            h += rowHeight(r) + (r > 0 ? GAP : 0);
        }
        return Math.max(1, h);
    }

    @Override
    public void draw(Canvas c) {
        double scale = c instanceof SvgCanvas ? 2 : c.rasterScale();
        double y = 0;
        for (int r = 0; r < rows(); r++) {
            double x = 0;
            for (int col = 0; col < columns; col++) {
                int i = r * columns + col;
                if (i >= panels.size()) {
                    break;
                }
                Figure f = panels.get(i);
                c.beginGroup("panel");
                c.image(f.toImage(scale), x, y, f.width(), f.height(), true);
                c.endGroup();
                x += columnWidth(col) + GAP;
            }
            y += rowHeight(r) + GAP;
        }
    }
}
