package dev.descent.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An animated GIF of a race: the contour plot's background (fill, iso-lines, arrows, axes, colour
 * bar) is rendered once, and each frame draws every optimizer's trajectory up to the current step,
 * one colour per optimizer, with a step counter. The last frame is held, then the race loops.
 */
public final class Animation {

    private final ContourPlot plot;
    private int maxFrames = 60;
    private int delayMs = 80;
    private int holdMs = 1500;
    private double scale = 1;
    private int loops = 0;

    private Animation(ContourPlot plot) {
        this.plot = plot;
    }

    /** A race over {@code plot}'s trajectories, on its background. */
    public static Animation race(ContourPlot plot) {
        if (plot.trajectories().isEmpty()) {
            throw new IllegalArgumentException("a race needs at least one trajectory on the contour plot");
        }
        return new Animation(plot);
    }

    /** At most this many frames; long races skip steps evenly (default 60). */
    public Animation maxFrames(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1, got " + n);
        }
        this.maxFrames = n;
        return this;
    }

    /** Milliseconds per frame (default 80) and for the final frame (default 1500). */
    public Animation timing(int frameMs, int lastFrameMs) {
        this.delayMs = frameMs;
        this.holdMs = lastFrameMs;
        return this;
    }

    /** Device pixels per logical pixel (default 1: GIFs get big fast). */
    public Animation scale(double scale) {
        this.scale = scale;
        return this;
    }

    /** How often to repeat: 0 forever (default). */
    public Animation loops(int n) {
        this.loops = n;
        return this;
    }

    /** The step shown in each frame. */
    public int[] frameSteps() {
        int longest = 0;
        for (Trajectory t : plot.trajectories()) {
            longest = Math.max(longest, t.length());
        }
        int frames = Math.min(maxFrames, longest);
        int[] steps = new int[frames];
        for (int f = 0; f < frames; f++) {
            steps[f] = frames == 1 ? longest - 1 : (int) Math.round(f * (longest - 1.0) / (frames - 1));
        }
        return steps;
    }

    /** The frames as images. */
    public List<BufferedImage> frames() {
        RasterCanvas bg = new RasterCanvas(plot.width(), plot.height(), scale);
        Axes a = plot.axes(bg);
        plot.drawBackground(bg, a);
        BufferedImage background = bg.finish();
        List<Trajectory> all = plot.trajectories();
        List<BufferedImage> frames = new ArrayList<>();
        for (int step : frameSteps()) {
            // GIF has no partial transparency: frames are opaque RGB.
            BufferedImage frame = new BufferedImage(background.getWidth(), background.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            g.drawImage(background, 0, 0, null);
            g.dispose();
            RasterCanvas c = RasterCanvas.over(frame, scale);
            List<Trajectory> shown = new ArrayList<>();
            for (Trajectory t : all) {
                shown.add(t.prefix(step + 1));
            }
            c.clip(a.left, a.top, a.width, a.height);
            TrajectoryPainter.drawPoints(c, a, plot.points(), () -> {
                for (int i = 0; i < shown.size(); i++) {
                    boolean finished = shown.get(i).length() == all.get(i).length();
                    TrajectoryPainter.draw(c, a, shown.get(i), Palette.series(i), finished);
                }
            });
            c.text("step " + step, a.left + 10, a.bottom() - 10, TextStyle.of(14).withBold().withHalo().color(Color.BLACK));
            c.unclip();
            plot.drawLegend(c, a, all);
            frames.add(c.finish());
        }
        return frames;
    }

    /** The animated GIF's bytes. */
    public byte[] toGif() {
        List<BufferedImage> frames = frames();
        int[] delays = new int[frames.size()];
        java.util.Arrays.fill(delays, delayMs);
        delays[delays.length - 1] = holdMs;
        return GifWriter.encode(frames, delays, loops);
    }

    /** Writes the GIF atomically. */
    public void writeGif(Path file) {
        AtomicFiles.write(file, toGif());
    }
}
