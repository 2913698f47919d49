package dev.descent.cli;

import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.Losses;
import dev.descent.optim.Algorithms;
import dev.descent.optim.LrFinder;
import dev.descent.optim.Optimizer;
import dev.descent.report.LinePlot;
import dev.descent.report.Series;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import dev.descent.train.DataSources;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The learning-rate range test (Smith 2015, fastai's lr_find): one short run of a zoo model on a data
 * set with the learning rate rising exponentially from {@code --min-lr} to {@code --max-lr}; stops when
 * the smoothed loss exceeds 4× its best or turns non-finite; prints the curve as CSV and suggests a
 * learning rate (steepest descent of the smoothed curve, and the minimum divided by 10). The model's
 * weights are restored afterwards, so nothing is trained.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learning-rate range test on a network: the lr rises exponentially over a short run;",
            "prints lr,loss,smoothed as CSV on stdout and the suggested learning rates on stderr."})
public final class LrFindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Zoo model: mlp, lenet, resnet20, ...")
    String model;
    @Option(names = "--data", required = true, paramLabel = "NAME|PATH",
            description = "fashion-mnist, spirals, moons, blobs, synthetic-images, or an IDX/CIFAR folder or CSV file.")
    String data;
    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME", description = "Optimizer (default sgd).")
    String optimizer;
    @Mixin
    HyperparameterOptions hyperparameters = new HyperparameterOptions();
    @Option(names = "--min-lr", defaultValue = "1e-7", description = "First learning rate (default 1e-7).")
    double minLr;
    @Option(names = "--max-lr", defaultValue = "10", description = "Last learning rate (default 10).")
    double maxLr;
    @Option(names = "--steps", defaultValue = "100", description = "Number of steps (default 100).")
    int steps;
    @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default 64).")
    int batchSize;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the model and the data order.")
    long seed;
    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64.")
    String dtype;
    @Option(names = "--plot", paramLabel = "FILE", description = "Also draw loss against lr (PNG or SVG).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        DType dt;
        try {
            dt = DType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (steps < 2 || batchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be at least 2 and --batch-size at least 1");
        }
        DataSources.Loaded loaded = DataSources.load(data, dt);
        int classes = loaded.train().numClasses();
        Module net = ModelZoo.create(model, loaded.train().featureShape(), classes, dt, new Generator(seed));
        Optimizer opt = new Optimizer(net.namedParameters(), Algorithms.create(optimizer, hyperparameters.given()));
        DataLoader loader = DataLoader.builder(loaded.train()).batchSize(batchSize).shuffle(true).seed(seed).build();
        Iterator<Batch>[] it = new Iterator[] {loader.iterator()};
        LrFinder.Result r = LrFinder.run(opt, () -> {
            if (!it[0].hasNext()) {
                it[0] = loader.iterator();
            }
            Batch b = it[0].next();
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(net.forward(b.x()), b.y());
            loss.backward();
            return loss;
        }, minLr, maxLr, steps);
        loader.close();
        StringBuilder csv = new StringBuilder("lr,loss,smoothed\n");
        int n = 0;
        while (n < r.lrs().length && r.lrs()[n] > 0) {
            csv.append(r.lrs()[n]).append(',').append(r.losses()[n]).append(',').append(r.smoothed()[n]).append('\n');
            n++;
        }
        spec.commandLine().getOut().print(csv);
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().printf(Locale.ROOT, "lr-find: %d steps (%s); suggested lr: %.3g (steepest descent), %.3g (minimum / 10)%n",
                n, r.stopReason(), r.steepest(), r.minOver10());
        if (plot != null && n > 1) {
            double[] x = java.util.Arrays.copyOf(r.lrs(), n);
            new LinePlot().title("Learning-rate range test, " + model + " on " + data).labels("learning rate", "loss")
                    .logX(true).series(new Series("loss", x, java.util.Arrays.copyOf(r.losses(), n)))
                    .series(new Series("smoothed", x, java.util.Arrays.copyOf(r.smoothed(), n)))
                    .verticalLine(r.steepest(), "steepest")
                    .write(plot);
        }
        return 0;
    }
}
