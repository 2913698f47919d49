package dev.descent.report;

import java.awt.Color;

/**
 * The Okabe–Ito palette: eight colours that stay distinct under the common forms of colour
 * blindness. Series take them in {@link #series(int)} order, chosen so that the first few read well
 * both on white and on the blue–red fills of contour plots.
 */
public final class Palette {

    public static final Color BLACK = new Color(0x000000);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);

    /** Neutral colours for axes, text, grid lines and the special categories of maps. */
    public static final Color TEXT = new Color(0x222222);
    public static final Color AXIS = new Color(0x555555);
    public static final Color GRID = new Color(0xE3E3E3);
    public static final Color MISSING = new Color(0xBDBDBD);
    public static final Color DIVERGED = new Color(0x4D4D4D);

    private static final Color[] SERIES = {
        BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, BLACK, YELLOW,
    };

    // Areas (basin maps) take the lighter Okabe–Ito colours first so labels and markers stay legible.
    private static final Color[] CATEGORIES = {
        SKY_BLUE, ORANGE, BLUISH_GREEN, YELLOW, REDDISH_PURPLE, BLUE, VERMILLION,
    };

    private Palette() {
    }

    /** The fill colour of category number {@code index}; past seven, tinted repeats. */
    public static Color category(int index) {
        int i = Math.floorMod(index, CATEGORIES.length);
        int round = Math.floorMod(index, CATEGORIES.length * 3) / CATEGORIES.length;
        return tint(CATEGORIES[i], 0.3 * round);
    }

    /** The colour of series number {@code index} (cycles after eight). */
    public static Color series(int index) {
        return SERIES[Math.floorMod(index, SERIES.length)];
    }

    /** Number of distinct series colours before they repeat. */
    public static int size() {
        return SERIES.length;
    }

    /** {@code c} with the given opacity in [0, 1]. */
    public static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.clamp(alpha, 0, 1)));
    }

    /** Mixes {@code c} with white: {@code amount} 0 keeps {@code c}, 1 gives white. */
    public static Color tint(Color c, double amount) {
        double a = Math.clamp(amount, 0, 1);
        return new Color(
            (int) Math.round(c.getRed() + (255 - c.getRed()) * a),
            (int) Math.round(c.getGreen() + (255 - c.getGreen()) * a),
            (int) Math.round(c.getBlue() + (255 - c.getBlue()) * a));
    }

    /** Scales the brightness of {@code c} by {@code factor} (clamped to the valid range). */
    public static Color shade(Color c, double factor) {
        return new Color(
            (int) Math.clamp(Math.round(c.getRed() * factor), 0, 255),
            (int) Math.clamp(Math.round(c.getGreen() * factor), 0, 255),
            (int) Math.clamp(Math.round(c.getBlue() * factor), 0, 255));
    }

    /** CSS form {@code #rrggbb} (alpha is written separately where needed). */
    public static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
