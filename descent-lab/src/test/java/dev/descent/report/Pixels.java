package dev.descent.report;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** Measures of a rendered image that tell a real picture from a blank or broken one. */
final class Pixels {

    private Pixels() {
    }

    static int distinctColors(BufferedImage img) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colors.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colors.size();
    }

    /** Share of pixels that are not (nearly) white. */
    static double inkFraction(BufferedImage img) {
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 0xFF;
                int g = (c >> 8) & 0xFF;
                int b = c & 0xFF;
                if (r < 245 || g < 245 || b < 245) {
                    ink++;
                }
            }
        }
        return ink / (double) ((long) img.getWidth() * img.getHeight());
    }
}
