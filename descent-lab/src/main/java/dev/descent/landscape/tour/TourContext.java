package dev.descent.landscape.tour;

import dev.descent.report.Animation;
import dev.descent.report.AtomicFiles;
import dev.descent.report.Figure;
import dev.descent.report.HtmlReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a {@link TourSection} works with: the output folder, the report being built, the summary
 * of facts, progress messages, and the budget ({@link #quick()} shrinks grids and step counts for
 * tests, keeping every section and picture).
 */
public final class TourContext {
    private final Path out;
    private final HtmlReport report;
    private final TourSummary summary;
    private final boolean quick;
    private final long seed;
    private final Consumer<String> progress;
    private final List<Path> files = new ArrayList<>();
    private final java.util.Map<String, Object> memo = new java.util.HashMap<>();
    private String sectionId;

    TourContext(Path out, HtmlReport report, TourSummary summary, boolean quick, long seed, Consumer<String> progress) {
        this.out = out;
        this.report = report;
        this.summary = summary;
        this.quick = quick;
        this.seed = seed;
        this.progress = progress;
    }

    void enter(String id) {
        this.sectionId = id;
    }

    /** The output folder. */
    public Path out() {
        return out;
    }

    /** The report: add paragraphs, notes, tables and code directly; pictures through {@link #picture}. */
    public HtmlReport report() {
        return report;
    }

    /** True for the reduced budget (tests): smaller grids, fewer steps. */
    public boolean quick() {
        return quick;
    }

    /** {@code full} normally, {@code reduced} under {@link #quick()}. */
    public int budget(int full, int reduced) {
        return quick ? reduced : full;
    }

    /** The tour's random seed (every random start derives from it). */
    public long seed() {
        return seed;
    }

    /** A progress line on the tour's progress stream (stderr in the CLI). */
    public void progress(String message) {
        progress.accept(message);
    }

    /** Records a measured fact of the current section; {@code text} is its sentence in the summary. */
    public void fact(String key, Object value, String text) {
        summary.fact(sectionId, key, value, text);
    }

    /** Records a claim of the notes and whether the measurement bears it out, in the summary and the report. */
    public void claim(String claim, boolean holds, String detail) {
        summary.claim(sectionId, claim, holds, detail);
        report.claim(claim + (detail == null || detail.isEmpty() ? "" : " — " + detail), holds);
    }

    /**
     * Writes {@code figure} to {@code <section id>-<name>} (PNG at 2×, 1× under {@link #quick()}, or
     * SVG, by the name's extension) and adds it to the report with {@code caption}.
     */
    public Path picture(String name, Figure figure, String caption) {
        Path file = out.resolve(sectionId + "-" + name);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".svg")) {
            String svg = figure.toSvg();
            AtomicFiles.write(file, svg.getBytes(StandardCharsets.UTF_8));
            report.figureSvg(figure, caption);
        } else if (lower.endsWith(".png")) {
            byte[] png = figure.toPng(quick ? 1 : 2); // 2× for sharp screens; 1× on the reduced budget
            AtomicFiles.write(file, png);
            report.figure(figure, png, caption);
        } else {
            throw new IllegalArgumentException("picture names end in .png or .svg, got " + name);
        }
        files.add(file);
        return file;
    }

    /** Writes an animated GIF to {@code <section id>-<name>} and adds it to the report. */
    public Path animation(String name, Animation animation, String caption) {
        Path file = out.resolve(sectionId + "-" + name);
        byte[] gif = animation.toGif();
        AtomicFiles.write(file, gif);
        report.image(gif, "image/gif", caption);
        files.add(file);
        return file;
    }

    /**
     * A result shared between sections, computed once: the first call with {@code key} runs
     * {@code compute}, later calls (from any section) return the same object.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, java.util.function.Supplier<T> compute) {
        Object v = memo.get(key);
        if (v == null) {
            v = compute.get();
            memo.put(key, v);
        }
        return (T) v;
    }

    /** The files written so far. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** Formats a number for text: 4 significant digits, plain for moderate magnitudes. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String s;
        if (a >= 1e-3 && a < 1e6) {
            s = String.format(Locale.ROOT, "%.4g", v);
            if (s.contains(".") && !s.contains("e")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
        } else {
            s = String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
        }
        return s.replace('-', '−');
    }

    /** A point as {@code (x, y)} with {@link #num}. */
    public static String pt(double... p) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < p.length; i++) {
            sb.append(i > 0 ? ", " : "").append(num(p[i]));
        }
        return sb.append(')').toString();
    }
}
