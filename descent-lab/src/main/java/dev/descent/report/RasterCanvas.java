package dev.descent.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * A {@link Canvas} backed by Java2D: anti-aliased, pure strokes, drawing at {@code scale} device
 * pixels per logical pixel (2 gives crisp images on high-density screens).
 */
public final class RasterCanvas implements Canvas {

    private final int width;
    private final int height;
    private final double scale;
    private final BufferedImage image;
    private final Graphics2D g;

    /** A white canvas of the given logical size drawn at {@code scale}. */
    public RasterCanvas(int width, int height, double scale) {
        this(width, height, scale, Color.WHITE);
    }

    /** A canvas with the given background ({@code null} or transparent leaves it transparent). */
    public RasterCanvas(int width, int height, double scale, Color background) {
        if (width <= 0 || height <= 0 || !(scale > 0)) {
            throw new IllegalArgumentException("canvas size must be positive, got " + width + "x" + height + " at scale " + scale);
        }
        this.width = width;
        this.height = height;
        this.scale = scale;
        int w = (int) Math.round(width * scale);
        int h = (int) Math.round(height * scale);
        this.image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        this.g = image.createGraphics();
        if (background != null) {
            g.setColor(background);
            g.fillRect(0, 0, w, h);
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        // Pure strokes keep thin lines where the geometry says, not snapped to pixel centres.
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(scale, scale);
    }

    /** Wraps an existing image (for example a copy of a pre-rendered background) at {@code scale}. */
    public static RasterCanvas over(BufferedImage image, double scale) {
        return new RasterCanvas(image, scale);
    }

    private RasterCanvas(BufferedImage image, double scale) {
        this.image = image;
        this.scale = scale;
        this.width = (int) Math.round(image.getWidth() / scale);
        this.height = (int) Math.round(image.getHeight() / scale);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(scale, scale);
    }

    /** The image drawn so far (device pixels). */
    public BufferedImage image() {
        return image;
    }

    /** Releases the graphics context; the image stays usable. */
    public BufferedImage finish() {
        g.dispose();
        return image;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public double rasterScale() {
        return scale;
    }

    @Override
    public void beginGroup(String cssClass, String name) {
        // Rasters have no structure.
    }

    @Override
    public void endGroup() {
    }

    private void stroke(Shape s, Pen pen) {
        if (pen == null) {
            return;
        }
        float[] dash = null;
        if (pen.dash() != null) {
            dash = new float[pen.dash().length];
            for (int i = 0; i < dash.length; i++) {
                dash[i] = (float) pen.dash()[i];
            }
        }
        g.setStroke(new BasicStroke((float) pen.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        g.setColor(pen.color());
        g.draw(s);
    }

    private void fill(Shape s, Color fill) {
        if (fill != null) {
            g.setColor(fill);
            g.fill(s);
        }
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Pen pen) {
        stroke(new Line2D.Double(x1, y1, x2, y2), pen);
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, Pen pen) {
        if (n < 2) {
            return;
        }
        stroke(path(xs, ys, n, false), pen);
    }

    @Override
    public void polygon(double[] xs, double[] ys, int n, Color fill, Pen pen) {
        if (n < 3) {
            return;
        }
        Path2D p = path(xs, ys, n, true);
        fill(p, fill);
        stroke(p, pen);
    }

    private static Path2D path(double[] xs, double[] ys, int n, boolean close) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, n + 1);
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < n; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        if (close) {
            p.closePath();
        }
        return p;
    }

    @Override
    public void rect(double x, double y, double w, double h, Color fill, Pen pen) {
        Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
        fill(r, fill);
        stroke(r, pen);
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Pen pen) {
        Ellipse2D e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        fill(e, fill);
        stroke(e, pen);
    }

    @Override
    public void text(String text, double x, double y, TextStyle style) {
        if (text == null || text.isEmpty()) {
            return;
        }
        Font font = Fonts.font(style.size(), style.bold());
        double w = Fonts.width(text, style.size(), style.bold());
        double dx = switch (style.anchor()) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (style.rotation() != 0) {
            g.rotate(Math.toRadians(style.rotation()));
        }
        if (style.halo()) {
            TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
            Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(dx, 0));
            g.setStroke(new BasicStroke((float) Math.max(2.5, style.size() / 4), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(255, 255, 255, 220));
            g.draw(outline);
        }
        g.setFont(font);
        g.setColor(style.color());
        g.drawString(text, (float) dx, 0f);
        g.setTransform(saved);
    }

    @Override
    public double textWidth(String text, double size, boolean bold) {
        return Fonts.width(text, size, bold);
    }

    @Override
    public void image(BufferedImage img, double x, double y, double w, double h, boolean smooth) {
        Object hint = smooth ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.scale(w / img.getWidth(), h / img.getHeight());
        g.drawImage(img, at, null);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        g.setClip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void unclip() {
        g.setClip(null);
    }
}
