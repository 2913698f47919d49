package dev.descent.report;

import java.awt.Color;

/**
 * How a line is stroked: colour (its alpha is the opacity), width in logical pixels, and an
 * optional dash pattern ({@code null} for solid).
 */
public record Pen(Color color, double width, double[] dash) {

    public Pen {
        if (!(width > 0)) {
            throw new IllegalArgumentException("pen width must be positive, got " + width);
        }
    }

    /** A solid pen. */
    public static Pen of(Color color, double width) {
        return new Pen(color, width, null);
    }

    /** A dashed pen: {@code on} pixels drawn, {@code off} pixels skipped. */
    public static Pen dashed(Color color, double width, double on, double off) {
        return new Pen(color, width, new double[] {on, off});
    }

    /** The same pen with another colour. */
    public Pen withColor(Color c) {
        return new Pen(c, width, dash);
    }

    /** The same pen with another width. */
    public Pen withWidth(double w) {
        return new Pen(color, w, dash);
    }
}
