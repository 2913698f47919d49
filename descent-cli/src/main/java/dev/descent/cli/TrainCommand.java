package dev.descent.cli;

import dev.descent.Version;
import dev.descent.data.Datasets;
import dev.descent.kernel.OptimKernels;
import dev.descent.kernel.Parallel;
import dev.descent.landscape.io.Json;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Algorithms;
import dev.descent.optim.Optimizer;
import dev.descent.report.HtmlReport;
import dev.descent.report.LinePlot;
import dev.descent.report.Provenance;
import dev.descent.report.Series;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.train.Checkpoint;
import dev.descent.train.DataSources;
import dev.descent.train.DivergenceException;
import dev.descent.train.DivergenceGuard;
import dev.descent.train.Evaluation;
import dev.descent.train.MetricsLog;
import dev.descent.train.ProgressBar;
import dev.descent.train.RunInfo;
import dev.descent.train.Schedule;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent train}: trains a zoo model on a data set with one of the optimizers, writes
 * metrics, checkpoints, curves and a report into {@code --out}, evaluates on the test set and
 * prints a one-line JSON summary on stdout. {@code --resume DIR} continues a run bit for bit.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains a network on a data set; metrics, checkpoints, curves and a report go to --out.",
            "The test-set result is printed as one line of JSON on stdout; progress goes to stderr."},
        footer = {"", "Data: fashion-mnist (sudo apt-get install dataset-fashion-mnist), spirals,",
            "moons, blobs, synthetic-images, or a PATH: a folder of IDX or CIFAR-10 files,",
            "or a CSV file with the label in the last column.",
            "Models: mlp, mlp-256 (hidden widths), lenet, vgg, resnet20, transformer, lstm.",
            "Output: metrics.csv, metrics.jsonl, checkpoints/step-N/ (model.safetensors,",
            "optimizer.safetensors, trainer.json), loss.png, accuracy.png, report.html.",
            "", "Examples:",
            "  descent train --model mlp-256 --data fashion-mnist --optimizer adam \\",
            "      --lr 1e-3 --epochs 5 --batch-size 128 --seed 42 --out runs/fm-mlp",
            "  descent train --model lenet --data fashion-mnist --optimizer adam --lr 3e-3 \\",
            "      --lr-schedule cosine --epochs 10 --batch-size 128 --out runs/fm-lenet",
            "  descent train --resume runs/fm-mlp      (continue where the run stopped)"})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", description = "Zoo model: mlp, mlp-256, lenet, vgg, resnet20, ...")
    String model;

    @Option(names = "--data", paramLabel = "NAME|PATH",
            description = "fashion-mnist, spirals, moons, blobs, synthetic-images, or a path.")
    String data;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd momentum nesterov adagrad rmsprop adadelta adam adamw adamax nadam radam asgd rprop lbfgs lion.")
    String optimizer;

    @Mixin
    HyperparameterOptions hyperparameters = new HyperparameterOptions();

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 1).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "Examples per batch (default 64).")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the weights, shuffles, dropout and split (default 0).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default descent-out/train; with --resume, the resumed run's folder).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run saved in DIR (a run folder, its checkpoints folder or one step-N folder).")
    Path resume;

    @Option(names = "--lr-schedule", paramLabel = "SCHEDULE",
            description = "none (default), cosine, step:N[,GAMMA] (per epoch) or onecycle[:MAX_LR].")
    String lrSchedule;

    @Option(names = "--clip-grad-norm", paramLabel = "X", description = "Clip the gradients' joint 2-norm to X.")
    Double clipGradNorm;

    @Option(names = "--clip-grad-value", paramLabel = "X", description = "Clamp every gradient element into [-X, X].")
    Double clipGradValue;

    @Option(names = "--val-split", paramLabel = "F", description = "Hold out this fraction of the training set for validation.")
    Double valSplit;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop when the validation loss has not improved for PATIENCE epochs (needs --val-split).")
    Integer earlyStopping;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "A checkpoint every N steps (default: only at the end).")
    Integer checkpointEvery;

    @Option(names = "--log-every", paramLabel = "N", description = "A metrics row every N steps (default: ten per epoch).")
    Integer logEvery;

    @Option(names = "--dtype", paramLabel = "float32|float64", description = "Parameter and data type (default float32).")
    String dtype;

    @Option(names = "--limit-train", paramLabel = "N", description = "Use only the first N training examples.")
    Integer limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", description = "Evaluate on the first N test examples only.")
    Integer limitTest;

    @Option(names = "--threads", paramLabel = "T", description = "Kernel threads (default: all processors).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress display.")
    boolean quiet;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Where {@code fashion-mnist} is looked for (tests point it elsewhere). */
    List<Path> fashionSearchPath = Datasets.fashionMnistSearchPath();

    /** The settings that define a run (and must not change on resume), as saved in checkpoints. */
    private static final List<String> LOCKED = List.of("batch_size", "lr_schedule", "clip_grad_norm", "clip_grad_value",
            "val_split", "limit_train", "early_stopping");

    @Override
    public Integer call() throws IOException {
        Config c = resume != null ? fromCheckpoint() : fresh();
        if (threads != null) {
            if (threads < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
            }
            Parallel.setThreads(threads);
            OptimKernels.setThreads(threads);
        }
        DataSources.Loaded loaded;
        try {
            loaded = DataSources.load(c.data, c.dtype, fashionSearchPath).limit(c.limitTrain, c.limitTest);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        int classes = loaded.train().numClasses();
        if (classes < 2) {
            throw new IllegalArgumentException("data set '" + c.data + "' has no class labels (" + loaded.description()
                    + "): descent train trains classifiers");
        }
        int[] inputShape = loaded.train().featureShape();
        Generator gen = new Generator(c.seed);
        Module net;
        try {
            net = ModelZoo.create(c.model, inputShape, classes, c.dtype, gen);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Algorithm algorithm = Algorithms.create(c.optimizer, c.flags);
        Optimizer opt = new Optimizer(net.namedParameters(), algorithm);

        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("optimizer", c.optimizer);
        hp.putAll(Algorithms.describe(algorithm));
        hp.putAll(c.settings);
        RunInfo info = new RunInfo(c.model, inputShape, classes, c.dtype, c.seed, c.data, hp);

        PrintWriter err = spec.commandLine().getErr();
        Trainer.Builder b = Trainer.builder(net, opt).data(loaded.train(), c.batchSize, c.seed).epochs(c.epochs)
                .schedule(c.schedule).outputDir(c.out).runInfo(info).generator("init", gen)
                .divergenceGuard(new DivergenceGuard("--clip-grad-norm 1.0"))
                .checkpointEvery(c.checkpointEvery).logEvery(c.logEvery);
        if (c.valSplit > 0) {
            b.validationSplit(c.valSplit);
        }
        if (c.clipNorm > 0) {
            b.clipGradNorm(c.clipNorm);
        }
        if (c.clipValue > 0) {
            b.clipGradValue(c.clipValue);
        }
        if (c.earlyStopping > 0) {
            b.earlyStopping(c.earlyStopping);
        }
        if (!quiet) {
            b.progress(new ProgressBar(err, ProgressBar.isTerminal(), 10));
            err.println("descent: " + loaded.description() + "; " + c.model + " with " + String.format(Locale.ROOT,
                    "%,d", net.parameterCount()) + " parameters; " + algorithm);
            err.flush();
        }
        TrainResult r;
        Evaluation test;
        String command = commandLine();
        try (Trainer trainer = b.build()) {
            if (resume != null) {
                trainer.resume(resume);
            }
            try {
                r = trainer.fit();
            } catch (DivergenceException e) {
                // the curves show how it blew up; the one-line diagnosis goes to stderr (exit 1)
                writePictures(c, new TrainResult(trainer, trainer.epoch(), trainer.step(), Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, trainer.samples(), trainer.seconds(), e.getMessage(), true,
                        trainer.metrics().rows()), null, hp, command);
                throw e;
            }
            test = trainer.evaluate(loaded.test());
        }
        writeSummary(c, r, test);
        writePictures(c, r, test, hp, command);
        PrintWriter outWriter = spec.commandLine().getOut();
        outWriter.println(summaryJson(c, r, test));
        outWriter.flush();
        return 0;
    }

    /** Everything that defines a run. */
    private static final class Config {
        String model;
        String data;
        String optimizer;
        Map<String, String> flags = new LinkedHashMap<>();
        int epochs;
        int batchSize;
        long seed;
        Path out;
        Schedule schedule;
        double clipNorm;
        double clipValue;
        double valSplit;
        int earlyStopping;
        int limitTrain;
        int limitTest;
        int checkpointEvery;
        int logEvery;
        DType dtype;
        /** The run settings as saved into checkpoints (strings). */
        final Map<String, String> settings = new LinkedHashMap<>();

        void fillSettings() {
            settings.put("epochs", Integer.toString(epochs));
            settings.put("batch_size", Integer.toString(batchSize));
            settings.put("lr_schedule", schedule.name());
            settings.put("clip_grad_norm", clipNorm > 0 ? Double.toString(clipNorm) : "none");
            settings.put("clip_grad_value", clipValue > 0 ? Double.toString(clipValue) : "none");
            settings.put("val_split", valSplit > 0 ? Double.toString(valSplit) : "none");
            settings.put("early_stopping", earlyStopping > 0 ? Integer.toString(earlyStopping) : "none");
            settings.put("limit_train", limitTrain > 0 ? Integer.toString(limitTrain) : "none");
            settings.put("limit_test", limitTest > 0 ? Integer.toString(limitTest) : "none");
            settings.put("checkpoint_every", checkpointEvery > 0 ? Integer.toString(checkpointEvery) : "none");
            settings.put("log_every", logEvery != 0 ? Integer.toString(logEvery) : "auto");
        }
    }

    private Config fresh() {
        List<String> missing = new ArrayList<>();
        if (model == null) {
            missing.add("--model NAME");
        }
        if (data == null) {
            missing.add("--data NAME|PATH");
        }
        if (optimizer == null) {
            missing.add("--optimizer NAME");
        }
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing " + String.join(", ", missing)
                    + " (or --resume DIR to continue a run)");
        }
        Config c = new Config();
        c.model = model;
        c.data = data;
        c.optimizer = optimizer;
        c.flags.putAll(hyperparameters.given());
        try {
            Algorithms.create(c.optimizer, c.flags); // fail fast on a bad name, flag or value
            c.schedule = Schedule.parse(lrSchedule == null ? "none" : lrSchedule);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        c.epochs = positive("--epochs", epochs, 1);
        c.batchSize = positive("--batch-size", batchSize, 64);
        c.seed = seed == null ? 0 : seed;
        c.out = out != null ? out : Path.of("descent-out", "train");
        c.clipNorm = positiveOrZero("--clip-grad-norm", clipGradNorm);
        c.clipValue = positiveOrZero("--clip-grad-value", clipGradValue);
        if (c.clipNorm > 0 && c.clipValue > 0) {
            throw usage("give --clip-grad-norm or --clip-grad-value, not both");
        }
        c.valSplit = valSplit == null ? 0 : valSplit;
        if (valSplit != null && !(valSplit > 0 && valSplit < 1)) {
            throw usage("--val-split must be a fraction between 0 and 1, got " + valSplit);
        }
        c.earlyStopping = earlyStopping == null ? 0 : positive("--early-stopping", earlyStopping, 0);
        if (c.earlyStopping > 0 && c.valSplit == 0) {
            throw usage("--early-stopping watches the validation loss: add --val-split F (e.g. 0.1)");
        }
        c.limitTrain = limitTrain == null ? 0 : positive("--limit-train", limitTrain, 0);
        c.limitTest = limitTest == null ? 0 : positive("--limit-test", limitTest, 0);
        c.checkpointEvery = checkpointEvery();
        c.logEvery = logEvery == null ? 0 : logEvery;
        c.dtype = dtype(dtype);
        c.fillSettings();
        Path ck = c.out.resolve(Checkpoint.CHECKPOINTS);
        try {
            if (!Checkpoint.list(ck).isEmpty()) {
                throw new IllegalArgumentException(c.out + " already holds a training run (" + ck + "): continue it with "
                        + "--resume " + c.out + ", or choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    /** The run's settings from the checkpoint; options given on the command line must agree with them. */
    private Config fromCheckpoint() throws IOException {
        Checkpoint ck = Checkpoint.load(resume);
        Map<String, String> saved = ck.hyperparameters();
        String source = "the checkpoint " + ck.dir();
        if (ck.modelName() == null || !saved.containsKey("optimizer") || !saved.containsKey("batch_size")) {
            throw new IllegalArgumentException(source + " was not written by descent train (no model name or settings)");
        }
        Config c = new Config();
        c.model = agree("--model", model, ck.modelName(), source);
        c.data = agree("--data", data, ck.data(), source);
        c.optimizer = agree("--optimizer", optimizer, saved.get("optimizer"), source);
        for (String f : Algorithms.flags(c.optimizer)) {
            if (saved.containsKey(f)) {
                c.flags.put(f, saved.get(f));
            }
        }
        hyperparameters.given().forEach((f, v) -> {
            String s = c.flags.get(f);
            Algorithm mine = Algorithms.create(c.optimizer, Map.of(f, v));
            Algorithm theirs = Algorithms.create(c.optimizer, s == null ? Map.of() : Map.of(f, s));
            if (!mine.equals(theirs)) {
                throw new IllegalArgumentException("--" + f + " " + v + " differs from the resumed run's " + (s == null
                        ? "default" : s) + " (" + source + "): a resumed run keeps its settings; leave --" + f + " out");
            }
        });
        c.seed = Long.parseLong(agree("--seed", seed == null ? null : seed.toString(), Long.toString(ck.seed()), source));
        c.dtype = ck.dtype();
        if (dtype != null && dtype(dtype) != c.dtype) {
            throw new IllegalArgumentException("--dtype " + dtype + " differs from the resumed run's "
                    + Checkpoint.load(resume).metadata().get(Checkpoint.KEY_DTYPE) + " (" + source + "); leave it out");
        }
        c.batchSize = Integer.parseInt(agree("--batch-size", batchSize == null ? null : batchSize.toString(),
                saved.get("batch_size"), source));
        c.schedule = Schedule.parse(agree("--lr-schedule", lrSchedule == null ? null : Schedule.parse(lrSchedule).name(),
                saved.get("lr_schedule"), source));
        c.clipNorm = number(agree("--clip-grad-norm", clipGradNorm == null ? null : clipGradNorm.toString(),
                saved.get("clip_grad_norm"), source));
        c.clipValue = number(agree("--clip-grad-value", clipGradValue == null ? null : clipGradValue.toString(),
                saved.get("clip_grad_value"), source));
        c.valSplit = number(agree("--val-split", valSplit == null ? null : valSplit.toString(), saved.get("val_split"),
                source));
        c.earlyStopping = (int) number(agree("--early-stopping", earlyStopping == null ? null : earlyStopping.toString(),
                saved.get("early_stopping"), source));
        c.limitTrain = (int) number(agree("--limit-train", limitTrain == null ? null : limitTrain.toString(),
                saved.get("limit_train"), source));
        c.epochs = epochs != null ? positive("--epochs", epochs, 1) : Integer.parseInt(saved.get("epochs"));
        c.limitTest = limitTest != null ? positive("--limit-test", limitTest, 0)
                : (int) number(saved.getOrDefault("limit_test", "none"));
        c.checkpointEvery = checkpointEvery != null ? checkpointEvery()
                : (int) number(saved.getOrDefault("checkpoint_every", "none"));
        c.logEvery = logEvery != null ? logEvery : (int) number(saved.getOrDefault("log_every", "auto").replace("auto", "0"));
        c.out = out != null ? out : ck.runDir();
        c.fillSettings();
        return c;
    }

    private static String agree(String option, String given, String saved, String source) {
        if (given == null || saved == null) {
            return given == null ? saved : given;
        }
        if (!sameSetting(given, saved)) {
            throw new IllegalArgumentException(option + " " + given + " differs from the resumed run's " + saved + " ("
                    + source + "): a resumed run keeps its settings; leave " + option + " out");
        }
        return saved;
    }

    private static boolean sameSetting(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String s) {
        return s == null || s.equals("none") ? 0 : Double.parseDouble(s);
    }

    private int positive(String option, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw usage(option + " must be at least 1, got " + value);
        }
        return value;
    }

    private int checkpointEvery() {
        if (checkpointEvery == null) {
            return 0;
        }
        if (checkpointEvery < 0) {
            throw usage("--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        return checkpointEvery;
    }

    private double positiveOrZero(String option, Double value) {
        if (value == null) {
            return 0;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw usage(option + " must be a positive number, got " + value);
        }
        return value;
    }

    private DType dtype(String text) {
        if (text == null) {
            return DType.FLOAT32;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "float32", "f32", "float" -> DType.FLOAT32;
            case "float64", "f64", "double" -> DType.FLOAT64;
            default -> throw usage("--dtype must be float32 or float64, got '" + text + "'");
        };
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("descent");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- output

    private static String summaryJson(Config c, TrainResult r, Evaluation test) {
        Json j = Json.compact().beginObject()
                .name("model").value(c.model)
                .name("data").value(c.data)
                .name("optimizer").value(c.optimizer)
                .name("train_loss").value(r.trainLoss());
        if (!Double.isNaN(r.trainAccuracy())) {
            j.name("train_accuracy").value(r.trainAccuracy());
        }
        if (!Double.isNaN(r.valLoss())) {
            j.name("val_loss").value(r.valLoss());
            j.name("val_accuracy").value(r.valAccuracy());
        }
        j.name("test_loss").value(test.loss())
                .name("test_accuracy").value(test.accuracy())
                .name("test_examples").value((long) test.samples())
                .name("epochs").value((long) r.epochs())
                .name("steps").value(r.steps())
                .name("seconds").value(Math.round(r.seconds() * 1000) / 1000.0)
                .name("samples_per_second").value(Math.round(r.samplesPerSecond() * 10) / 10.0)
                .name("stopped").value(r.stopReason())
                .name("out").value(c.out.toString())
                .endObject();
        return j.toString();
    }

    private static void writeSummary(Config c, TrainResult r, Evaluation test) {
        dev.descent.report.AtomicFiles.write(c.out.resolve("summary.json"),
                (summaryJson(c, r, test) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void writePictures(Config c, TrainResult r, Evaluation test, Map<String, String> hp, String command) {
        List<Map<String, Object>> steps = r.metrics().stream().filter(m -> "step".equals(m.get("kind"))).toList();
        List<Map<String, Object>> epochRows = r.metrics().stream().filter(m -> "epoch".equals(m.get("kind"))).toList();
        String title = c.model + " on " + c.data + ", " + c.optimizer;
        LinePlot loss = new LinePlot().title("Loss: " + title).labels("epoch", "loss").markers(true);
        boolean any = addSeries(loss, "train (every " + stepInterval(steps) + " steps)", steps, "loss")
                | addSeries(loss, "train (epoch mean)", epochRows, "loss")
                | addSeries(loss, "validation", epochRows, "val_loss");
        double end = r.epochs() + (r.trainer().batchInEpoch() / (double) Math.max(1, r.trainer().stepsPerEpoch()));
        if (any && test != null && Double.isFinite(test.loss())) {
            loss.series(new Series("test (end of training)", new double[] {end}, new double[] {test.loss()}));
        }
        if (any) {
            loss.write(c.out.resolve("loss.png"));
        } else {
            loss = null;
        }
        LinePlot acc = new LinePlot().title("Accuracy: " + title).labels("epoch", "accuracy").markers(true);
        any = addSeries(acc, "train (every " + stepInterval(steps) + " steps)", steps, "accuracy")
                | addSeries(acc, "train (epoch mean)", epochRows, "accuracy")
                | addSeries(acc, "validation", epochRows, "val_accuracy");
        if (any && test != null && Double.isFinite(test.accuracy())) {
            acc.series(new Series("test (end of training)", new double[] {end}, new double[] {test.accuracy()}));
        }
        if (any) {
            acc.write(c.out.resolve("accuracy.png"));
        } else {
            acc = null;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        if (test != null) {
            facts.put("test accuracy", Double.isNaN(test.accuracy()) ? "n/a" : String.format(Locale.ROOT,
                    "%.4f (%d examples)", test.accuracy(), test.samples()));
            facts.put("test loss", test.loss());
        }
        if (!Double.isNaN(r.trainLoss())) {
            facts.put("final training loss (epoch mean)", r.trainLoss());
        }
        if (!Double.isNaN(r.valLoss())) {
            facts.put("validation loss / accuracy", String.format(Locale.ROOT, "%.4f / %.4f", r.valLoss(), r.valAccuracy()));
        }
        facts.put("epochs, steps", r.epochs() + ", " + r.steps());
        facts.put("training time", String.format(Locale.ROOT, "%.1f s (%.0f samples/s)", r.seconds(), r.samplesPerSecond()));
        if (r.stopReason() != null) {
            facts.put(r.diverged() ? "diverged" : "stopped", r.stopReason());
        }
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("model", c.model);
        prov.put("data", c.data);
        prov.put("dtype", c.dtype == DType.FLOAT64 ? "float64" : "float32");
        prov.putAll(hp);
        HtmlReport report = new HtmlReport("descent train: " + title)
                .provenance(Provenance.now(Version.VERSION, c.seed, command, prov))
                .section("Result").facts(facts)
                .section("Curves");
        if (loss != null) {
            report.figure(loss, "Training loss every few steps and per epoch"
                    + (epochRows.stream().anyMatch(m -> m.get("val_loss") != null) ? ", and the validation loss" : ""));
        } else {
            report.paragraph("No metrics row was written before the run ended.");
        }
        if (acc != null) {
            report.figure(acc, "Accuracy on the training batches and on the validation set");
        }
        report.section("Files").facts(List.of(MetricsLog.CSV + " and " + MetricsLog.JSONL + ": every metrics row",
                Checkpoint.CHECKPOINTS + "/: safetensors checkpoints (latest names the newest); resume with --resume "
                        + c.out, "summary.json: the line printed on stdout"));
        report.write(c.out.resolve("report.html"));
    }

    private static String stepInterval(List<Map<String, Object>> steps) {
        if (steps.size() < 2) {
            return "N";
        }
        return Long.toString((Long) steps.get(1).get("step") - (Long) steps.get(0).get("step"));
    }

    /** Adds the finite values of {@code column} against the epoch; false when there are none. */
    private static boolean addSeries(LinePlot plot, String name, List<Map<String, Object>> rows, String column) {
        List<double[]> pts = new ArrayList<>();
        for (Map<String, Object> m : rows) {
            Object v = m.get(column);
            if (v instanceof Double y && Double.isFinite(y)) {
                pts.add(new double[] {(Double) m.get("epoch"), y});
            }
        }
        if (pts.isEmpty()) {
            return false;
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        plot.series(new Series(name, x, y));
        return true;
    }
}
