package dev.descent.cli;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.io.Json;
import dev.descent.landscape.plot.RunPictures;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.landscape.sweep.BasinMap;
import dev.descent.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent basins (--expr EXPR | --function NAME) --optimizer NAME [hyperparameters] [--grid N]
 * [--box X0,X1,Y0,Y1]}: one optimizer from every start of an N × N grid; which minimum each start
 * reaches and the share of starts per minimum (CSV or JSON on stdout; the map and the per-start grid
 * in {@code --out DIR}).
 */
@Command(name = "basins", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Maps which minimum an optimizer reaches from each start of a grid (basins of attraction)."},
        footer = {"", "Output columns: minimum,x,y,f,starts,fraction (plus rows 'diverged' and 'not-converged').", "",
            "Example:", "  descent basins --function himmelblau --optimizer sgd --lr 0.01 --grid 60 --out basins"})
public final class BasinsCommand implements Callable<Integer> {

    @Mixin
    ObjectiveOptions objective;

    @Option(names = "--optimizer", required = true, paramLabel = "NAME", order = 4, description = "The optimizer.")
    String optimizer;

    @Mixin
    HyperparameterOptions hyper;

    @Option(names = "--grid", paramLabel = "N", order = 200, defaultValue = "40", description = "N × N starts (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--box", paramLabel = "X0,X1,Y0,Y1", order = 201,
            description = "The region of starts (default: the function's domain; required for --expr).")
    String box;

    @Option(names = "--steps", paramLabel = "N", order = 202, defaultValue = "1000", description = "Budget per start (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--dtype", paramLabel = "TYPE", order = 203, defaultValue = "float64", description = "float32 or float64.")
    String dtype;

    @Option(names = "--json", order = 204, description = "JSON instead of CSV on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", order = 205,
            description = "Also write basins.csv, basins.json, starts.csv (one row per start), basins.png, provenance.json.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (grid < 2 || grid > 1000) {
            throw CliSupport.usage(cl, "--grid must be between 2 and 1000, got " + grid);
        }
        if (steps < 0) {
            throw CliSupport.usage(cl, "--steps must be at least 0, got " + steps);
        }
        DType t = CliSupport.dtype(cl, dtype);
        Objective f = objective.objective(null, cl);
        if (f.dimension() != 2) {
            throw CliSupport.usage(cl, "a basin map needs a function of two variables; " + f.name() + " has "
                    + f.dimension() + " (" + String.join(", ", f.variables()) + ")");
        }
        Box b = box == null ? null : parseBox(cl, box);
        if (b == null && f.function().isEmpty()) {
            throw CliSupport.usage(cl, "--expr needs --box X0,X1,Y0,Y1 (the region of starts)");
        }
        OptimizerFactory.Spec s = CliSupport.optimizer(cl, optimizer, hyper.given());
        BasinMap map = new BasinMap(f, s.algorithm()).grid(grid, grid).steps(steps).dtype(t);
        if (b != null) {
            map.box(b);
        }
        BasinMap.Result r = map.run();
        String csvText = csv(r);
        String jsonText = json(r);
        PrintWriter pw = cl.getOut();
        pw.print(json ? jsonText : csvText);
        pw.flush();
        if (out != null) {
            CliSupport.text(out.resolve("basins.csv"), csvText);
            CliSupport.text(out.resolve("basins.json"), jsonText);
            CliSupport.text(out.resolve("starts.csv"), starts(r));
            CliSupport.picture(cl, out.resolve("basins.png"), RunPictures.basins(r));
            CliSupport.provenance(cl, out, Map.of(s.label(), s));
            CliSupport.note(cl, "basins: wrote " + out.toAbsolutePath().normalize());
        }
        CliSupport.note(cl, "basins: " + r.starts() + " starts reached " + r.reached() + " of " + r.minima().size()
                + " minima; " + RunPictures.fmt(100 * r.divergedFraction()) + "% diverged, "
                + RunPictures.fmt(100 * r.notConvergedFraction()) + "% did not converge");
        return 0;
    }

    static Box parseBox(CommandLine cl, String text) {
        String[] p = text.split(",", -1);
        if (p.length != 4) {
            throw CliSupport.usage(cl, "--box expects X0,X1,Y0,Y1, got '" + text + "'");
        }
        double[] v = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                v[i] = Double.parseDouble(p[i].strip());
            }
            return Box.of(v);
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--box expects X0,X1,Y0,Y1 with X0 < X1 and Y0 < Y1, got '" + text + "'");
        }
    }

    static String csv(BasinMap.Result r) {
        StringBuilder sb = new StringBuilder("minimum,x,y,f,starts,fraction\n");
        double[] fr = r.fractions();
        for (int i = 0; i < r.minima().size(); i++) {
            CriticalPoint m = r.minima().get(i);
            sb.append(i).append(',').append(CliSupport.num(m.coordinate(0))).append(',')
                    .append(CliSupport.num(m.coordinate(1))).append(',').append(CliSupport.num(m.value())).append(',')
                    .append(r.count(i)).append(',').append(CliSupport.num(fr[i])).append('\n');
        }
        sb.append("diverged,,,,").append(r.count(BasinMap.DIVERGED)).append(',')
                .append(CliSupport.num(r.divergedFraction())).append('\n');
        sb.append("not-converged,,,,").append(r.count(BasinMap.NOT_CONVERGED)).append(',')
                .append(CliSupport.num(r.notConvergedFraction())).append('\n');
        return sb.toString();
    }

    static String starts(BasinMap.Result r) {
        StringBuilder sb = new StringBuilder(r.objective().variables().get(0) + "0," + r.objective().variables().get(1)
                + "0,minimum,steps\n");
        for (int j = 0; j < r.y().length; j++) {
            for (int i = 0; i < r.x().length; i++) {
                int c = r.category()[j][i];
                sb.append(CliSupport.num(r.x()[i])).append(',').append(CliSupport.num(r.y()[j])).append(',')
                        .append(c >= 0 ? Integer.toString(c) : c == BasinMap.DIVERGED ? "diverged" : "not-converged")
                        .append(',').append(r.steps()[j][i]).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(BasinMap.Result r) {
        Json j = Json.pretty().beginObject().name("function").value(r.objective().name())
                .name("optimizer").value(r.algorithm().name()).name("starts").value(r.starts())
                .name("box").array(r.box().lower(0), r.box().upper(0), r.box().lower(1), r.box().upper(1))
                .name("minima").beginArray();
        double[] fr = r.fractions();
        for (int i = 0; i < r.minima().size(); i++) {
            CriticalPoint m = r.minima().get(i);
            j.beginObject().name("location").array(m.location()).name("value").value(m.value()).name("starts")
                    .value(r.count(i)).name("fraction").value(fr[i]).endObject();
        }
        return j.endArray().name("diverged_fraction").value(r.divergedFraction()).name("not_converged_fraction")
                .value(r.notConvergedFraction()).endObject() + "\n";
    }
}
