package dev.descent.cli;

import dev.descent.landscape.io.Json;
import dev.descent.landscape.plot.RunPictures;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.landscape.run.RunCsv;
import dev.descent.landscape.sweep.Race;
import dev.descent.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent race (--expr EXPR | --function NAME) --start ... --optimizer SPEC...}: several
 * optimizers from one start, in parallel; per optimizer its steps to tolerance, final loss and
 * diagnosis, as CSV (or {@code --json}) on stdout. {@code --out DIR} also writes each run's CSV (the
 * {@code optimize} contract), the paths, an animated race (two variables) and the bar chart.
 */
@Command(name = "race", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Races several optimizers from one start and compares their steps to tolerance.",
            "Each --optimizer is NAME[:FLAG=VALUE[:FLAG=VALUE...]], e.g. momentum:lr=0.01 or adam:lr=0.1:betas=0.9,0.99."},
        footer = {"", "Output columns: optimizer,lr,steps_to_tolerance,final_loss,final_gradient_norm,verdict "
                + "(steps_to_tolerance -1: never settled within the tolerance).", "", "Example:",
            "  descent race --function ravine --start x=-1.6,y=0.6 --optimizer sgd:lr=0.018 --optimizer momentum:lr=0.01 "
                + "--optimizer adam:lr=0.1 --steps 600 --out race"})
public final class RaceCommand implements Callable<Integer> {
    static final List<String> DEFAULT_RACERS = List.of("sgd:lr=0.01", "momentum:lr=0.01", "adagrad:lr=0.5",
            "rmsprop:lr=0.01", "adam:lr=0.05");

    @Mixin
    ObjectiveOptions objective;

    @Option(names = "--start", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]", order = 3,
            converter = GradCommand.PointConverter.class, description = "The common starting point.")
    GradCommand.Point start;

    @Option(names = {"--optimizer", "-o"}, paramLabel = "SPEC", order = 4,
            description = "A runner, NAME[:FLAG=VALUE...] (repeatable; default: " + "sgd:lr=0.01 momentum:lr=0.01 "
                    + "adagrad:lr=0.5 rmsprop:lr=0.01 adam:lr=0.05).")
    List<String> optimizers;

    @Option(names = "--steps", paramLabel = "N", order = 5, defaultValue = "500", description = "Budget per runner (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--tolerance", paramLabel = "T", order = 6, defaultValue = "1e-3",
            description = "Distance to the (global) minimum that counts as arrived; |∇f| when no minimum is known (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--dtype", paramLabel = "TYPE", order = 7, defaultValue = "float64", description = "float32 or float64.")
    String dtype;

    @Option(names = "--json", order = 8, description = "JSON instead of CSV on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", order = 9,
            description = "Also write results.csv, results.json, one CSV per runner, paths.png, race.gif (two variables), steps.svg, provenance.json.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (steps < 0) {
            throw CliSupport.usage(cl, "--steps must be at least 0, got " + steps);
        }
        if (!(tolerance > 0)) {
            throw CliSupport.usage(cl, "--tolerance must be positive, got " + tolerance);
        }
        DType t = CliSupport.dtype(cl, dtype);
        Objective f = objective.objective(new ArrayList<>(start.values().keySet()), cl);
        Map<String, OptimizerFactory.Spec> specs = new LinkedHashMap<>();
        for (String text : optimizers == null ? DEFAULT_RACERS : optimizers) {
            OptimizerFactory.Spec s = CliSupport.spec(cl, text);
            String label = s.label();
            if (specs.containsKey(label)) {
                throw CliSupport.usage(cl, "--optimizer " + text + " is given twice");
            }
            specs.put(label, s);
        }
        Race race = new Race(f, CliSupport.values(start)).steps(steps).tolerance(tolerance).dtype(t);
        specs.forEach((label, s) -> race.add(label, s.algorithm()));
        Race.Result r = race.run();
        String csvText = csv(r);
        String jsonText = json(r);
        PrintWriter pw = cl.getOut();
        pw.print(json ? jsonText : csvText);
        pw.flush();
        if (out != null) {
            CliSupport.text(out.resolve("results.csv"), csvText);
            CliSupport.text(out.resolve("results.json"), jsonText);
            int i = 0;
            for (Race.Entry e : r.entries()) {
                CliSupport.text(out.resolve(String.format("run-%02d-%s.csv", ++i, specs.get(e.label()).name())),
                        RunCsv.format(e.result()));
            }
            CliSupport.picture(cl, out.resolve("paths.png"), RunPictures.race(r));
            CliSupport.picture(cl, out.resolve("steps.svg"), RunPictures.raceBars(r));
            if (f.dimension() == 2) {
                RunPictures.raceAnimation(r, 40).writeGif(out.resolve("race.gif"));
            }
            CliSupport.provenance(cl, out, specs);
            CliSupport.note(cl, "race: wrote " + out.toAbsolutePath().normalize());
        }
        for (Race.Entry e : r.entries()) {
            CliSupport.note(cl, e.label() + ": " + e.diagnosis().message());
        }
        return 0;
    }

    static String csv(Race.Result r) {
        StringBuilder sb = new StringBuilder("optimizer,lr,steps_to_tolerance,final_loss,final_gradient_norm,verdict\n");
        for (Race.Entry e : r.entries()) {
            int k = e.result().rows() - 1;
            sb.append(CliSupport.field(e.label())).append(',').append(CliSupport.num(e.algorithm().lr())).append(',')
                    .append(e.stepsToTolerance()).append(',').append(CliSupport.num(e.result().loss(k))).append(',')
                    .append(CliSupport.num(e.result().gradientNorm(k))).append(',').append(e.diagnosis().verdict().label())
                    .append('\n');
        }
        return sb.toString();
    }

    static String json(Race.Result r) {
        Json j = Json.pretty().beginObject().name("function").value(r.objective().name()).name("start").array(r.start())
                .name("steps").value(r.steps()).name("tolerance").value(r.tolerance()).name("runners").beginArray();
        for (Race.Entry e : r.entries()) {
            j.beginObject().name("optimizer").value(e.label()).name("lr").value(e.algorithm().lr())
                    .name("steps_to_tolerance").value(e.stepsToTolerance()).name("diagnosis");
            e.diagnosis().toJson(j);
            j.endObject();
        }
        return j.endArray().endObject() + "\n";
    }
}
