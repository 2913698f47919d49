package dev.descent.report;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * The drawing surface every picture paints on, in logical pixels with y pointing down.
 *
 * <p>Two implementations share one drawing code path: {@link RasterCanvas} (Java2D, for PNG and GIF)
 * and {@link SvgCanvas} (SVG text). Groups become {@code <g class="...">} in SVG so the structure
 * of a picture (axes, series, legend) can be checked; a raster ignores them. {@code fill} and
 * {@code pen} arguments may be {@code null} to skip filling or stroking.
 */
public interface Canvas {

    /** Logical width in pixels. */
    int width();

    /** Logical height in pixels. */
    int height();

    /** Device pixels per logical pixel: rasters computed for this canvas should use it. */
    double rasterScale();

    /** Opens a group named by a CSS class (and an optional label kept as {@code data-name}). */
    void beginGroup(String cssClass, String name);

    /** Opens a group named by a CSS class. */
    default void beginGroup(String cssClass) {
        beginGroup(cssClass, null);
    }

    /** Closes the innermost open group. */
    void endGroup();

    void line(double x1, double y1, double x2, double y2, Pen pen);

    /** An open polyline through the first {@code n} points. */
    void polyline(double[] xs, double[] ys, int n, Pen pen);

    /** A closed polygon through the first {@code n} points. */
    void polygon(double[] xs, double[] ys, int n, Color fill, Pen pen);

    void rect(double x, double y, double w, double h, Color fill, Pen pen);

    void circle(double cx, double cy, double r, Color fill, Pen pen);

    /** Draws {@code text} with its anchor at (x, y) on the baseline. */
    void text(String text, double x, double y, TextStyle style);

    /** Width of {@code text} in logical pixels, for layout. */
    double textWidth(String text, double size, boolean bold);

    /** Draws a raster image into the given logical rectangle; {@code smooth} interpolates when scaling. */
    void image(BufferedImage image, double x, double y, double w, double h, boolean smooth);

    /** Restricts drawing to a rectangle until {@link #unclip()}. */
    void clip(double x, double y, double w, double h);

    void unclip();
}
