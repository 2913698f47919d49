package dev.descent.surface;

import dev.descent.data.Batch;
import dev.descent.data.TensorDataset;
import dev.descent.io.SafeTensors;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Optimizer;
import dev.descent.report.HtmlReport;
import dev.descent.landscape.io.Json;
import dev.descent.report.AtomicFiles;
import dev.descent.surface.curvature.ConvexityMap;
import dev.descent.surface.curvature.Eigenpairs;
import dev.descent.surface.curvature.HessianVectorProduct;
import dev.descent.surface.curvature.PowerIteration;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import dev.descent.train.DataSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The experiment behind the notes' claim that "a good architecture such as ResNet smooths the
 * landscape" (Li et al. 2018, Fig. 5): ResNet-20 and its plain twin {@code resnet20-noskip} (the same
 * layers and parameters, no shortcuts), trained on Fashion-MNIST from the same initialisation, in
 * the same order, with the same optimizer; then, for each, the filter-normalized 2-D loss surface,
 * the top Hessian eigenvalue, LL's convexity map, and the test accuracy, side by side.
 *
 * <p>Roughness is summarised by four numbers: the top Hessian eigenvalue λmax (PyHessian's power
 * iteration on a fixed batch, all parameters), the fraction of convexity-map points with
 * {@code |λmin/λmax| > 0.1} (LL's method, weights only), the strict local minima of the 2-D slice
 * (interior points lower than their 8 neighbours), and the slice's total variation (of the loss
 * clipped at 10, as in the pictures, so that the blow-up at the far corners does not dominate), with
 * its scale-free {@link Roughness#wiggle} ratio.
 *
 * <p>What to expect: Li et al. saw the two surfaces look alike at depth 20 and the plain net's
 * become chaotic only at 56 and 110 layers; PyHessian found that whether skip connections or batch
 * norm smooth the landscape depends on depth. This experiment runs at depth 20 by default and at a
 * tiny budget, so it tests the depth-20 end of the claim; {@link Config#with} gives the deeper pairs
 * ({@code resnet56} and {@code resnet56-noskip}, the CLI's {@code --depth 56}). The report says what
 * the numbers show, not what the notes assert.
 *
 * <p>Both nets use one learning rate by default (0.1, as Li et al.'s residual nets; Li et al. lowered
 * it to 0.01 for deep plain nets that would not train otherwise). One rate keeps the comparison
 * clean: by the edge-of-stability argument, training itself drives λmax towards a level set by the
 * learning rate, so different rates would confound the sharpness numbers. Measured during
 * development at the small budget: with both rates at 0.1, 0.05 and 0.02 the plain/residual λmax
 * ratio was 1.0, 5.1 and 0.43, so at this budget the rate matters more than the shortcut.
 *
 * <p>After training, the batch-norm statistics are recomputed for the final weights
 * ({@link BatchNormStats}); 64 steps at lr 0.1 leave the running averages lagging the weights, which
 * made the evaluation-mode loss at θ* up to 2.5× the training loss before this step.
 */
public final class SkipConnections {
    private SkipConnections() {}

    /**
     * Every setting of a run.
     *
     * @param name  the budget's name ({@code small}, {@code full}, or the caller's)
     * @param depth the ResNet depth 6n + 2 of both nets: 20 (the default), 32, 56 or 110
     */
    public record Config(String name, int depth, int imageSize, int trainSamples, int testSamples, int epochs, int batchSize,
                         double lrSkip, double lrPlain, double momentum, double weightDecay, int surfaceSamples, int grid, double range,
                         int hessianSamples, int powerIterations, double powerTol, int convexityGrid, int convexitySamples,
                         int convexitySteps, double convexityThreshold, int bnSamples, long seed) {

        public Config {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException("the depth must be 6n + 2 (20, 32, 56 or 110, as in He et al. and Li et "
                        + "al.), got " + depth);
            }
            if (trainSamples < 1 || epochs < 1 || grid < 2) {
                throw new IllegalArgumentException("need at least 1 training image, 1 epoch and a 2 × 2 grid, got "
                        + trainSamples + ", " + epochs + " and " + grid);
            }
        }

        /**
         * The small budget, measured on this 2-core machine: 59–69 s wall (80–90 s of CPU) with the load
         * average between 1.5 and 5.5 from other builds. 14 × 14 images (2 × 2 average pooling),
         * 2,000 training images for 2 epochs in batches of 64, a 11 × 11 surface on 64 training
         * images, λmax by up to 8 power iterations on 64 images, a 3 × 3 convexity map on 32 images with
         * 4-step Lanczos solves; batch-norm statistics recomputed on 1,000 training images.
         */
        public static Config small() {
            return new Config("small", 20, 14, 2000, 1000, 2, 64, 0.1, 0.1, 0.9, 5e-4, 64, 11, 1.0, 64, 8, 1e-3, 3, 32, 4, 0.1,
                    1000, 42);
        }

        /**
         * The full budget (hours on two cores): 28 × 28 images, 20,000 training images for 8 epochs in
         * batches of 128, a 25 × 25 surface on 1,000 images, λmax by up to 30 power iterations on 512
         * images, a 7 × 7 convexity map on 256 images with 15-step solves.
         */
        public static Config full() {
            return new Config("full", 20, 28, 20000, 10000, 8, 128, 0.1, 0.1, 0.9, 5e-4, 1000, 25, 1.0, 512, 30, 1e-3, 7, 256, 15,
                    0.1, 5000, 42);
        }

        /** A budget by name: {@code small} or {@code full}. */
        public static Config of(String budget) {
            return switch (budget.toLowerCase(Locale.ROOT)) {
                case "small" -> small();
                case "full" -> full();
                default -> throw new IllegalArgumentException("unknown budget '" + budget + "': use small or full");
            };
        }

        /**
         * This budget with some settings replaced (null keeps the budget's): the depth of both nets,
         * the number of training images, the epochs and the surface's points per side.
         */
        public Config with(Integer depth, Integer trainSamples, Integer epochs, Integer grid) {
            return new Config(name, depth != null ? depth : this.depth, imageSize,
                    trainSamples != null ? trainSamples : this.trainSamples, testSamples,
                    epochs != null ? epochs : this.epochs, batchSize, lrSkip, lrPlain, momentum, weightDecay, surfaceSamples,
                    grid != null ? grid : this.grid, range, hessianSamples, powerIterations, powerTol, convexityGrid,
                    convexitySamples, convexitySteps, convexityThreshold, bnSamples, seed);
        }

        /**
         * This budget with other learning rates (null keeps the budget's): deeper nets, plain ones
         * above all, often need a smaller one than the depth-20 defaults.
         *
         * @throws IllegalArgumentException when a rate is not a positive finite number
         */
        public Config withLr(Double skip, Double plain) {
            for (Double lr : new Double[] {skip, plain}) {
                if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
                    throw new IllegalArgumentException("the learning rate must be a positive number, got " + lr);
                }
            }
            return new Config(name, depth, imageSize, trainSamples, testSamples, epochs, batchSize,
                    skip != null ? skip : lrSkip, plain != null ? plain : lrPlain, momentum, weightDecay, surfaceSamples,
                    grid, range, hessianSamples, powerIterations, powerTol, convexityGrid, convexitySamples,
                    convexitySteps, convexityThreshold, bnSamples, seed);
        }

        /** The residual net's zoo name, {@code resnet20}. */
        public String skipModel() {
            return "resnet" + depth;
        }

        /** The plain twin's zoo name, {@code resnet20-noskip}. */
        public String plainModel() {
            return skipModel() + "-noskip";
        }

        private static String plain(double v) {
            return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("budget", name);
            m.put("nets", skipModel() + " and " + plainModel());
            m.put("images", imageSize + "×" + imageSize + " Fashion-MNIST");
            m.put("training images", trainSamples);
            m.put("epochs", epochs);
            m.put("batch size", batchSize);
            m.put("optimizer", "SGD, Nesterov momentum " + plain(momentum) + ", weight decay " + plain(weightDecay));
            m.put("lr (skip / plain)", lrSkip + " / " + lrPlain);
            m.put("surface", grid + "×" + grid + " on [−" + range + ", " + range + "]², " + surfaceSamples + " training images");
            m.put("top eigenvalue", "power iteration ≤ " + powerIterations + " it., tol " + powerTol + ", " + hessianSamples
                    + " images");
            m.put("convexity map", convexityGrid + "×" + convexityGrid + ", " + convexitySamples + " images, Lanczos "
                    + convexitySteps + " steps/solve");
            m.put("batch-norm statistics", bnSamples > 0 ? "recomputed on " + bnSamples + " training images after training"
                    : "the running averages kept during training");
            m.put("test images", testSamples);
            m.put("seed", seed);
            return m;
        }
    }

    /** One network's measurements. */
    public record NetResult(String label, String model, double lr, double finalTrainLoss, double testAccuracy,
                            double[] trainLossCurve, Surface2d.Result surface, Eigenpairs top, ConvexityMap.Result convexity,
                            double fractionNonConvex, int localMinima, double totalVariation, double wiggle,
                            Map<String, Double> seconds, Map<String, Double> cpuSeconds) {
        /** λmax. */
        public double lambdaMax() {
            return top.values()[0];
        }
    }

    /** Both networks, the settings and the timing. */
    public record Result(Config config, List<NetResult> nets, double seconds, double cpuSeconds, double loadAverage, Path out) {

        /** The residual net. */
        public NetResult skip() {
            return nets.get(0);
        }

        /** The plain net. */
        public NetResult plain() {
            return nets.get(1);
        }

        /** A few lines for a console summary. */
        public List<String> summaryLines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "Skip connections (%s budget, depth %d, %d×%d Fashion-MNIST, %d images × %d "
                    + "epochs): %.0f s wall, %.0f s CPU", config.name(), config.depth(), config.imageSize(), config.imageSize(),
                    config.trainSamples(), config.epochs(), seconds, cpuSeconds));
            lines.add(String.format(Locale.ROOT, "  %-16s %9s %9s %9s %13s %7s %9s %7s", "net", "loss θ*", "test acc", "λmax",
                    "|λmin/λmax|>" + config.convexityThreshold(), "minima", "TV(≤10)", "wiggle"));
            for (NetResult n : nets) {
                lines.add(String.format(Locale.ROOT, "  %-16s %9.4f %8.1f%% %9.4g %12.0f%% %7d %9.4g %7.3f", n.model(),
                        n.surface().centerLoss(), 100 * n.testAccuracy(), n.lambdaMax(), 100 * n.fractionNonConvex(),
                        n.localMinima(), n.totalVariation(), n.wiggle()));
            }
            lines.add("  " + verdict());
            return lines;
        }

        /**
         * What the numbers show, measure by measure, with the confounders: it names each measure on which
         * the plain net is rougher, smoother or alike, and whether the two nets reached the same loss.
         */
        public String verdict() {
            NetResult s = skip();
            NetResult p = plain();
            List<String> rougher = new ArrayList<>();
            List<String> smoother = new ArrayList<>();
            List<String> alike = new ArrayList<>();
            classify(String.format(Locale.ROOT, "λmax %.3g vs %.3g", p.lambdaMax(), s.lambdaMax()), p.lambdaMax(), s.lambdaMax(),
                    1.2, rougher, smoother, alike);
            classify(String.format(Locale.ROOT, "non-convex share %.0f%% vs %.0f%%", 100 * p.fractionNonConvex(),
                    100 * s.fractionNonConvex()), p.fractionNonConvex() + 0.05, s.fractionNonConvex() + 0.05, 1.5, rougher,
                    smoother, alike);
            classify(String.format(Locale.ROOT, "local minima %d vs %d", p.localMinima(), s.localMinima()), p.localMinima(),
                    s.localMinima(), 1.01, rougher, smoother, alike);
            classify(String.format(Locale.ROOT, "wiggle %.2f vs %.2f", p.wiggle(), s.wiggle()), p.wiggle(), s.wiggle(), 1.1,
                    rougher, smoother, alike);
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Depth %d, %s budget, plain vs residual: ",
                    config.depth(), config.name()));
            if (!rougher.isEmpty()) {
                b.append("the plain net is rougher on ").append(String.join(", ", rougher));
            }
            if (!smoother.isEmpty()) {
                b.append(rougher.isEmpty() ? "" : "; ").append("smoother on ").append(String.join(", ", smoother));
            }
            if (!alike.isEmpty()) {
                b.append(rougher.isEmpty() && smoother.isEmpty() ? "" : "; ").append("alike on ").append(String.join(", ", alike));
            }
            b.append(String.format(Locale.ROOT, ". The nets did not reach the same point (training loss at θ* %.3g vs %.3g, "
                    + "test accuracy %.0f%% vs %.0f%%), so part of any gap may be the stage of training rather than the "
                    + "architecture. Li et al. saw alike surfaces at depth 20 and a gap growing at 56 and 110 layers; "
                    + "PyHessian found the effect depends on depth.", p.surface().centerLoss(), s.surface().centerLoss(),
                    100 * p.testAccuracy(), 100 * s.testAccuracy()));
            return b.toString();
        }

        private static void classify(String text, double plain, double skip, double factor, List<String> rougher,
                                     List<String> smoother, List<String> alike) {
            if (plain > factor * skip) {
                rougher.add(text);
            } else if (skip > factor * plain) {
                smoother.add(text);
            } else {
                alike.add(text);
            }
        }

        /** Adds this experiment's section (text, table, pictures) to a report. */
        public void toHtml(HtmlReport report) {
            report.section("Skip connections and the loss landscape");
            report.paragraph("The notes say a good architecture such as ResNet \"smooths\" the landscape. Li et al. (2018) "
                    + "showed filter-normalized surfaces of ResNets and their no-skip twins on CIFAR-10: alike at depth 20, "
                    + "increasingly chaotic without skips at 56 and 110 layers. PyHessian (Yao et al. 2020) found that the "
                    + "effect of residual connections and batch norm on the Hessian depends on depth. Here the two depth-"
                    + config.depth() + " nets are trained identically on Fashion-MNIST and measured the same way.");
            report.facts(config.asMap());
            List<List<?>> rows = new ArrayList<>();
            for (NetResult n : nets) {
                int c = n.convexity().x().length / 2;
                int cy = n.convexity().y().length / 2;
                rows.add(List.of(n.model(), n.finalTrainLoss(), 100 * n.testAccuracy(), n.lambdaMax(),
                        n.top().iterations()[0], n.convexity().lambdaMin()[cy][c], 100 * n.fractionNonConvex(),
                        n.convexity().convergedCount() + "/" + n.convexity().x().length * n.convexity().y().length,
                        n.localMinima(), n.totalVariation(), n.wiggle(), n.surface().centerLoss()));
            }
            report.table(List.of("net", "final train loss", "test accuracy %", "λmax", "power iterations",
                    "λmin at θ* (Lanczos)", "% points |λmin/λmax| > " + config.convexityThreshold(), "converged map points",
                    "local minima (2-D)", "TV (loss ≤ 10)", "wiggle (TV / single-valley bound)", "loss at θ*"), rows,
                    "Roughness side by side (same seed, data order and optimizer)");
            report.paragraph(verdict());
            for (NetResult n : nets) {
                report.subsection(n.label());
                report.figure(Pictures.contour(n.surface(), "Loss contours, " + n.model()),
                        "Filter-normalized random slice around the trained " + n.model() + " (biasbn), "
                                + config.surfaceSamples() + " training images.");
                report.figure(Pictures.surface3d(n.surface(), "Loss surface, " + n.model()), "The same slice in 3-D (clipped at 10).");
                report.surface3d(Pictures.clipped(n.surface().lossGrid(), 10), List.of(),
                        "Interactive view of the " + n.model() + " slice.");
                report.figure(Pictures.convexity(n.convexity(), "|λmin/λmax|, " + n.model()),
                        "LL's convexity map on a coarse grid of the same plane (0 = locally convex; colour range 0–0.5).");
            }
            report.paragraph(String.format(Locale.ROOT, "Cost: %.0f s wall and %.0f s of CPU on %d threads (load average %.1f "
                            + "when it finished). Points per second of the surfaces: %s.", seconds, cpuSeconds,
                    dev.descent.kernel.Parallel.threads(), loadAverage, String.join(", ", nets.stream().map(n -> String.format(
                            Locale.ROOT, "%s %.2f", n.model(), n.surface().pointsPerSecond())).toList())));
            report.paragraph("How fragile the comparison is at this budget: in development runs of the small budget with "
                    + "the learning rate of both nets set to 0.1, 0.05 and 0.02 (everything else equal), the plain/residual "
                    + "ratio of λmax was 1.0, 5.1 and 0.43. Short SGD runs drive the sharpness towards a level set by the "
                    + "optimizer (the edge of stability: (2 + 2β)/lr = 38, 76 and 190 for heavy-ball β = 0.9) more than by "
                    + "the architecture, so a single small run cannot settle the notes' claim; it shows how to measure it.");
            report.paragraph("Limits: two epochs on a few thousand small images is far from Li et al.'s 300 epochs on CIFAR-10; "
                    + "λmax comes from a few power iterations on one small batch (PyHessian issue #5 shows how much such "
                    + "estimates vary), and the convexity map uses a handful of Lanczos steps on a tiny batch, so λmin is "
                    + "coarse (the 'converged map points' column counts the points whose solves met LL's tolerance 1e-2; "
                    + "on a " + config.convexityGrid() + "×" + config.convexityGrid() + " map one point is "
                    + Math.round(100.0 / (config.convexityGrid() * config.convexityGrid())) + "% of the share, and which "
                    + "points cross the threshold changes with the random start vectors; "
                    + "a Hessian on 32 samples also has a huge exact null space that the Krylov space sees first). Run "
                    + "`descent experiment skip-connections --budget full` for larger numbers.");
        }
    }

    /** The small budget, for the tour: writes pictures and data under {@code out}. */
    public static Result runSmall(Path out, Consumer<String> progress) {
        return run(Config.small(), out, progress);
    }

    /** Runs the experiment with {@code cfg}, writing its files under {@code out}. */
    public static Result run(Config cfg, Path out, Consumer<String> progress) {
        try {
            return runChecked(cfg, out, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static double cpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static Result runChecked(Config cfg, Path out, Consumer<String> progress) throws IOException {
        long t0 = System.nanoTime();
        double c0 = cpu();
        Files.createDirectories(out);
        progress.accept("skip-connections: loading Fashion-MNIST (" + cfg.imageSize() + "×" + cfg.imageSize() + ")");
        DataSources.Loaded fm = DataSources.load("fashion-mnist", DType.FLOAT32);
        int factor = 28 / cfg.imageSize();
        if (factor * cfg.imageSize() != 28) {
            throw new IllegalArgumentException("image size must divide 28, got " + cfg.imageSize());
        }
        TensorDataset train = ModelData.downsample(subset(DataSources.materialize(fm.train()), cfg.trainSamples(), cfg.seed()),
                factor);
        TensorDataset test = ModelData.downsample(subset(DataSources.materialize(fm.test()), cfg.testSamples(), cfg.seed() + 1),
                factor);
        EvalSet testSet = EvalSet.first(test, cfg.testSamples(), 500);
        EvalSet surfaceSet = EvalSet.first(train, cfg.surfaceSamples(), 128);
        List<Batch> hessianBatch = EvalSet.first(train, cfg.hessianSamples(), cfg.hessianSamples()).batches();
        List<Batch> convexityBatch = EvalSet.first(train, cfg.convexitySamples(), cfg.convexitySamples()).batches();
        int[] shape = {1, cfg.imageSize(), cfg.imageSize()};
        List<NetResult> nets = new ArrayList<>();
        for (String model : List.of(cfg.skipModel(), cfg.plainModel())) {
            boolean skip = model.equals(cfg.skipModel());
            nets.add(runNet(cfg, model, "ResNet-" + cfg.depth() + (skip ? " (with skip connections)"
                            : " without skips (plain twin)"),
                    skip ? cfg.lrSkip() : cfg.lrPlain(), shape, train, testSet, surfaceSet, hessianBatch, convexityBatch,
                    out.resolve(model), progress));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Result r = new Result(cfg, nets, secs, cpu() - c0, load, out);
        writeSummary(r, out.resolve("summary.json"));
        progress.accept(String.format(Locale.ROOT, "skip-connections: done in %.0f s", secs));
        return r;
    }

    /** The first {@code n} examples of a seeded permutation (the same for both nets). */
    static TensorDataset subset(TensorDataset d, int n, long seed) {
        int count = Math.min(n, d.size());
        int[] perm = IntStream.range(0, d.size()).toArray();
        Generator g = new Generator(seed);
        for (int i = d.size() - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] idx = Arrays.copyOf(perm, count);
        Batch b = d.batch(idx);
        return new TensorDataset(b.x(), b.y(), d.numClasses(), d.classNames());
    }

    private static NetResult runNet(Config cfg, String model, String label, double lr, int[] shape, TensorDataset train,
                                    EvalSet testSet, EvalSet surfaceSet, List<Batch> hessianBatch, List<Batch> convexityBatch,
                                    Path dir, Consumer<String> progress) throws IOException {
        Files.createDirectories(dir);
        Map<String, Double> secs = new LinkedHashMap<>();
        Map<String, Double> cpus = new LinkedHashMap<>();
        long t = System.nanoTime();
        double c = cpu();
        Module net = ModelZoo.create(model, shape, 10, DType.FLOAT32, new Generator(cfg.seed()));
        Optimizer opt = new Optimizer(net.namedParameters(), Nesterov.of(lr, cfg.momentum()).weightDecay(cfg.weightDecay()));
        int n = train.size();
        int steps = (n + cfg.batchSize() - 1) / cfg.batchSize();
        double[] curve = new double[cfg.epochs() * steps];
        int k = 0;
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            int[] order = permutation(n, cfg.seed() * 1000 + epoch);
            net.train();
            double epochLoss = 0;
            for (int s = 0; s < steps; s++) {
                int from = s * cfg.batchSize();
                Batch b = train.batch(Arrays.copyOfRange(order, from, Math.min(n, from + cfg.batchSize())));
                opt.zeroGrad();
                Tensor loss = Loss.CROSS_ENTROPY.mean(net.forward(b.x()), b.y());
                loss.backward();
                opt.step();
                curve[k++] = loss.item();
                epochLoss += loss.item();
            }
            progress.accept(String.format(Locale.ROOT, "skip-connections: %s epoch %d/%d, mean training loss %.4f", model,
                    epoch + 1, cfg.epochs(), epochLoss / steps));
        }
        if (cfg.bnSamples() > 0) {
            BatchNormStats.recompute(net, EvalSet.first(train, cfg.bnSamples(), 100).batches());
        }
        net.eval();
        secs.put("train", lap(t));
        cpus.put("train", cpu() - c);
        c = cpu();
        t = System.nanoTime();
        double testAcc = testSet.evaluate(net, Loss.CROSS_ENTROPY).accuracy();
        Map<String, Tensor> state = net.stateDict();
        saveCheckpoint(dir.resolve("checkpoints").resolve("step-" + k), net, model, shape, cfg, lr, k);
        secs.put("test", lap(t));
        cpus.put("test", cpu() - c);
        c = cpu();
        progress.accept(String.format(Locale.ROOT, "skip-connections: %s test accuracy %.1f%%; surface %d×%d...", model,
                100 * testAcc, cfg.grid(), cfg.grid()));

        t = System.nanoTime();
        Plane plane = Plane.random(net, 123, Normalization.FILTER, true);
        plane.save(dir.resolve("directions.safetensors"), Map.of("model", model));
        Surface2d.Result surface = Surface2d.builder(() -> ModelZoo.create(model, shape, 10, DType.FLOAT32, new Generator(0)),
                        state, plane, surfaceSet)
                .grid(-cfg.range(), cfg.range(), cfg.grid(), -cfg.range(), cfg.range(), cfg.grid())
                .log(dir.resolve("surface.csv")).build().run();
        secs.put("surface", lap(t));
        cpus.put("surface", cpu() - c);
        c = cpu();

        t = System.nanoTime();
        progress.accept("skip-connections: " + model + " top Hessian eigenvalue...");
        HessianVectorProduct h = new HessianVectorProduct(net, hessianBatch);
        Eigenpairs top = PowerIteration.top(h, 1, cfg.powerIterations(), cfg.powerTol(), new Generator(cfg.seed()));
        secs.put("lambda_max", lap(t));
        cpus.put("lambda_max", cpu() - c);
        c = cpu();

        t = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "skip-connections: %s λmax %.4g; convexity map %d×%d...", model,
                top.values()[0], cfg.convexityGrid(), cfg.convexityGrid()));
        ConvexityMap.Result conv = ConvexityMap.of(net, state, plane, convexityBatch)
                .grid(-cfg.range(), cfg.range(), cfg.convexityGrid(), -cfg.range(), cfg.range(), cfg.convexityGrid())
                .steps(cfg.convexitySteps()).tol(1e-2).seed(cfg.seed())
                .workers(dev.descent.kernel.Parallel.threads(), () -> ModelZoo.create(model, shape, 10, DType.FLOAT32,
                        new Generator(0))).run();
        secs.put("convexity", lap(t));
        cpus.put("convexity", cpu() - c);
        c = cpu();

        t = System.nanoTime();
        double frac = Roughness.fractionAbove(conv.ratio(), cfg.convexityThreshold());
        NetResult r = new NetResult(label, model, lr, curve[curve.length - 1], testAcc, curve, surface, top, conv, frac,
                Roughness.localMinima(surface.loss()), Roughness.totalVariation(Pictures.clipped(surface.lossGrid(), 10).z()),
                Roughness.wiggle(surface.loss()), secs, cpus);
        Pictures.contour(surface, "Loss contours, " + model).write(dir.resolve("contour.png"));
        Pictures.surface3d(surface, "Loss surface, " + model).write(dir.resolve("surface3d.png"));
        Pictures.convexity(conv, "|λmin/λmax|, " + model).write(dir.resolve("convexity.png"));
        Pictures.accuracy(surface, "Training accuracy, " + model).write(dir.resolve("accuracy.png"));
        secs.put("pictures", lap(t));
        cpus.put("pictures", cpu() - c);
        c = cpu();
        progress.accept(String.format(Locale.ROOT, "skip-connections: %s done (wall/CPU s: %s)", model, secs.keySet().stream()
                .map(p -> String.format(Locale.ROOT, "%s %.1f/%.1f", p, secs.get(p), cpus.get(p))).toList()));
        return r;
    }

    private static double lap(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    private static int[] permutation(int n, long seed) {
        int[] p = IntStream.range(0, n).toArray();
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Writes the weights in the layout {@code descent train} uses, so {@code descent surface/hessian} can read them. */
    static void saveCheckpoint(Path dir, Module net, String model, int[] shape, Config cfg, double lr, int step)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", model);
        meta.put("input_shape", String.join(",", Arrays.stream(shape).mapToObj(Integer::toString).toList()));
        meta.put("classes", "10");
        meta.put("dtype", "float32");
        meta.put("seed", Long.toString(cfg.seed()));
        meta.put("data", "fashion-mnist");
        meta.put("step", Integer.toString(step));
        meta.put("optimizer", "nesterov lr=" + lr + " momentum=" + cfg.momentum() + " weight_decay=" + cfg.weightDecay());
        SafeTensors.write(dir.resolve("model.safetensors"), net.stateDict(), meta);
        Files.writeString(dir.getParent().resolve("latest"), dir.getFileName().toString() + "\n");
    }

    private static void writeSummary(Result r, Path file) {
        Json j = Json.pretty().beginObject().name("budget").value(r.config().name()).name("seconds").value(r.seconds())
                .name("cpu_seconds").value(r.cpuSeconds()).name("nets").beginArray();
        for (NetResult n : r.nets()) {
            j.beginObject().name("model").value(n.model()).name("lr").value(n.lr())
                    .name("test_accuracy").value(n.testAccuracy()).name("final_train_loss").value(n.finalTrainLoss())
                    .name("lambda_max").value(n.lambdaMax()).name("power_iterations").value(n.top().iterations()[0])
                    .name("fraction_nonconvex").value(n.fractionNonConvex()).name("local_minima").value(n.localMinima())
                    .name("total_variation").value(n.totalVariation()).name("wiggle").value(n.wiggle())
                    .name("center_loss").value(n.surface().centerLoss()).name("seconds").beginObject();
            n.seconds().forEach((k, v) -> j.name(k).value(v));
            j.endObject().name("cpu_seconds").beginObject();
            n.cpuSeconds().forEach((k, v) -> j.name(k).value(v));
            j.endObject().endObject();
        }
        j.endArray().name("verdict").value(r.verdict()).endObject();
        AtomicFiles.writeString(file, j + "\n");
    }
}
