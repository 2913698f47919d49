package dev.descent.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one font family of all pictures, and text measurement shared by the PNG and SVG back ends so
 * that both lay out identically. DejaVu Sans ships with most Linux systems; Java falls back to its
 * logical sans-serif font when it is missing.
 */
final class Fonts {

    static final String FAMILY = "DejaVu Sans";
    static final String CSS_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";

    private static final Map<String, Font> FONTS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Graphics2D> MEASURE = ThreadLocal.withInitial(() -> {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    });

    private Fonts() {
    }

    static Font font(double size, boolean bold) {
        String key = size + (bold ? "b" : "");
        return FONTS.computeIfAbsent(key,
            k -> new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, 12).deriveFont((float) size));
    }

    static double width(String text, double size, boolean bold) {
        if (text.isEmpty()) {
            return 0;
        }
        Font f = font(size, bold);
        return f.getStringBounds(text, MEASURE.get().getFontRenderContext()).getWidth();
    }

    static FontMetrics metrics(double size, boolean bold) {
        return MEASURE.get().getFontMetrics(font(size, bold));
    }
}
