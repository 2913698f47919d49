package dev.descent.cli;

import dev.descent.data.TensorDataset;
import dev.descent.landscape.io.Json;
import dev.descent.nn.Module;
import dev.descent.report.HtmlReport;
import dev.descent.report.Provenance;
import dev.descent.surface.CheckpointReader;
import dev.descent.surface.EvalSet;
import dev.descent.report.ContourPlot;
import dev.descent.report.Trajectory;
import dev.descent.surface.Loss;
import dev.descent.surface.ModelData;
import dev.descent.surface.Normalization;
import dev.descent.surface.PcaDirections;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import dev.descent.surface.Pictures;
import dev.descent.surface.Plane;
import dev.descent.surface.Roughness;
import dev.descent.surface.SavedModel;
import dev.descent.surface.Surface2d;
import dev.descent.kernel.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent surface --checkpoint DIR}: the filter-normalized 2-D loss surface of a trained model
 * (Li et al. 2018) around its weights, with pictures, an HTML page and a resumable log.
 */
@Command(name = "surface", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The 2-D loss surface L(θ + αδ + βη) of a trained model along two",
            "random directions, filter-normalized (Li et al. 2018), on a fixed evaluation",
            "set in eval mode. Writes OUT/surface.csv (one line per point, fsync'ed: rerun",
            "the same command to resume), OUT/directions.safetensors, contour, 3-D and",
            "accuracy pictures and OUT/index.html; prints a summary on stdout."},
        footer = {"", "Examples:",
            "  descent surface --checkpoint runs/mlp --grid 21 --samples 500",
            "  descent surface --checkpoint runs/resnet/checkpoints/step-900 --range -0.5:0.5 --norm layer --out s2"})
