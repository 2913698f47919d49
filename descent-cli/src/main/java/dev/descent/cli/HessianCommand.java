package dev.descent.cli;

import dev.descent.data.Batch;
import dev.descent.data.TensorDataset;
import dev.descent.landscape.io.Json;
import dev.descent.nn.Module;
import dev.descent.surface.CheckpointReader;
import dev.descent.surface.EvalSet;
import dev.descent.surface.Loss;
import dev.descent.surface.ModelData;
import dev.descent.surface.Pictures;
import dev.descent.surface.SavedModel;
import dev.descent.surface.curvature.Eigenpairs;
import dev.descent.surface.curvature.HessianVectorProduct;
import dev.descent.surface.curvature.HutchinsonTrace;
import dev.descent.surface.curvature.Lanczos;
import dev.descent.surface.curvature.PowerIteration;
import dev.descent.surface.curvature.SpectralDensity;
import dev.descent.surface.curvature.Spread;
import dev.descent.tensor.Generator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent hessian --checkpoint DIR}: the curvature of a trained model's loss, PyHessian's
 * three numbers: top eigenvalues, trace, eigenvalue density, with the settings and the spread over
 * seeds that make them interpretable.
 */
@Command(name = "hessian", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Hessian spectrum of a trained model's mean loss on N samples (exact",
            "Hessian-vector products by double backward, model in eval mode): top-k",
            "eigenvalues (PyHessian's power iteration with deflation, or Lanczos), the",
            "trace (Hutchinson, Rademacher probes) and the eigenvalue density (stochastic",
            "Lanczos quadrature). Top-k and trace are repeated over --repeats seeds and",
            "reported with their spread."},
        footer = {"", "Examples:",
            "  descent hessian --checkpoint runs/mlp --top-k 5 --trace",
            "  descent hessian --checkpoint runs/resnet --samples 512 --density --out hess --json"})
