package dev.descent.cli;

import dev.descent.landscape.io.Json;
import dev.descent.landscape.plot.RunPictures;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.landscape.sweep.MomentumSweep;
import dev.descent.landscape.sweep.Tolerance;
import dev.descent.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent momentum-sweep (--expr EXPR | --function NAME) --start ...}: SGD with heavy-ball
 * momentum over a grid of momentum values β and log-spaced learning rates; per cell the verdict and
 * steps to tolerance, and per β the theoretical limit (2+2β)/λmax beside the measured edge.
 */
@Command(name = "momentum-sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Maps where heavy-ball momentum converges or diverges over momentum β × learning rate.",
            "Beside it the theoretical limit lr < (2+2β)/λmax, from the Hessian."},
        footer = {"", "Output columns: momentum,lr,verdict,steps_to_tolerance,final_loss,bound.", "", "Example:",
            "  descent momentum-sweep --function ravine --start x=-1.6,y=0.6 --lr-min 3e-3 --lr-max 0.1 --out momentum"})
public final class MomentumSweepCommand implements Callable<Integer> {

    @Mixin
    ObjectiveOptions objective;

    @Option(names = "--start", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]", order = 3,
            converter = GradCommand.PointConverter.class, description = "The starting point.")
    GradCommand.Point start;

    @Option(names = "--momentum-min", paramLabel = "B", order = 10, defaultValue = "0", description = "Smallest β (default ${DEFAULT-VALUE}).")
    double betaMin;

    @Option(names = "--momentum-max", paramLabel = "B", order = 11, defaultValue = "0.95", description = "Largest β, below 1 (default ${DEFAULT-VALUE}).")
    double betaMax;

    @Option(names = "--momentum-count", paramLabel = "N", order = 12, defaultValue = "20", description = "Number of β values (default ${DEFAULT-VALUE}).")
    int betaCount;

    @Option(names = "--lr-min", paramLabel = "A", order = 13, defaultValue = "1e-3", description = "Smallest rate (default ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--lr-max", paramLabel = "B", order = 14, defaultValue = "1", description = "Largest rate (default ${DEFAULT-VALUE}).")
    double lrMax;

    @Option(names = "--lr-count", paramLabel = "N", order = 15, defaultValue = "25", description = "Number of rates (default ${DEFAULT-VALUE}).")
    int lrCount;

    @Option(names = "--steps", paramLabel = "N", order = 16, defaultValue = "400", description = "Budget per cell (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--tolerance", paramLabel = "T", order = 17, defaultValue = "1e-3", description = "Arrival tolerance (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--dtype", paramLabel = "TYPE", order = 18, defaultValue = "float64", description = "float32 or float64.")
    String dtype;

    @Option(names = "--json", order = 19, description = "JSON instead of CSV on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", order = 20, description = "Also write cells.csv, sweep.json, stability.png, provenance.json.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (!(betaMin >= 0) || !(betaMax >= betaMin) || !(betaMax < 1) || betaCount < 1 || betaCount > 1000) {
            throw CliSupport.usage(cl, "need 0 <= --momentum-min <= --momentum-max < 1 and 1 <= --momentum-count <= 1000");
        }
        if (!(lrMin > 0) || !(lrMax >= lrMin) || lrCount < 1 || lrCount > 1000) {
            throw CliSupport.usage(cl, "need 0 < --lr-min <= --lr-max and 1 <= --lr-count <= 1000");
        }
        if (steps < 0 || !(tolerance > 0)) {
            throw CliSupport.usage(cl, "--steps must be >= 0 and --tolerance > 0");
        }
        DType t = CliSupport.dtype(cl, dtype);
        Objective f = objective.objective(new ArrayList<>(start.values().keySet()), cl);
        MomentumSweep.Result r = new MomentumSweep(f, CliSupport.values(start))
                .momenta(Tolerance.linspace(betaMin, betaMax, betaCount)).range(lrMin, lrMax, lrCount).steps(steps)
                .tolerance(tolerance).dtype(t).run();
        String csvText = csv(r);
        String jsonText = json(r);
        PrintWriter pw = cl.getOut();
        pw.print(json ? jsonText : csvText);
        pw.flush();
        if (out != null) {
            CliSupport.text(out.resolve("cells.csv"), csvText);
            CliSupport.text(out.resolve("sweep.json"), jsonText);
            CliSupport.picture(cl, out.resolve("stability.png"), RunPictures.momentumSweep(r));
            Map<String, OptimizerFactory.Spec> specs = new LinkedHashMap<>();
            specs.put("momentum (β and lr swept)", OptimizerFactory.Spec.of("momentum", Map.of()));
            CliSupport.provenance(cl, out, specs);
            CliSupport.note(cl, "momentum-sweep: wrote " + out.toAbsolutePath().normalize());
        }
        CliSupport.note(cl, "momentum-sweep: λmax = " + RunPictures.fmt(r.lambdaMax()) + "; heavy ball is stable for "
                + "lr < (2+2β)/λmax, from " + RunPictures.fmt(r.theoreticalBound()[0]) + " at β = "
                + RunPictures.fmt(r.betas()[0]) + " to " + RunPictures.fmt(r.theoreticalBound()[r.betas().length - 1])
                + " at β = " + RunPictures.fmt(r.betas()[r.betas().length - 1]));
        return 0;
    }

    static String csv(MomentumSweep.Result r) {
        StringBuilder sb = new StringBuilder("momentum,lr,verdict,steps_to_tolerance,final_loss,bound\n");
        double[] bound = r.theoreticalBound();
        for (int i = 0; i < r.betas().length; i++) {
            for (int j = 0; j < r.lrs().length; j++) {
                MomentumSweep.Cell c = r.cells()[i][j];
                sb.append(CliSupport.num(c.beta())).append(',').append(CliSupport.num(c.lr())).append(',')
                        .append(c.verdict().label()).append(',').append(c.stepsToTolerance()).append(',')
                        .append(CliSupport.num(c.finalLoss())).append(',').append(CliSupport.num(bound[i])).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(MomentumSweep.Result r) {
        Json j = Json.pretty().beginObject().name("function").value(r.objective().name()).name("lambda_max")
                .value(r.lambdaMax()).name("steps").value(r.steps()).name("momenta").beginArray();
        double[] bound = r.theoreticalBound();
        double[] stable = r.largestStable();
        double[] div = r.smallestDiverging();
        for (int i = 0; i < r.betas().length; i++) {
            j.beginObject().name("momentum").value(r.betas()[i]).name("bound").value(bound[i])
                    .name("largest_stable_lr").value(stable[i]).name("smallest_diverging_lr").value(div[i]).endObject();
        }
        return j.endArray().endObject() + "\n";
    }
}
