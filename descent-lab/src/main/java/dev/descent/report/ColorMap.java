package dev.descent.report;

import java.awt.Color;
import java.util.List;

/**
 * A colour map from [0, 1] to colours, piecewise linear between evenly spaced stops.
 *
 * <p>{@link #VIRIDIS} is perceptually uniform and colour-blind safe; {@link #BLUE_RED} (ColorBrewer
 * RdYlBu, reversed) is the notes' picture of blue valleys and red peaks; {@link #DIVERGING}
 * (ColorBrewer RdBu, reversed) is for signed quantities with a meaningful zero, such as curvature.
 *
 * @param name  a short name, used in the HTML viewer and in messages
 * @param stops colours at 0, 1/(n-1), ..., 1
 */
public record ColorMap(String name, List<Color> stops) {

    /** Sequential, dark purple to yellow (matplotlib's viridis). */
    public static final ColorMap VIRIDIS = of("viridis",
        0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725);

    /** Blue (low) through pale yellow to red (high). */
    public static final ColorMap BLUE_RED = of("blue-red",
        0x313695, 0x4575b4, 0x74add1, 0xabd9e9, 0xe0f3f8, 0xffffbf, 0xfee090, 0xfdae61, 0xf46d43, 0xd73027, 0xa50026);

    /** Diverging blue–white–red, white in the middle. */
    public static final ColorMap DIVERGING = of("diverging",
        0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f);

    public ColorMap {
        if (stops.size() < 2) {
            throw new IllegalArgumentException("a colour map needs at least 2 stops, got " + stops.size());
        }
        stops = List.copyOf(stops);
    }

    /** A map through the given {@code 0xRRGGBB} stops. */
    public static ColorMap of(String name, int... rgb) {
        return new ColorMap(name, java.util.Arrays.stream(rgb).mapToObj(Color::new).toList());
    }

    /** The colour at {@code t}, clamped to [0, 1]; NaN gives {@link Palette#MISSING}. */
    public Color at(double t) {
        return new Color(rgb(t));
    }

    /** Like {@link #at} but as packed {@code 0xRRGGBB}, for filling rasters without allocation. */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return Palette.MISSING.getRGB() & 0xFFFFFF;
        }
        double s = Math.clamp(t, 0, 1) * (stops.size() - 1);
        int i = Math.min((int) s, stops.size() - 2);
        double f = s - i;
        Color a = stops.get(i);
        Color b = stops.get(i + 1);
        int r = (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f);
        int g = (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f);
        int bl = (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
