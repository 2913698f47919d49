package dev.descent.report;

/**
 * A figure with a line of small grey text under it: where it came from (the command, the version,
 * the date), so a picture saved on its own still says how to reproduce it. The figure is drawn as
 * an image at the canvas's scale (at 2× in SVG), the note as text.
 *
 * <pre>{@code
 * new Footnote(contour, "descent optimize --function rosenbrock --optimizer adam --lr 0.05 · Descent 0.1.0").write(file);
 * }</pre>
 */
public final class Footnote implements Figure {
    private static final int LINE = 20;

    private final Figure figure;
    private final String text;

    /** {@code figure} with {@code text} below it. */
    public Footnote(Figure figure, String text) {
        this.figure = figure;
        this.text = text;
    }

    @Override
    public int width() {
        return figure.width();
    }

    @Override
    public int height() {
        return figure.height() + LINE;
    }

    @Override
    public void draw(Canvas c) {
        double scale = c instanceof SvgCanvas ? 2 : c.rasterScale();
        c.rect(0, 0, width(), height(), java.awt.Color.WHITE, null);
        c.image(figure.toImage(scale), 0, 0, figure.width(), figure.height(), true);
        c.beginGroup("footnote");
        String shown = text;
        double size = 10;
        while (shown.length() > 4 && c.textWidth(shown, size, false) > width() - 16) {
            shown = shown.substring(0, shown.length() - 2);
        }
        if (!shown.equals(text)) {
            shown = shown + "…";
        }
        c.text(shown, 8, figure.height() + LINE - 6, TextStyle.of(size).color(Palette.AXIS));
        c.endGroup();
    }
}
