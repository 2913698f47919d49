package dev.descent.landscape.tour;

import dev.descent.Version;
import dev.descent.report.AtomicFiles;
import dev.descent.report.HtmlReport;
import dev.descent.report.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The guided tour of the study notes: every claim computed, checked and pictured, in one
 * self-contained {@code index.html} with its pictures, a {@code summary.txt} and a {@code
 * summary.json}.
 *
 * <pre>{@code
 * TourSummary s = Tour.standard().run(Path.of("descent-out/tour"), Tour.Options.defaults());
 * System.out.print(s.toText());
 * }</pre>
 *
 * <p>The sections run in list order; {@link #standard()} holds the landscape part of the notes,
 * (a) to (j). The network part plugs in after it with {@link #with(TourSection)} (or by adding to
 * {@link #landscapeSections()}'s neighbour list in {@link #standard()}).
 */
public final class Tour {
    private final List<TourSection> sections;

    /** A tour of these sections, in order. */
    public Tour(List<TourSection> sections) {
        this.sections = List.copyOf(sections);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (TourSection s : sections) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two tour sections have the id '" + s.id() + "'");
            }
        }
    }

    /** The landscape sections (a) to (j) of the notes. */
    public static List<TourSection> landscapeSections() {
        return List.of(new DerivativeSection(), new GradientSection(), new BowlSection(), new ConvexRuggedSection(),
                new RavineRaceSection(), new CriticalPointsSection(), new BasinsSection(), new LearningRateSection(),
                new MomentumSection(), new TrinitySection());
    }

    /** The whole tour as {@code descent tour} runs it. */
    public static Tour standard() {
        List<TourSection> all = new ArrayList<>(landscapeSections());
        all.add(new SkipConnectionsSection());
        return new Tour(all);
    }

    /** This tour with {@code section} appended. */
    public Tour with(TourSection section) {
        List<TourSection> all = new ArrayList<>(sections);
        all.add(section);
        return new Tour(all);
    }

    /**
     * This tour with only the sections whose ids are given (in the tour's order).
     *
     * @throws IllegalArgumentException naming the known ids when an id is unknown
     */
    public Tour only(java.util.Collection<String> ids) {
        List<String> known = sections.stream().map(TourSection::id).toList();
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("no tour section '" + id + "' (sections: " + String.join(", ", known) + ")");
            }
        }
        return new Tour(sections.stream().filter(s -> ids.contains(s.id())).toList());
    }

    /** The sections, in order. */
    public List<TourSection> sections() {
        return sections;
    }

    /**
     * How to run.
     *
     * @param quick    the reduced budget (tests): smaller grids and fewer steps
     * @param seed     the seed of every random start
     * @param command  the command line, for the provenance
     * @param progress where progress lines go (stderr in the CLI)
     */
    public record Options(boolean quick, long seed, String command, Consumer<String> progress) {
        public Options {
            Objects.requireNonNull(progress, "progress");
        }

        /** The full tour, seed 42, no progress output. */
        public static Options defaults() {
            return new Options(false, 42, "descent tour", s -> { });
        }

        public Options quick(boolean q) {
            return new Options(q, seed, command, progress);
        }

        public Options progress(Consumer<String> p) {
            return new Options(quick, seed, command, p);
        }

        public Options command(String c) {
            return new Options(quick, seed, c, progress);
        }
    }

    /** Runs every section, writes {@code index.html}, the pictures and the summaries into {@code out}. */
    public TourSummary run(Path out, Options options) {
        long t0 = System.nanoTime();
        TourSummary summary = new TourSummary();
        summary.header("version", Version.VERSION);
        summary.header("seed", Long.toString(options.seed()));
        summary.header("output", out.toAbsolutePath().normalize().toString());
        HtmlReport report = new HtmlReport("Descent tour: gradient descent, measured");
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("budget", options.quick() ? "reduced (quick)" : "full");
        hp.put("sections", sections.size());
        hp.put("threads", dev.descent.landscape.sweep.Parallel.threads());
        report.provenance(Provenance.now(Version.VERSION, options.seed(), options.command(), hp));
        report.paragraph("Each claim of the study notes on gradient descent, recomputed by Descent while this page was "
                + "generated: every number below comes from this run (autograd derivatives, optimizer runs with the same "
                + "Optimizer and Algorithm objects that train networks), none is typed in. A check mark means the "
                + "measurement bears the claim out; a cross means it does not, with what is true instead.");
        Map<String, String> toc = new LinkedHashMap<>();
        for (TourSection s : sections) {
            toc.put(s.id(), s.title());
        }
        report.contents(toc);
        TourContext ctx = new TourContext(out, report, summary, options.quick(), options.seed(), options.progress());
        for (TourSection s : sections) {
            long s0 = System.nanoTime();
            options.progress().accept("tour: " + s.title() + " ...");
            summary.section(s.id(), s.title());
            ctx.enter(s.id());
            report.section(s.id(), s.title());
            s.run(ctx);
            double sec = (System.nanoTime() - s0) / 1e9;
            summary.sectionSeconds(s.id(), sec);
            options.progress().accept(String.format(java.util.Locale.ROOT, "tour: %s done in %.1f s", s.id(), sec));
        }
        double total = (System.nanoTime() - t0) / 1e9;
        summary.totalSeconds(total);
        long held = summary.claims().stream().filter(TourSummary.Claim::holds).count();
        report.section("summary", "Summary");
        report.paragraph(held + " of " + summary.claims().size() + " claims of the notes hold as measured; the tour took "
                + String.format(java.util.Locale.ROOT, "%.1f", total) + " s. The same facts are in summary.txt and "
                + "summary.json next to this page.");
        report.write(out.resolve("index.html"));
        AtomicFiles.writeString(out.resolve("summary.txt"), summary.toText());
        AtomicFiles.writeString(out.resolve("summary.json"), summary.toJson());
        return summary;
    }
}
