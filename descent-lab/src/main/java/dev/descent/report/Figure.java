package dev.descent.report;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A picture of a fixed logical size that can draw itself on any {@link Canvas}; from that one
 * method come PNG (at any scale), SVG and in-memory images. Files are written atomically.
 */
public interface Figure {

    /** Logical width in pixels. */
    int width();

    /** Logical height in pixels. */
    int height();

    /** Paints the whole picture. */
    void draw(Canvas canvas);

    /** Renders to an image of {@code width*scale} by {@code height*scale} device pixels. */
    default BufferedImage toImage(double scale) {
        RasterCanvas c = new RasterCanvas(width(), height(), scale);
        draw(c);
        return c.finish();
    }

    /** PNG bytes at the given scale (1 = logical size, 2 = crisp on high-density screens). */
    default byte[] toPng(double scale) {
        return Png.encode(toImage(scale), scale);
    }

    /** The SVG document. */
    default String toSvg() {
        SvgCanvas c = new SvgCanvas(width(), height());
        draw(c);
        return c.finish();
    }

    /** Writes a PNG at logical size. */
    default void writePng(Path file) {
        writePng(file, 1);
    }

    /** Writes a PNG at the given scale. */
    default void writePng(Path file, double scale) {
        AtomicFiles.write(file, toPng(scale));
    }

    /** Writes the SVG. */
    default void writeSvg(Path file) {
        AtomicFiles.write(file, toSvg().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes PNG or SVG, chosen by the file's extension ({@code .png} at scale 2). */
    default void write(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            writeSvg(file);
        } else if (name.endsWith(".png")) {
            writePng(file, 2);
        } else {
            throw new IllegalArgumentException("unknown picture format for " + file + ": use .png or .svg");
        }
    }
}
