package dev.descent.cli;

import dev.descent.landscape.plot.RunPictures;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunCsv;
import dev.descent.landscape.run.RunResult;
import dev.descent.report.AtomicFiles;
import dev.descent.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent optimize (--expr EXPR | --function NAME) --start x=-1.5,y=2 --optimizer NAME
 * [hyperparameters] [--steps N] [--dtype float32|float64] [--csv FILE|-] [--plot FILE]}: one run
 * of a real {@code Optimizer} on the function's coordinates. The CSV follows DESIGN.md's contract
 * (header {@code step,<variables in --start order>,loss}, row 0 the start, row k after k steps,
 * shortest round-trip numbers, no comment lines); with neither {@code --csv} nor {@code --plot} it
 * goes to stdout. The diagnosis goes to stderr. Pictures carry the command and version as a
 * footnote.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an optimizer on a function's coordinates and records every step.",
            "CSV: step,<variables in --start order>,loss; row 0 is the start, row k the point after k steps."},
        footer = {"", "Optimizers: sgd momentum nesterov adagrad rmsprop adadelta adam adamw adamax nadam radam asgd rprop "
                + "lbfgs lion.", "", "Examples:",
            "  descent optimize --function rosenbrock --start x=-1.5,y=2 --optimizer adam --lr 0.05 --steps 2000 --csv run.csv",
            "  descent optimize --expr \"x^2 - y^2\" --start x=1,y=0.001 --optimizer sgd --lr 0.1 --steps 40",
            "  descent optimize --function himmelblau --start x=-1,y=0 --optimizer lbfgs --line-search strong_wolfe --steps 5",
            "  descent optimize --function ravine --start x=-1.5,y=0.5 --optimizer momentum --lr 0.01 --plot race.png"})
public final class OptimizeCommand implements Callable<Integer> {

    @Mixin
    ObjectiveOptions objective;

    @Option(names = "--start", required = true, paramLabel = "NAME=VALUE[,NAME=VALUE...]", order = 3,
            converter = GradCommand.PointConverter.class,
            description = "The starting point, e.g. x=-1.5,y=2; its order is the CSV's column order.")
    GradCommand.Point start;

    @Option(names = "--optimizer", required = true, paramLabel = "NAME", order = 4, description = "The optimizer.")
    String optimizer;

    @Mixin
    HyperparameterOptions hyper;

    @Option(names = "--steps", paramLabel = "N", order = 200, defaultValue = "100",
            description = "Number of optimizer steps (default ${DEFAULT-VALUE}); lbfgs: calls of step(closure).")
    int steps;

    @Option(names = "--dtype", paramLabel = "TYPE", order = 201, defaultValue = "float64",
            description = "float32 or float64 (default ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--csv", paramLabel = "FILE|-", order = 202,
            description = "Write the CSV to FILE, or to stdout with '-' (the default when --plot is not given).")
    String csv;

    @Option(names = "--plot", paramLabel = "FILE", order = 203,
            description = "Draw the run (.png or .svg): on the contour map for two variables, on the curve for one.")
    Path plot;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (steps < 0) {
            throw CliSupport.usage(cl, "--steps must be at least 0, got " + steps);
        }
        DType t = CliSupport.dtype(cl, dtype);
        Objective f = objective.objective(new ArrayList<>(start.values().keySet()), cl);
        OptimizerFactory.Spec s = CliSupport.optimizer(cl, optimizer, hyper.given());
        if (plot != null) {
            String n = plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!n.endsWith(".png") && !n.endsWith(".svg")) {
                throw CliSupport.usage(cl, "--plot takes a .png or .svg file, got '" + plot + "'");
            }
        }
        RunResult r = new Run(f, CliSupport.values(start), s.algorithm(), t, steps, 0, Double.POSITIVE_INFINITY).execute();
        Diagnosis d = Diagnosis.of(r);
        String text = RunCsv.format(r);
        if (csv == null && plot == null || "-".equals(csv)) {
            PrintWriter out = cl.getOut();
            out.print(text);
            out.flush();
        } else if (csv != null) {
            AtomicFiles.writeString(Path.of(csv), text);
        }
        if (plot != null) {
            CliSupport.picture(cl, plot, RunPictures.run(r, s.label(), f.name() + ": " + s.label() + ", " + r.steps()
                    + " steps, " + d.verdict().label()));
        }
        CliSupport.note(cl, "diagnosis: " + d.message());
        return 0;
    }
}
