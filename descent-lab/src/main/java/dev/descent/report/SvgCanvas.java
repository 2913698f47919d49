package dev.descent.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Canvas} that writes SVG text: real {@code <text>} elements, groups with CSS classes,
 * and rasters (heat-map fills) embedded as PNG data URIs, so the file needs nothing else to open.
 */
public final class SvgCanvas implements Canvas {

    private static final AtomicLong IDS = new AtomicLong();

    private final int width;
    private final int height;
    private final SvgWriter svg = new SvgWriter();
    private final String idPrefix = "d" + Long.toString(IDS.incrementAndGet(), 36) + "-";
    private int clipCount;
    private boolean clipped;

    /** A white SVG of the given logical size. */
    public SvgCanvas(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("canvas size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        svg.open("svg", "xmlns", "http://www.w3.org/2000/svg", "xmlns:xlink", "http://www.w3.org/1999/xlink",
            "width", width, "height", height, "viewBox", "0 0 " + width + " " + height,
            "font-family", Fonts.CSS_FAMILY,
            // Keep runs of spaces in labels ("A  25.0 %"), as the PNG shows them.
            "xml:space", "preserve", "style", "white-space:pre");
        svg.empty("rect", "class", "background", "x", 0, "y", 0, "width", width, "height", height, "fill", "#ffffff");
    }

    /** The finished document. */
    public String finish() {
        if (clipped) {
            unclip();
        }
        return svg.finish();
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Rasters embedded in SVG are made at twice the logical size so they stay sharp when zoomed. */
    @Override
    public double rasterScale() {
        return 2;
    }

    @Override
    public void beginGroup(String cssClass, String name) {
        svg.open("g", "class", cssClass, "data-name", name);
    }

    @Override
    public void endGroup() {
        svg.close();
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] r = new Object[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Object[] strokeAttrs(Pen pen) {
        if (pen == null) {
            return new Object[] {"stroke", "none"};
        }
        String dash = null;
        if (pen.dash() != null) {
            StringBuilder b = new StringBuilder();
            for (double d : pen.dash()) {
                b.append(b.isEmpty() ? "" : " ").append(SvgWriter.num(d));
            }
            dash = b.toString();
        }
        return new Object[] {
            "stroke", Palette.hex(pen.color()), "stroke-opacity", opacity(pen.color()),
            "stroke-width", SvgWriter.num(pen.width()), "stroke-dasharray", dash,
            "stroke-linecap", "round", "stroke-linejoin", "round",
        };
    }

    private static Object[] fillAttrs(Color fill) {
        if (fill == null) {
            return new Object[] {"fill", "none"};
        }
        return new Object[] {"fill", Palette.hex(fill), "fill-opacity", opacity(fill)};
    }

    private static String opacity(Color c) {
        return c.getAlpha() == 255 ? null : SvgWriter.num(c.getAlpha() / 255.0);
    }

    private static String points(double[] xs, double[] ys, int n) {
        StringBuilder b = new StringBuilder(n * 12);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(SvgWriter.num(xs[i])).append(',').append(SvgWriter.num(ys[i]));
        }
        return b.toString();
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Pen pen) {
        svg.empty("line", concat(new Object[] {
            "x1", SvgWriter.num(x1), "y1", SvgWriter.num(y1), "x2", SvgWriter.num(x2), "y2", SvgWriter.num(y2)},
            strokeAttrs(pen)));
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, Pen pen) {
        if (n < 2) {
            return;
        }
        svg.empty("polyline", concat(new Object[] {"points", points(xs, ys, n), "fill", "none"}, strokeAttrs(pen)));
    }

    @Override
    public void polygon(double[] xs, double[] ys, int n, Color fill, Pen pen) {
        if (n < 3) {
            return;
        }
        svg.empty("polygon", concat(concat(new Object[] {"points", points(xs, ys, n)}, fillAttrs(fill)), strokeAttrs(pen)));
    }

    @Override
    public void rect(double x, double y, double w, double h, Color fill, Pen pen) {
        svg.empty("rect", concat(concat(new Object[] {
            "x", SvgWriter.num(x), "y", SvgWriter.num(y), "width", SvgWriter.num(w), "height", SvgWriter.num(h)},
            fillAttrs(fill)), strokeAttrs(pen)));
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Pen pen) {
        svg.empty("circle", concat(concat(new Object[] {
            "cx", SvgWriter.num(cx), "cy", SvgWriter.num(cy), "r", SvgWriter.num(r)},
            fillAttrs(fill)), strokeAttrs(pen)));
    }

    @Override
    public void text(String text, double x, double y, TextStyle style) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String anchor = switch (style.anchor()) {
            case START -> null;
            case MIDDLE -> "middle";
            case END -> "end";
        };
        String transform = style.rotation() == 0 ? null
            : "rotate(" + SvgWriter.num(style.rotation()) + " " + SvgWriter.num(x) + " " + SvgWriter.num(y) + ")";
        Object[] halo = style.halo()
            ? new Object[] {"stroke", "#ffffff", "stroke-opacity", "0.86", "stroke-width",
                SvgWriter.num(Math.max(2.5, style.size() / 4)), "stroke-linejoin", "round", "paint-order", "stroke"}
            : new Object[0];
        svg.text("text", text, concat(new Object[] {
            "x", SvgWriter.num(x), "y", SvgWriter.num(y), "font-size", SvgWriter.num(style.size()),
            "font-weight", style.bold() ? "bold" : null, "fill", Palette.hex(style.color()),
            "fill-opacity", opacity(style.color()), "text-anchor", anchor, "transform", transform}, halo));
    }

    @Override
    public double textWidth(String text, double size, boolean bold) {
        return Fonts.width(text, size, bold);
    }

    @Override
    public void image(BufferedImage image, double x, double y, double w, double h, boolean smooth) {
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(Png.encode(image, 1));
        svg.empty("image", "x", SvgWriter.num(x), "y", SvgWriter.num(y), "width", SvgWriter.num(w),
            "height", SvgWriter.num(h), "preserveAspectRatio", "none",
            "style", smooth ? null : "image-rendering:pixelated", "xlink:href", data);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        if (clipped) {
            unclip();
        }
        String id = idPrefix + "clip" + (clipCount++);
        svg.open("clipPath", "id", id);
        svg.empty("rect", "x", SvgWriter.num(x), "y", SvgWriter.num(y), "width", SvgWriter.num(w), "height", SvgWriter.num(h));
        svg.close();
        svg.open("g", "class", "clip", "clip-path", "url(#" + id + ")");
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) {
            svg.close();
            clipped = false;
        }
    }
}
