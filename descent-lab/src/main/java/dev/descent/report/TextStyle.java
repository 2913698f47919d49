package dev.descent.report;

import java.awt.Color;

/**
 * How a piece of text is drawn. The anchor says which point of the text sits at the given (x, y):
 * the baseline's start, middle or end. {@code rotation} is in degrees, clockwise as on screen, about
 * the anchor. A halo is a white outline behind the glyphs so labels stay readable over fills.
 */
public record TextStyle(double size, boolean bold, Color color, Anchor anchor, double rotation, boolean halo) {

    /** Horizontal placement of the text relative to its anchor point. */
    public enum Anchor { START, MIDDLE, END }

    /** Plain text of the given size, anchored at its start. */
    public static TextStyle of(double size) {
        return new TextStyle(size, false, Palette.TEXT, Anchor.START, 0, false);
    }

    public TextStyle withBold() {
        return new TextStyle(size, true, color, anchor, rotation, halo);
    }

    public TextStyle color(Color c) {
        return new TextStyle(size, bold, c, anchor, rotation, halo);
    }

    public TextStyle anchor(Anchor a) {
        return new TextStyle(size, bold, color, a, rotation, halo);
    }

    public TextStyle middle() {
        return anchor(Anchor.MIDDLE);
    }

    public TextStyle end() {
        return anchor(Anchor.END);
    }

    public TextStyle rotate(double degrees) {
        return new TextStyle(size, bold, color, anchor, degrees, halo);
    }

    public TextStyle withHalo() {
        return new TextStyle(size, bold, color, anchor, rotation, true);
    }
}