public final class HessianCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "A `descent train` output folder, its checkpoints folder, a step folder or a model.safetensors.")
    Path checkpoint;

    @Option(names = "--data", paramLabel = "NAME|PATH", description = "Data (default: the one the checkpoint was trained on, as `descent train --data` takes it).")
    String data;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test", description = "Split (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--samples", defaultValue = "1000", paramLabel = "N",
            description = "The first N examples (default ${DEFAULT-VALUE}; PyHessian's maintainers suggest ~4096 for stable "
                    + "numbers on CIFAR-10).")
    int samples;

    @Option(names = "--batch-size", defaultValue = "500", paramLabel = "B",
            description = "Samples per HVP batch (products are averaged over batches by size).")
    int batchSize;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "Top eigenvalues (default ${DEFAULT-VALUE}; 0 for none).")
    int topK;

    @Option(names = "--method", defaultValue = "power", paramLabel = "power|lanczos",
            description = "power: PyHessian's power iteration with deflation (largest magnitude); lanczos: largest algebraic.")
    String method;

    @Option(names = "--max-iter", defaultValue = "100", paramLabel = "N",
            description = "Iteration limit per eigenvalue / Lanczos steps / Hutchinson samples (default ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tol", defaultValue = "1e-3", paramLabel = "T", description = "Relative tolerance (default ${DEFAULT-VALUE}, PyHessian's).")
    double tol;

    @Option(names = "--trace", description = "Estimate the trace (Hutchinson).")
    boolean trace;

    @Option(names = "--density", description = "Estimate the eigenvalue density (SLQ) and draw it (OUT/density.png).")
    boolean density;

    @Option(names = "--density-steps", defaultValue = "100", paramLabel = "M", description = "Lanczos steps per SLQ probe.")
    int densitySteps;

    @Option(names = "--density-runs", defaultValue = "1", paramLabel = "R", description = "SLQ probes (PyHessian's n_v).")
    int densityRuns;

    @Option(names = "--params", defaultValue = "all", paramLabel = "all|weights",
            description = "all trainable parameters (PyHessian) or only those of dimension > 1 (LL).")
    String params;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R",
            description = "Repeat top-k and trace with R seeds and report the spread (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "First seed of the random vectors.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the density picture (default descent-out/hessian).")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private int run() throws IOException {
        if (repeats < 1 || topK < 0 || maxIter < 1) {
            throw new IllegalArgumentException("need --repeats >= 1, --top-k >= 0 and --max-iter >= 1");
        }
        boolean lanczos = switch (method.toLowerCase(Locale.ROOT)) {
            case "power" -> false;
            case "lanczos" -> true;
            default -> throw new IllegalArgumentException("--method must be power or lanczos, got '" + method + "'");
        };
        HessianVectorProduct.Params which = switch (params.toLowerCase(Locale.ROOT)) {
            case "all" -> HessianVectorProduct.Params.ALL;
            case "weights" -> HessianVectorProduct.Params.WEIGHTS;
            default -> throw new IllegalArgumentException("--params must be all or weights, got '" + params + "'");
        };
        PrintWriter err = spec.commandLine().getErr();
        SavedModel saved = CheckpointReader.read(checkpoint);
        String dataName = data != null ? data : saved.data();
        TensorDataset ds = ModelData.load(saved, data, SurfaceCommand.parseSplit(split));
        List<Batch> batches = EvalSet.first(ds, samples, batchSize).batches();
        Module model = saved.load();
        HessianVectorProduct h = new HessianVectorProduct(model, batches, Loss.CROSS_ENTROPY, which, true);
        if (topK > h.dim()) {
            throw new IllegalArgumentException("--top-k " + topK + " exceeds the number of parameters " + h.dim());
        }
        long t0 = System.nanoTime();
        Json j = Json.pretty().beginObject();
        j.name("model").value(saved.model()).name("checkpoint").value(saved.file().toString())
                .name("data").value(dataName).name("split").value(split).name("samples").value(h.samples())
                .name("parameters").value(h.dim()).name("params").value(params).name("loss").value(h.loss());
        StringBuilder text = new StringBuilder();
        text.append(SurfaceCommand.pad("model")).append(saved.model()).append(" (").append(h.dim()).append(" parameters, ")
                .append(params).append(")\n");
        text.append(SurfaceCommand.pad("data")).append(dataName).append(", ").append(split).append(", ")
                .append(h.samples()).append(" samples in ").append(batches.size()).append(" batch(es)\n");
        text.append(SurfaceCommand.pad("loss")).append(fmt(h.loss())).append('\n');
        if (topK > 0) {
            double[][] values = new double[repeats][];
            Eigenpairs first = null;
            for (int r = 0; r < repeats; r++) {
                Generator gen = new Generator(seed + r);
                err.printf(Locale.ROOT, "hessian: top-%d by %s, seed %d...%n", topK, lanczos ? "Lanczos" : "power iteration",
                        seed + r);
                err.flush();
                Eigenpairs e = lanczos ? Lanczos.top(h, topK, Math.max(maxIter, topK + 1), tol, gen)
                        : PowerIteration.top(h, topK, maxIter, tol, gen);
                values[r] = e.values();
                if (first == null) {
                    first = e;
                }
            }
            j.name("top_k").beginObject().name("method").value(lanczos ? "lanczos" : "power")
                    .name("tolerance").value(tol).name("max_iter").value(maxIter)
                    .name("values").array(first.values())
                    .name("iterations").array(java.util.Arrays.stream(first.iterations()).asDoubleStream().toArray())
                    .name("converged").beginArray();
            for (boolean c : first.converged()) {
                j.value(c);
            }
            j.endArray().name("residuals").array(first.residuals()).name("repeats").beginArray();
            for (double[] v : values) {
                j.array(v);
            }
            j.endArray().name("spread").beginArray();
            text.append(SurfaceCommand.pad("top eigenvalues")).append(lanczos ? "Lanczos" : "power iteration")
                    .append(", tol ").append(tol).append(", max ").append(maxIter).append(" iterations\n");
            for (int k = 0; k < first.size(); k++) {
                double[] col = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    col[r] = values[r][k];
                }
                Spread s = Spread.of(col);
                j.beginObject().name("mean").value(s.mean()).name("std").value(s.std()).name("min").value(s.min())
                        .name("max").value(s.max()).endObject();
                text.append(String.format(Locale.ROOT, "  λ%-3d %-14s %s, %d iterations%s%n", k + 1, fmt(first.values()[k]),
                        s, first.iterations()[k], first.converged()[k] ? "" : " (not converged)"));
            }
            j.endArray().endObject();
        }
        if (trace) {
            double[] est = new double[repeats];
            HutchinsonTrace.Result firstTrace = null;
            for (int r = 0; r < repeats; r++) {
                err.printf(Locale.ROOT, "hessian: trace, seed %d...%n", seed + r);
                err.flush();
                HutchinsonTrace.Result t = HutchinsonTrace.estimate(h, maxIter, tol, new Generator(1000 + seed + r));
                est[r] = t.estimate();
                if (firstTrace == null) {
                    firstTrace = t;
                }
            }
            Spread s = Spread.of(est);
            j.name("trace").beginObject().name("estimate").value(firstTrace.estimate())
                    .name("standard_error").value(firstTrace.standardError()).name("samples").value(firstTrace.samples())
                    .name("converged").value(firstTrace.converged()).name("tolerance").value(tol)
                    .name("repeats").array(est).name("spread").beginObject().name("mean").value(s.mean())
                    .name("std").value(s.std()).name("min").value(s.min()).name("max").value(s.max()).endObject().endObject();
            text.append(SurfaceCommand.pad("trace")).append(fmt(firstTrace.estimate())).append(" ± ")
                    .append(fmt(firstTrace.standardError())).append(" (").append(firstTrace.samples())
                    .append(" Rademacher samples, tol ").append(tol).append("); over seeds ").append(s).append('\n');
        }
        if (density) {
            err.printf(Locale.ROOT, "hessian: density, %d probe(s) of %d Lanczos steps...%n", densityRuns, densitySteps);
            err.flush();
            SpectralDensity.Result d = SpectralDensity.estimate(h, densitySteps, densityRuns, new Generator(2000 + seed));
            SpectralDensity.Curve c = d.smooth();
            Path dir = out != null ? out : Path.of("descent-out", "hessian");
            Files.createDirectories(dir);
            Path png = dir.resolve("density.png");
            Pictures.density(c, "Hessian eigenvalue density of " + saved.model() + " (SLQ)").write(png);
            j.name("density").beginObject().name("steps").value(densitySteps).name("runs").value(densityRuns)
                    .name("nodes").beginArray();
            for (double[] row : d.nodes()) {
                j.array(row);
            }
            j.endArray().name("weights").beginArray();
            for (double[] row : d.weights()) {
                j.array(row);
            }
            j.endArray().name("min_node").value(d.minNode()).name("max_node").value(d.maxNode())
                    .name("trace_estimate").value(h.dim() * d.moment(x -> x)).name("picture").value(png.toString()).endObject();
            text.append(SurfaceCommand.pad("density")).append(densityRuns).append(" probe(s) × ").append(densitySteps)
                    .append(" Lanczos steps: nodes in [").append(fmt(d.minNode())).append(", ").append(fmt(d.maxNode()))
                    .append("], n·Σ τθ = ").append(fmt(h.dim() * d.moment(x -> x))).append("; picture ").append(png).append('\n');
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        j.name("hessian_vector_products").value(h.products()).name("seconds").value(secs);
        text.append(SurfaceCommand.pad("cost")).append(h.products()).append(" Hessian-vector products, ")
                .append(String.format(Locale.ROOT, "%.1f s", secs)).append('\n');
        PrintWriter o = spec.commandLine().getOut();
        o.print(json ? j.endObject() + "\n" : text);
        o.flush();
        return 0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
