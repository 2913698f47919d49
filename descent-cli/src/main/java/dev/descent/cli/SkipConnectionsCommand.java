package dev.descent.cli;

import dev.descent.Version;
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

/**
 * {@code descent experiment skip-connections [--budget small|full] [--depth 20|32|56|110]
 * [--train-samples N] [--epochs N] [--grid N] [--out DIR]}.
 */
@Command(name = "skip-connections", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a ResNet (ResNet-20 by default) and its plain twin (resnet20-noskip)",
            "on Fashion-MNIST with the same seed, data order and optimizer, then compare",
            "their landscapes: filter-normalized 2-D surface, top Hessian eigenvalue,",
            "convexity map (|λmin/λmax|), local minima and total variation of the slice,",
            "test accuracy. Writes OUT/index.html, pictures, surface logs, checkpoints and",
            "summary.json; prints a summary."},
        footer = {"", "Budgets:",
            "  small  14×14 images, 2,000 training images × 2 epochs, 11×11 surface",
            "         (about 60-70 s on this machine's 2 cores at depth 20)",
            "  full   28×28 images, 20,000 × 8 epochs, 25×25 surface (hours)",
            "", "Examples:",
            "  descent experiment skip-connections",
            "  descent experiment skip-connections --depth 56 --train-samples 2000 --epochs 1 --grid 7",
            "  descent experiment skip-connections --depth 56 --lr 0.05,0.02"})
public final class SkipConnectionsCommand implements Callable<Integer> {

    @Option(names = "--budget", defaultValue = "small", paramLabel = "small|full", description = "Size of the run (default ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--depth", paramLabel = "20|32|56|110",
            description = "Depth of both nets (default 20; Li et al. saw the plain net's surface turn chaotic at 56 and 110).")
    Integer depth;

    @Option(names = "--train-samples", paramLabel = "N", description = "Training images (default: the budget's).")
    Integer trainSamples;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the budget's).")
    Integer epochs;

    @Option(names = "--grid", paramLabel = "N", description = "N × N surface points (default: the budget's).")
    Integer grid;

    @Option(names = "--lr", split = ",", paramLabel = "LR[,LR_PLAIN]",
            description = "Learning rate of both nets, or of the residual and the plain net (default: the budget's).")
    java.util.List<Double> lr;

    @Option(names = "--out", defaultValue = "descent-out/skip-connections", paramLabel = "DIR",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (lr != null && (lr.isEmpty() || lr.size() > 2)) {
            throw new IllegalArgumentException("--lr takes one rate for both nets or two (residual,plain), got " + lr.size());
        }
        SkipConnections.Config cfg = SkipConnections.Config.of(budget).with(depth, trainSamples, epochs, grid)
                .withLr(lr == null ? null : lr.get(0), lr == null ? null : lr.get(lr.size() - 1));
        PrintWriter err = spec.commandLine().getErr();
        SkipConnections.Result r = SkipConnections.run(cfg, out, line -> {
            err.println(line);
            err.flush();
        });
        HtmlReport report = new HtmlReport("Skip connections and the loss landscape")
                .provenance(Provenance.now(Version.VERSION, cfg.seed(), CliSupport.commandLine(spec.commandLine()),
                        Map.of("budget", cfg.name(), "depth", cfg.depth())));
        r.toHtml(report);
        report.write(out.resolve("index.html"));
        PrintWriter o = spec.commandLine().getOut();
        r.summaryLines().forEach(o::println);
        o.println("report: " + out.resolve("index.html"));
        o.flush();
        return 0;
    }
}
