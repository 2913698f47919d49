package dev.descent.cli;

import dev.descent.landscape.io.Json;
import dev.descent.landscape.plot.RunPictures;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.landscape.run.Stability;
import dev.descent.landscape.sweep.LrSweep;
import dev.descent.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent lr-sweep (--expr EXPR | --function NAME) --start ... --optimizer NAME
 * [hyperparameters except --lr] [--lr-min A --lr-max B --count N]}: the optimizer at log-spaced
 * learning rates; per rate the verdict, steps to tolerance and final loss; the local stability
 * bound (2/λmax, (2+2β)/λmax for the SGD family) on stderr and in the JSON and picture.
 */
@Command(name = "lr-sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one optimizer at log-spaced learning rates and reports which converge, how fast, and the "
                + "stability bound 2/λmax."},
        footer = {"", "Output columns: lr,verdict,steps_to_tolerance,final_loss,final_gradient_norm.", "", "Example:",
            "  descent lr-sweep --function ravine --start x=-1.6,y=0.6 --optimizer sgd --lr-min 1e-3 --lr-max 0.1 --count 25"})
public final class LrSweepCommand implements Callable<Integer> {

    @Mixin
    ObjectiveOptions objective;

    @Option(names = "--start", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]", order = 3,
            converter = GradCommand.PointConverter.class, description = "The starting point.")
    GradCommand.Point start;

    @Option(names = "--optimizer", required = true, paramLabel = "NAME", order = 4, description = "The optimizer.")
    String optimizer;

    @Mixin
    HyperparameterOptions hyper;

    @Option(names = "--lr-min", paramLabel = "A", order = 200, defaultValue = "1e-4", description = "Smallest rate (default ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--lr-max", paramLabel = "B", order = 201, defaultValue = "1", description = "Largest rate (default ${DEFAULT-VALUE}).")
    double lrMax;

    @Option(names = "--count", paramLabel = "N", order = 202, defaultValue = "25", description = "Number of rates (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--steps", paramLabel = "N", order = 203, defaultValue = "500", description = "Budget per rate (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--tolerance", paramLabel = "T", order = 204, defaultValue = "1e-3",
            description = "Distance to the minimum that counts as arrived (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--dtype", paramLabel = "TYPE", order = 205, defaultValue = "float64", description = "float32 or float64.")
    String dtype;

    @Option(names = "--json", order = 206, description = "JSON instead of CSV on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", order = 207, description = "Also write sweep.csv, sweep.json, sweep.svg, provenance.json.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Map<String, String> flags = hyper.given();
        if (flags.containsKey("lr")) {
            throw CliSupport.usage(cl, "lr-sweep chooses the learning rates itself: use --lr-min, --lr-max and --count "
                    + "instead of --lr");
        }
        if (!(lrMin > 0) || !(lrMax >= lrMin) || count < 1 || count > 10_000) {
            throw CliSupport.usage(cl, "need 0 < --lr-min <= --lr-max and 1 <= --count <= 10000, got " + lrMin + ", "
                    + lrMax + ", " + count);
        }
        if (steps < 0 || !(tolerance > 0)) {
            throw CliSupport.usage(cl, "--steps must be >= 0 and --tolerance > 0");
        }
        DType t = CliSupport.dtype(cl, dtype);
        Objective f = objective.objective(new ArrayList<>(start.values().keySet()), cl);
        OptimizerFactory.Spec s = CliSupport.optimizer(cl, optimizer, flags);
        LrSweep.Result r = new LrSweep(f, CliSupport.values(start), s.algorithm()).range(lrMin, lrMax, count).steps(steps)
                .tolerance(tolerance).dtype(t).run();
        String csvText = csv(r);
        String jsonText = json(r, s);
        PrintWriter pw = cl.getOut();
        pw.print(json ? jsonText : csvText);
        pw.flush();
        if (out != null) {
            CliSupport.text(out.resolve("sweep.csv"), csvText);
            CliSupport.text(out.resolve("sweep.json"), jsonText);
            CliSupport.picture(cl, out.resolve("sweep.svg"), RunPictures.lrSweep(r, steps));
            CliSupport.provenance(cl, out, Map.of(s.label(), s));
            CliSupport.note(cl, "lr-sweep: wrote " + out.toAbsolutePath().normalize());
        }
        CliSupport.note(cl, "λmax = " + RunPictures.fmt(r.lambdaMaxAtStart()) + " at the start"
                + (Double.isNaN(r.lambdaMaxAtMinimum()) ? "" : ", " + RunPictures.fmt(r.lambdaMaxAtMinimum())
                + " at the minimum") + r.bound().map(b -> "; " + b.rule() + " is stable for lr < " + b.formula() + " = "
                + RunPictures.fmt(b.bound())).orElse("") + "; " + (Double.isNaN(r.largestConverging())
                ? "no rate settled within " + RunPictures.fmt(tolerance) + " in " + steps + " steps"
                : "settled up to lr " + RunPictures.fmt(r.largestConverging()) + ", fastest at " + RunPictures.fmt(r.fastest()))
                + (Double.isNaN(r.smallestDiverging()) ? "" : "; diverged from lr " + RunPictures.fmt(r.smallestDiverging())));
        return 0;
    }

    static String csv(LrSweep.Result r) {
        StringBuilder sb = new StringBuilder("lr,verdict,steps_to_tolerance,final_loss,final_gradient_norm\n");
        for (LrSweep.Point p : r.points()) {
            int k = p.result().rows() - 1;
            sb.append(CliSupport.num(p.lr())).append(',').append(p.diagnosis().verdict().label()).append(',')
                    .append(p.stepsToTolerance()).append(',').append(CliSupport.num(p.result().loss(k))).append(',')
                    .append(CliSupport.num(p.result().gradientNorm(k))).append('\n');
        }
        return sb.toString();
    }

    static String json(LrSweep.Result r, OptimizerFactory.Spec s) {
        Json j = Json.pretty().beginObject().name("function").value(r.objective().name())
                .name("optimizer").value(s.label())
                .name("lambda_max_at_start").value(r.lambdaMaxAtStart())
                .name("lambda_max_at_minimum").value(r.lambdaMaxAtMinimum());
        if (r.bound().isPresent()) {
            Stability.Bound b = r.bound().get();
            j.name("stability_bound").beginObject().name("rule").value(b.rule()).name("formula").value(b.formula())
                    .name("lambda_max").value(b.lambdaMax()).name("bound").value(b.bound()).endObject();
        }
        j.name("largest_converging_lr").value(r.largestConverging()).name("smallest_diverging_lr")
                .value(r.smallestDiverging()).name("fastest_lr").value(r.fastest()).name("points").beginArray();
        for (LrSweep.Point p : r.points()) {
            j.beginObject().name("lr").value(p.lr()).name("verdict").value(p.diagnosis().verdict().label())
                    .name("steps_to_tolerance").value(p.stepsToTolerance()).name("final_loss").value(p.finalLoss())
                    .endObject();
        }
        return j.endArray().endObject() + "\n";
    }
}
