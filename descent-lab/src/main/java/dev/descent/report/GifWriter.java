package dev.descent.report;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Animated GIFs with the JDK's own writer.
 *
 * <p>Every frame is mapped onto one palette, taken from the last frame (which holds every colour
 * of a race), so colours never flicker between frames; after the first frame only the rectangle
 * that changed is stored, over the previous frame ("do not dispose"), which keeps a race small.
 * Each frame has a Graphic Control Extension with its delay; the first also has the NETSCAPE2.0
 * application extension, without which browsers play the animation once and stop.
 */
final class GifWriter {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private GifWriter() {
    }

    /**
     * Encodes same-sized frames with per-frame delays in milliseconds (GIF stores hundredths of a
     * second, at least 2: browsers slow down anything faster). {@code loops} = 0 repeats forever.
     */
    static byte[] encode(List<BufferedImage> frames, int[] delaysMs, int loops) {
        if (frames.isEmpty() || frames.size() != delaysMs.length) {
            throw new IllegalArgumentException("need one delay per frame, got " + frames.size() + " frames and " + delaysMs.length + " delays");
        }
        int w = frames.getFirst().getWidth();
        int h = frames.getFirst().getHeight();
        IndexColorModel palette = palette(frames.getLast());
        ColorCache nearest = new ColorCache();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            ImageWriteParam param = writer.getDefaultWriteParam();
            byte[] previous = null;
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = frames.get(i);
                if (frame.getWidth() != w || frame.getHeight() != h) {
                    throw new IllegalArgumentException("frame " + i + " is " + frame.getWidth() + "x" + frame.getHeight()
                        + " but the first is " + w + "x" + h);
                }
                byte[] index = indices(frame, palette, nearest);
                int[] box = previous == null ? new int[] {0, 0, w, h} : changed(previous, index, w, h);
                previous = index;
                BufferedImage part = crop(index, w, box, palette);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(part), param);
                configure(meta, box, Math.max(2, Math.round(delaysMs[i] / 10f)), i == 0 ? loops : -1);
                writer.writeToSequence(new IIOImage(part, null, meta), param);
            }
            writer.endWriteSequence();
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("GIF encoding failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /** A 256-colour palette for {@code image}: the JDK writer quantises it, and we read the result back. */
    private static IndexColorModel palette(BufferedImage image) throws UncheckedIOException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "gif", bytes);
            BufferedImage indexed = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            if (indexed.getColorModel() instanceof IndexColorModel icm) {
                return icm;
            }
            throw new IllegalStateException("the GIF reader returned a " + indexed.getColorModel() + ", not an indexed image");
        } catch (IOException e) {
            throw new UncheckedIOException("could not build a GIF palette: " + e.getMessage(), e);
        }
    }

    /**
     * RGB to palette index, an open-addressing table of ints (a {@code HashMap<Integer, Integer>}
     * boxes every pixel and was the encoder's hot spot).
     */
    private static final class ColorCache {
        private int[] keys = new int[1 << 14];
        private byte[] values = new byte[1 << 14];
        private int size;

        ColorCache() {
            java.util.Arrays.fill(keys, -1);
        }

        /** The index cached for {@code rgb} (24 bits), or -1. */
        int get(int rgb) {
            int mask = keys.length - 1;
            for (int i = mix(rgb) & mask; ; i = (i + 1) & mask) {
                int k = keys[i];
                if (k == rgb) {
                    return values[i] & 0xFF;
                }
                if (k == -1) {
                    return -1;
                }
            }
        }

        void put(int rgb, int index) {
            if (2 * (size + 1) > keys.length) {
                int[] oldK = keys;
                byte[] oldV = values;
                keys = new int[oldK.length * 2];
                values = new byte[oldK.length * 2];
                java.util.Arrays.fill(keys, -1);
                size = 0;
                for (int i = 0; i < oldK.length; i++) {
                    if (oldK[i] != -1) {
                        put(oldK[i], oldV[i] & 0xFF);
                    }
                }
            }
            int mask = keys.length - 1;
            int i = mix(rgb) & mask;
            while (keys[i] != -1 && keys[i] != rgb) {
                i = (i + 1) & mask;
            }
            if (keys[i] == -1) {
                size++;
            }
            keys[i] = rgb;
            values[i] = (byte) index;
        }

        private static int mix(int x) {
            x *= 0x9E3779B9;
            return x ^ (x >>> 15);
        }
    }

    private static byte[] indices(BufferedImage frame, IndexColorModel palette, ColorCache nearest) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int[] rgb = frame.getRGB(0, 0, w, h, null, 0, w);
        int n = palette.getMapSize();
        int[] pr = new int[n];
        int[] pg = new int[n];
        int[] pb = new int[n];
        for (int k = 0; k < n; k++) {
            pr[k] = palette.getRed(k);
            pg[k] = palette.getGreen(k);
            pb[k] = palette.getBlue(k);
        }
        byte[] out = new byte[w * h];
        for (int p = 0; p < rgb.length; p++) {
            int c = rgb[p] & 0xFFFFFF;
            int hit = nearest.get(c);
            if (hit < 0) {
                int r = c >> 16;
                int g = (c >> 8) & 0xFF;
                int b = c & 0xFF;
                int best = 0;
                int bestD = Integer.MAX_VALUE;
                for (int k = 0; k < n; k++) {
                    int dr = r - pr[k];
                    int dg = g - pg[k];
                    int db = b - pb[k];
                    // Weighted like the eye: green counts most, blue least.
                    int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                hit = best;
                nearest.put(c, hit);
            }
            out[p] = (byte) hit;
        }
        return out;
    }

    /** Bounding box {x, y, w, h} of the pixels that differ (1×1 at the origin when none do). */
    private static int[] changed(byte[] a, byte[] b, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (a[row + x] != b[row + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, 1, 1} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    private static BufferedImage crop(byte[] index, int w, int[] box, IndexColorModel palette) {
        BufferedImage part = new BufferedImage(box[2], box[3], BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster r = part.getRaster();
        byte[] row = new byte[box[2]];
        for (int y = 0; y < box[3]; y++) {
            System.arraycopy(index, (box[1] + y) * w + box[0], row, 0, box[2]);
            r.setDataElements(0, y, box[2], 1, row);
        }
        return part;
    }

    private static void configure(IIOMetadata meta, int[] box, int delayCs, int loops) throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(box[0]));
        descriptor.setAttribute("imageTopPosition", Integer.toString(box[1]));
        descriptor.setAttribute("imageWidth", Integer.toString(box[2]));
        descriptor.setAttribute("imageHeight", Integer.toString(box[3]));
        descriptor.setAttribute("interlaceFlag", "FALSE");
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCs));
        gce.setAttribute("transparentColorIndex", "0");
        if (loops >= 0) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            // Sub-block 1, then the loop count as an unsigned little-endian 16-bit number.
            app.setUserObject(new byte[] {1, (byte) (loops & 0xFF), (byte) ((loops >> 8) & 0xFF)});
            apps.appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
