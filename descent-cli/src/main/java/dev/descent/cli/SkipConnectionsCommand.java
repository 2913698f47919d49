package dev.descent.cli;

import dev.descent.report.HtmlReport;
import dev.descent.report.Provenance;
import dev.descent.surface.SkipConnections;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent experiment skip-connections [--budget small|full] [--out DIR]}. */
@Command(name = "skip-connections", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train ResNet-20 and its plain twin (resnet20-noskip) on Fashion-MNIST with",
            "the same seed, data order and optimizer, then compare their landscapes:",
            "filter-normalized 2-D surface, top Hessian eigenvalue, convexity map",
            "(|λmin/λmax|), local minima and total variation of the slice, test accuracy.",
            "Writes OUT/index.html, pictures, surface logs, checkpoints and summary.json;",
            "prints a summary."},
        footer = {"", "Budgets:",
            "  small  14×14 images, 2,000 training images × 2 epochs, 11×11 surface",
            "         (about 60-70 s on this machine's 2 cores)",
            "  full   28×28 images, 20,000 × 8 epochs, 25×25 surface (hours)"})
public final class SkipConnectionsCommand implements Callable<Integer> {

    @Option(names = "--budget", defaultValue = "small", paramLabel = "small|full", description = "Size of the run (default ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--out", defaultValue = "descent-out/skip-connections", paramLabel = "DIR",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SkipConnections.Config cfg = SkipConnections.Config.of(budget);
        PrintWriter err = spec.commandLine().getErr();
        SkipConnections.Result r = SkipConnections.run(cfg, out, line -> {
            err.println(line);
            err.flush();
        });
        HtmlReport report = new HtmlReport("Skip connections and the loss landscape")
                .provenance(Provenance.now("0.1.0", cfg.seed(), "descent experiment skip-connections --budget " + cfg.name(),
                        Map.of("budget", cfg.name())));
        r.toHtml(report);
        report.write(out.resolve("index.html"));
        PrintWriter o = spec.commandLine().getOut();
        r.summaryLines().forEach(o::println);
        o.println("report: " + out.resolve("index.html"));
        o.flush();
        return 0;
    }
}