public final class SurfaceCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "A `descent train` output folder, its checkpoints folder, a step folder or a model.safetensors.")
    Path checkpoint;

    @Option(names = "--data", paramLabel = "NAME|PATH",
            description = "Data to measure on (default: the one the checkpoint was trained on), as `descent train "
                    + "--data` takes it: fashion-mnist, spirals, moons, blobs, synthetic-images, or a path.")
    String data;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test",
            description = "Which split (default ${DEFAULT-VALUE}: LL measures the training loss).")
    String split;

    @Option(names = "--samples", defaultValue = "1000", paramLabel = "N",
            description = "The first N examples of the split (default ${DEFAULT-VALUE}; 0 for all).")
    int samples;

    @Option(names = "--grid", defaultValue = "51", paramLabel = "N", description = "N × N points (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--range", defaultValue = "-1:1", paramLabel = "LO:HI",
            description = "Range of α and β (default ${DEFAULT-VALUE}).")
    String range;

    @Option(names = "--directions", defaultValue = "random", paramLabel = "random|pca",
            description = {"random: two seeded Gaussian directions (default); pca: the first two "
                + "principal components of the run's path (every step-<N> checkpoint under --checkpoint), drawn on the "
                + "contours, with the true loss at each checkpoint beside the plane's value (LL's trajectory plot). "
                + "With pca the default range covers the path."})
    String directions;

    @Option(names = "--norm", defaultValue = "filter", paramLabel = "filter|layer|none",
            description = "Direction normalization (default ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--ignore", defaultValue = "biasbn", paramLabel = "biasbn|none",
            description = "biasbn: zero direction for biases and batch-norm parameters (default); none: LL's d = θ for them.")
    String ignore;

    @Option(names = "--seed", defaultValue = "123", paramLabel = "S",
            description = "Seed of the random directions (default ${DEFAULT-VALUE}, LL's).")
    long seed;

    @Option(names = "--workers", paramLabel = "K", description = "Model copies evaluating points at once (default: threads).")
    Integer workers;

    @Option(names = "--batch-size", defaultValue = "500", paramLabel = "B", description = "Evaluation batch size.")
    int batchSize;

    @Option(names = "--out", defaultValue = "descent-out/surface", paramLabel = "DIR",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    static double[] parseRange(String s) {
        String[] p = s.split(":");
        try {
            if (p.length == 2) {
                double lo = Double.parseDouble(p[0].strip());
                double hi = Double.parseDouble(p[1].strip());
                if (lo < hi) {
                    return new double[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--range must be LO:HI with LO < HI, such as -1:1, got '" + s + "'");
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private int run() throws IOException {
        if (grid < 2) {
            throw new IllegalArgumentException("--grid must be at least 2, got " + grid);
        }
        double[] r = parseRange(range);
        Normalization normalization = Normalization.parse(norm);
        boolean biasbn = switch (ignore.toLowerCase(Locale.ROOT)) {
            case "biasbn" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--ignore must be biasbn or none, got '" + ignore + "'");
        };
        boolean train = parseSplit(split);
        boolean pca = switch (directions.toLowerCase(Locale.ROOT)) {
            case "random" -> false;
            case "pca" -> true;
            default -> throw new IllegalArgumentException("--directions must be random or pca, got '" + directions + "'");
        };
        PrintWriter err = spec.commandLine().getErr();
        List<SavedModel> path = pca ? CheckpointReader.readPath(checkpoint) : List.of();
        SavedModel saved = pca ? path.getLast() : CheckpointReader.read(checkpoint);
        String dataName = data != null ? data : saved.data();
        TensorDataset ds = ModelData.load(saved, data, train);
        EvalSet eval = EvalSet.first(ds, samples, batchSize);
        Module model = saved.load();
        Plane plane;
        PcaDirections.Result fit = null;
        double[] box = {r[0], r[1], r[0], r[1]};
        if (pca) {
            List<String> names = new ArrayList<>(model.namedParameters().keySet());
            List<Map<String, Tensor>> params = new ArrayList<>();
            for (SavedModel m : path) {
                Map<String, Tensor> p = new LinkedHashMap<>();
                for (String n : names) {
                    p.put(n, m.state().get(n));
                }
                params.add(p);
            }
            fit = PcaDirections.fit(params, biasbn);
            plane = fit.plane();
            if (!spec.commandLine().getParseResult().hasMatchedOption("--range")) {
                box = fit.range(0.25, 1e-3);
            }
        } else {
            plane = Plane.random(model, seed, normalization, biasbn);
        }
        Files.createDirectories(out);
        plane.save(out.resolve("directions.safetensors"), Map.of("model", saved.model(), "checkpoint", saved.file().toString()));
        int total = grid * grid;
        Progress progress = new Progress(err, "surface", total);
        Surface2d.Result res = Surface2d.builder(saved.factory(), saved.state(), plane, eval)
                .grid(box[0], box[1], grid, box[2], box[3], grid)
                .workers(workers != null ? workers : Parallel.threads())
                .log(out.resolve("surface.csv"))
                .listener((i, done, tot, m) -> progress.update(done))
                .build().run();
        progress.finish();
        String title = saved.model() + " on " + dataName + " (" + eval.size() + " " + split + " samples)";
        PcaDirections.PathLosses losses = null;
        ContourPlot contour = Pictures.contour(res, "Loss around " + saved.model());
        if (fit != null) {
            List<Map<String, Tensor>> states = new ArrayList<>();
            for (SavedModel m : path) {
                states.add(m.state());
            }
            losses = PcaDirections.pathLosses(fit, saved.factory(), states, eval, Loss.CROSS_ENTROPY);
            contour = Pictures.contour(res, "Loss on the PCA plane of the path", Trajectory.of("path", fit.x(), fit.y()))
                    .labels(String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * fit.explained()[0]),
                            String.format(Locale.ROOT, "PC2 (%.1f%%)", 100 * fit.explained()[1]), "loss");
        }
        contour.write(out.resolve("contour.png"));
        contour.write(out.resolve("contour.svg"));
        Pictures.surface3d(res, "Loss surface of " + saved.model()).write(out.resolve("surface3d.png"));
        Pictures.accuracy(res, "Accuracy around " + saved.model()).write(out.resolve("accuracy.png"));
        Map<String, Object> facts = summary(saved, dataName, eval, res, plane, box);
        if (fit != null) {
            facts.put("checkpoints_on_path", path.size());
            facts.put("explained_variance_pc1", fit.explained()[0]);
            facts.put("explained_variance_pc2", fit.explained()[1]);
            facts.put("path_max_loss_gap", losses.maxGap());
        }
        HtmlReport report = new HtmlReport("Loss surface: " + title)
                .provenance(Provenance.now(dev.descent.Version.VERSION, seed, "descent " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs()), facts));
        report.section("Surface").facts(facts)
                .figure(contour, fit == null ? "Filter-normalized 2-D slice through the weights (θ* at the centre)."
                        : "The plane of the first two principal components of the path, centred on the last checkpoint; the "
                        + "path is drawn on it. The components are not filter-normalized (LL).")
                .surface3d(Pictures.clipped(res.lossGrid(), 10), fit == null ? List.of()
                        : List.of(Trajectory.of("path", fit.x(), fit.y())), "The same surface in 3-D (loss clipped at 10).")
                .figure(Pictures.accuracy(res, "Accuracy"), "Accuracy on the same samples.");
        if (fit != null) {
            List<List<?>> rows = new ArrayList<>();
            for (int i = 0; i < path.size(); i++) {
                rows.add(List.of(path.get(i).step(), fit.x()[i], fit.y()[i], losses.trueLoss()[i], losses.planeLoss()[i]));
            }
            report.table(List.of("step", "PC1", "PC2", "true loss L(θ_i)", "loss on the plane at the projection"), rows,
                    "The contour under the path is not the loss along it (LL issue #1): the plane's value at each projected "
                    + "checkpoint beside the checkpoint's own loss.");
        }
        report.write(out.resolve("index.html"));
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Json j = Json.pretty().beginObject();
            facts.forEach((k, v) -> {
                j.name(k);
                if (v instanceof Number n) {
                    j.value(n.doubleValue());
                } else {
                    j.value(String.valueOf(v));
                }
            });
            o.println(j.endObject());
        } else {
            facts.forEach((k, v) -> o.println(pad(k) + (v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v)));
        }
        o.flush();
        return 0;
    }

    static boolean parseSplit(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "train" -> true;
            case "test" -> false;
            default -> throw new IllegalArgumentException("--split must be train or test, got '" + s + "'");
        };
    }

    private Map<String, Object> summary(SavedModel saved, String dataName, EvalSet eval, Surface2d.Result res, Plane plane,
                                        double[] box) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", saved.model());
        f.put("checkpoint", saved.file().toString());
        f.put("data", dataName + " (" + split + ", " + eval.size() + " samples)");
        f.put("grid", String.format(Locale.ROOT, "%d x %d on [%.4g, %.4g] x [%.4g, %.4g]", grid, grid, box[0], box[1], box[2],
                box[3]));
        f.put("directions", "pca".equals(plane.metadata().get("kind"))
                ? "pca of the path, ignore " + plane.metadata().get("ignore")
                : plane.metadata().get("norm") + "-normalized, ignore " + plane.metadata().get("ignore") + ", seed " + seed);
        f.put("center_loss", res.centerLoss());
        f.put("min_loss", res.lossGrid().zMin());
        f.put("max_loss", res.lossGrid().zMax());
        f.put("local_minima", Roughness.localMinima(res.loss()));
        f.put("total_variation", Roughness.totalVariation(res.loss()));
        f.put("points_computed", res.computed());
        f.put("points_resumed", res.resumed());
        f.put("seconds", res.seconds());
        f.put("points_per_second", res.computed() > 0 ? res.pointsPerSecond() : 0.0);
        f.put("out", out.toString());
        return f;
    }

    static String pad(String k) {
        String s = k.replace('_', ' ');
        return s.length() >= 20 ? s + " " : s + " ".repeat(20 - s.length());
    }

    /** A one-line progress bar on stderr, redrawn at most every 1 %. */
    static final class Progress {
        private final PrintWriter err;
        private final String what;
        private final int total;
        private final long t0 = System.nanoTime();
        private int shown = -1;

        Progress(PrintWriter err, String what, int total) {
            this.err = err;
            this.what = what;
            this.total = total;
        }

        synchronized void update(int done) {
            int pct = (int) (100L * done / Math.max(1, total));
            if (pct != shown) {
                shown = pct;
                double secs = (System.nanoTime() - t0) / 1e9;
                err.printf(Locale.ROOT, "\r%s: %d/%d points (%d%%), %.1f s", what, done, total, pct, secs);
                err.flush();
            }
        }

        void finish() {
            if (shown >= 0) {
                err.println();
                err.flush();
            }
        }
    }
}
