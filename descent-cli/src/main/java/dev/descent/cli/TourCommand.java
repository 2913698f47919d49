package dev.descent.cli;

import dev.descent.landscape.tour.Tour;
import dev.descent.landscape.tour.TourSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent tour [--out DIR]}: the study notes' claims, each computed, checked and pictured,
 * in {@code DIR/index.html} (default {@code descent-out/tour} under the current folder) with the
 * pictures and {@code summary.txt}/{@code summary.json}; the summary is printed on stdout, progress
 * on stderr.
 */
@Command(name = "tour", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The guided tour of the study notes: every claim computed, checked and pictured.",
            "Writes DIR/index.html (self-contained), the pictures, summary.txt and summary.json; prints the summary."},
        footer = {"", "Example:", "  descent tour                      (writes descent-out/tour/index.html)"})
public final class TourCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "descent-out/tour",
            description = "Output folder (default ${DEFAULT-VALUE}, under the current folder).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the random starts (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "A reduced budget (smaller grids, fewer steps): every section, faster.")
    boolean quick;

    @Option(names = "--only", paramLabel = "ID", split = ",",
            description = "Run only these sections, e.g. --only e-ravine-race,i-momentum (ids as in the page's anchors).")
    java.util.List<String> only;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        Tour.Options options = new Tour.Options(quick, seed, CliSupport.commandLine(cl), line -> {
            err.println(line);
            err.flush();
        });
        Tour tour = Tour.standard();
        if (only != null) {
            try {
                tour = tour.only(only);
            } catch (IllegalArgumentException e) {
                throw CliSupport.usage(cl, e.getMessage());
            }
        }
        TourSummary s = tour.run(out, options);
        PrintWriter pw = cl.getOut();
        pw.print(s.toText());
        pw.flush();
        err.println("tour: wrote " + out.resolve("index.html").toAbsolutePath().normalize());
        err.flush();
        return 0;
    }
}
