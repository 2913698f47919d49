package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.io.Json;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import dev.descent.nn.MultiheadAttention;
import dev.descent.nn.RecurrentLayer;
import dev.descent.ops.Losses;
import dev.descent.optim.Clip;
import dev.descent.optim.NonFiniteException;
import dev.descent.optim.Optimizer;
import dev.descent.optim.StateDict;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Trains a model: the loop of the notes (forward, loss, backward, step) with everything a real run
 * needs around it — a validation set, a learning-rate schedule, gradient clipping, metrics every N
 * steps and every epoch, early stopping, a progress display, a divergence guard, and checkpoints
 * from which a run resumes bit for bit.
 * <pre>{@code
 * Generator gen = new Generator(42);
 * Module model = ModelZoo.create("mlp-256", new int[] {1, 28, 28}, 10, DType.FLOAT32, gen);
 * Optimizer opt = new Optimizer(model.namedParameters(), Adam.withLr(1e-3));
 * try (Trainer trainer = Trainer.builder(model, opt)
 *         .data(train, 128, 42).validationSplit(0.1)
 *         .epochs(5).schedule(Schedule.cosine()).clipGradNorm(1.0)
 *         .earlyStopping(3).progress(ProgressBar.stderr())
 *         .outputDir(Path.of("runs/fm")).checkpointEvery(500)
 *         .runInfo(new RunInfo("mlp-256", new int[] {1, 28, 28}, 10, DType.FLOAT32, 42, "fashion-mnist", Map.of()))
 *         .build()) {
 *     TrainResult r = trainer.fit();
 * }
 * }</pre>
 *
 * <p><b>One step.</b> {@code zeroGrad}, forward, loss; if the loss is finite: backward, clip,
 * {@code optimizer.step()} (for L-BFGS all of this happens in the closure of {@code
 * step(closure)}). A step whose loss is NaN or infinite, or whose gradients the optimizer refuses as
 * non-finite, updates nothing; the {@link DivergenceGuard} (on by default) then stops the run with
 * {@link DivergenceException}. A per-step schedule steps after every optimizer step, a per-epoch
 * schedule after every epoch.
 *
 * <p><b>Resume.</b> {@link #resume(Path)} restores a checkpoint written by this trainer's
 * {@link #saveCheckpoint()}: weights and buffers, the optimizer's state (exactly, with its
 * hyperparameters), the position (epoch, batch within the epoch, step), the generators of dropout
 * layers and any {@linkplain Builder#generator registered} generator, the scheduler (rebuilt and
 * stepped as often as before), the metrics so far and the callbacks' state. The data loader needs
 * no state: its batches are a function of (seed, epoch, batch). The continued run therefore computes
 * exactly what the uninterrupted one would have, bit for bit, as long as the kernels run with the
 * same thread count.
 */
public final class Trainer implements AutoCloseable {
    /** The {@code format} of {@code trainer.json}. */
    public static final String STATE_FORMAT = "descent.trainer/1";

    private final Module model;
    private final Optimizer optimizer;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final DataLoader loader;
    private final boolean ownsLoader;
    private final Dataset validation;
    private final int evalBatchSize;
    private final int epochs;
    private final Schedule schedule;
    private final double clipNorm;
    private final double clipValue;
    private final int logEveryOption;
    private final List<Callback> callbacks;
    private final boolean hasGuard;
    private final Path outDir;
    private final RunInfo info;
    private final LinkedHashMap<String, Generator> generators;
    private final MetricsLog metrics;
    Checkpoint.WriteHook writeHook;

    // position and counters
    private int stepsPerEpoch;
    private int logEvery;
    private int epoch;
    private int batch;
    private long step;
    private long samples;
    private double secondsBefore;
    private long sessionStart;
    private boolean running;
    private final Sums window = new Sums();
    private final Sums epochSums = new Sums();
    private double lastFiniteLoss = Double.NaN;
    private long lastFiniteStep;
    private double lastTrainLoss = Double.NaN;
    private double lastTrainAccuracy = Double.NaN;
    private double lastValLoss = Double.NaN;
    private double lastValAccuracy = Double.NaN;
    private LrScheduler scheduler;
    private long scheduleSteps;
    private double lastStepLr = Double.NaN;
    private boolean prepared;
    private String stopReason;

    /** Running sums for mean loss and accuracy. */
    private static final class Sums {
        double loss;
        long count;
        long correct;
        long accuracyCount;
        long steps;

        void add(double l, int n, long c) {
            loss += l * n;
            count += n;
            steps++;
            if (c >= 0) {
                correct += c;
                accuracyCount += n;
            }
        }

        double meanLoss() {
            return count > 0 ? loss / count : Double.NaN;
        }

        double accuracy() {
            return accuracyCount > 0 && accuracyCount == count ? (double) correct / accuracyCount : Double.NaN;
        }

        void clear() {
            loss = 0;
            count = 0;
            correct = 0;
            accuracyCount = 0;
            steps = 0;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loss_sum", JsonValues.num(loss));
            m.put("count", count);
            m.put("correct", correct);
            m.put("accuracy_count", accuracyCount);
            m.put("steps", steps);
            return m;
        }

        void fromJson(Object o) {
            Map<String, Object> m = JsonValues.object(o, "sums");
            loss = JsonValues.dbl(m.get("loss_sum"));
            count = JsonValues.lng(m.get("count"));
            correct = JsonValues.lng(m.get("correct"));
            accuracyCount = JsonValues.lng(m.get("accuracy_count"));
            steps = JsonValues.lng(m.get("steps"));
        }
    }

    private Trainer(Builder b, DataLoader loader, boolean ownsLoader, Dataset validation) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.loader = loader;
        this.ownsLoader = ownsLoader;
        this.validation = validation;
        this.evalBatchSize = b.evalBatchSize;
        this.epochs = b.epochs;
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
        this.logEveryOption = b.logEvery;
        this.outDir = b.outDir;
        this.info = b.info != null ? b.info : RunInfo.of(b.seed, "", Map.of());
        this.generators = new LinkedHashMap<>(moduleGenerators(model));
        b.generators.forEach((k, v) -> {
            if (generators.put(k, v) != null) {
                throw new IllegalArgumentException("two generators are named '" + k + "'");
            }
        });
        List<Callback> cbs = new ArrayList<>();
        if (b.progress != null) {
            cbs.add(b.progress);
        }
        if (b.guard != null) {
            cbs.add(b.guard);
        }
        this.hasGuard = b.guard != null;
        if (b.earlyStopping != null) {
            cbs.add(b.earlyStopping);
        }
        cbs.addAll(b.callbacks);
        if (outDir != null && b.checkpoints) {
            cbs.add(new CheckpointSaver(b.checkpointEvery));
        }
        this.callbacks = List.copyOf(cbs);
        this.metrics = new MetricsLog(outDir, this.info.provenanceLine());
    }

    /** A builder for a trainer of {@code model} with {@code optimizer} (bound to the model's parameters). */
    public static Builder builder(Module model, Optimizer optimizer) {
        return new Builder(model, optimizer);
    }

    /** The settings of a {@link Trainer}; each setter checks its value. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private BiFunction<Tensor, Tensor, Tensor> loss = Losses::crossEntropy;
        private DataLoader loader;
        private Dataset trainData;
        private int batchSize;
        private long seed;
        private Dataset validation;
        private double validationFraction = Double.NaN;
        private int evalBatchSize = 500;
        private int epochs = 1;
        private Schedule schedule = Schedule.none();
        private double clipNorm = Double.NaN;
        private double clipValue = Double.NaN;
        private int logEvery;
        private final List<Callback> callbacks = new ArrayList<>();
        private DivergenceGuard guard = new DivergenceGuard();
        private EarlyStopping earlyStopping;
        private ProgressBar progress;
        private Path outDir;
        private int checkpointEvery;
        private boolean checkpoints = true;
        private RunInfo info;
        private final LinkedHashMap<String, Generator> generators = new LinkedHashMap<>();

        private Builder(Module model, Optimizer optimizer) {
            this.model = Objects.requireNonNull(model, "model");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        /** The loss of a batch: {@code (output, labels) -> scalar} (default {@link Losses#crossEntropy}). */
        public Builder loss(BiFunction<Tensor, Tensor, Tensor> loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** Trains on the batches of {@code loader} (instead of {@link #data}). */
        public Builder loader(DataLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            this.trainData = null;
            return this;
        }

        /**
         * Trains on {@code train}, reshuffled every epoch, in batches of {@code batchSize} (the last
         * one may be smaller); the shuffles and the validation split derive from {@code seed}.
         */
        public Builder data(Dataset train, int batchSize, long seed) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (must be positive)");
            }
            this.trainData = Objects.requireNonNull(train, "train");
            this.batchSize = batchSize;
            this.seed = seed;
            this.loader = null;
            return this;
        }

        /** A validation set, evaluated after every epoch. */
        public Builder validation(Dataset validation) {
            this.validation = validation;
            return this;
        }

        /**
         * Holds out {@code fraction} of the {@link #data} set (chosen by the seed, {@link
         * Datasets#trainValidationSplit}) as the validation set.
         */
        public Builder validationSplit(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
            }
            this.validationFraction = fraction;
            return this;
        }

        /** Examples per batch when evaluating (default 500). */
        public Builder evalBatchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("evaluation batch size must be positive, got " + n);
            }
            this.evalBatchSize = n;
            return this;
        }

        /** Number of epochs of the whole run (default 1). */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** The learning-rate schedule (default none). */
        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Scales gradients so their joint 2-norm is at most {@code maxNorm} before every step. */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("gradient-norm clip must be a positive number, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /** Clamps every gradient element into [−value, value] before every step. */
        public Builder clipGradValue(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("gradient-value clip must be a positive number, got " + value);
            }
            this.clipValue = value;
            return this;
        }

        /** A metrics row every {@code steps} steps (default 0: about ten per epoch; negative: none). */
        public Builder logEvery(int steps) {
            this.logEvery = steps;
            return this;
        }

        /** Adds a callback (after the built-in ones, before the checkpoint saver). */
        public Builder callback(Callback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /** Replaces the default divergence guard; null runs without one (non-finite steps are skipped). */
        public Builder divergenceGuard(DivergenceGuard guard) {
            this.guard = guard;
            return this;
        }

        /** Stops when the validation loss has not improved for {@code patience} epochs. */
        public Builder earlyStopping(int patience) {
            return earlyStopping(new EarlyStopping(patience));
        }

        /** Early stopping with the given rule. */
        public Builder earlyStopping(EarlyStopping rule) {
            this.earlyStopping = rule;
            return this;
        }

        /** A progress display (default none). */
        public Builder progress(ProgressBar bar) {
            this.progress = bar;
            return this;
        }

        /** The run's folder: metrics files and checkpoints go there (default none: nothing is written). */
        public Builder outputDir(Path dir) {
            this.outDir = dir;
            return this;
        }

        /** A checkpoint every {@code steps} steps besides the one at the end (default 0: only at the end). */
        public Builder checkpointEvery(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, got " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        /** Whether to write checkpoints into the output folder (default true). */
        public Builder checkpoints(boolean on) {
            this.checkpoints = on;
            return this;
        }

        /** The provenance written into checkpoints and metrics files. */
        public Builder runInfo(RunInfo info) {
            this.info = info;
            return this;
        }

        /** A generator whose state is checkpointed too (dropout layers' generators are found automatically). */
        public Builder generator(String name, Generator gen) {
            generators.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(gen, "generator"));
            return this;
        }

        /** The trainer. */
        public Trainer build() {
            if (loader == null && trainData == null) {
                throw new IllegalStateException("the trainer has no training data: call data(dataset, batchSize, seed) "
                        + "or loader(loader)");
            }
            Dataset val = validation;
            DataLoader l = loader;
            boolean owns = false;
            if (!Double.isNaN(validationFraction)) {
                if (trainData == null) {
                    throw new IllegalStateException("validationSplit needs data(dataset, batchSize, seed); with a ready-made "
                            + "loader pass validation(dataset) instead");
                }
                if (validation != null) {
                    throw new IllegalStateException("give either a validation set or a validation split, not both");
                }
            }
            if (l == null) {
                Dataset train = trainData;
                if (!Double.isNaN(validationFraction)) {
                    Datasets.Split split = Datasets.trainValidationSplit(trainData, validationFraction, seed);
                    train = split.train();
                    val = split.validation();
                }
                l = DataLoader.builder(train).batchSize(batchSize).shuffle(true).seed(seed).build();
                owns = true;
            }
            if (earlyStopping != null && val == null) {
                throw new IllegalStateException("early stopping watches the validation loss: give a validation set "
                        + "(validation(...) or validationSplit(...))");
            }
            if (!Double.isNaN(clipNorm) && !Double.isNaN(clipValue)) {
                throw new IllegalStateException("clip gradients by norm or by value, not both");
            }
            return new Trainer(this, l, owns, val);
        }
    }

    // ---------------------------------------------------------------- the loop

    private void prepare() {
        if (prepared) {
            return;
        }
        stepsPerEpoch = loader.numBatches();
        if (stepsPerEpoch == 0) {
            throw new IllegalStateException("the training set gives no batch (" + loader.dataset().size()
                    + " examples, batch size " + loader.batchSize() + ")");
        }
        logEvery = logEveryOption == 0 ? Math.max(1, (int) Math.round(stepsPerEpoch / 10.0)) : logEveryOption;
        scheduler = schedule.factory().create(optimizer, stepsPerEpoch, epochs);
        prepared = true;
    }

    /**
     * Trains from the current position (the start, or where {@link #resume} left off) to the end of
     * the last epoch, or until a callback stops the run.
     *
     * @throws DivergenceException when the loss or a gradient becomes NaN or infinite (with the
     *                             default guard); metrics so far are written first
     */
    public TrainResult fit() {
        prepare();
        stopReason = null;
        sessionStart = System.nanoTime();
        running = true;
        DivergenceException diverged = null;
        try {
            for (Callback cb : callbacks) {
                cb.onTrainStart(this);
            }
            while (epoch < epochs && stopReason == null) {
                model.train();
                try (DataLoader.BatchIterator it = loader.iterator(epoch, batch)) {
                    while (stopReason == null && it.hasNext()) {
                        runStep(it.next());
                    }
                }
                if (batch < stepsPerEpoch) {
                    break;
                }
                endEpoch();
            }
        } catch (DivergenceException e) {
            diverged = e;
            stopReason = "diverged";
        } finally {
            secondsBefore = seconds();
            running = false;
        }
        TrainResult r = result(diverged != null);
        for (Callback cb : callbacks) {
            cb.onTrainEnd(r);
        }
        if (diverged != null) {
            throw diverged;
        }
        return r;
    }

    private TrainResult result(boolean diverged) {
        double trainLoss = lastTrainLoss;
        double trainAcc = lastTrainAccuracy;
        if (epochSums.count > 0 && Double.isNaN(trainLoss)) {
            trainLoss = epochSums.meanLoss();
            trainAcc = epochSums.accuracy();
        }
        return new TrainResult(this, epoch, step, trainLoss, trainAcc, lastValLoss, lastValAccuracy, samples,
                seconds(), stopReason, diverged, metrics.rows());
    }

    private void runStep(Batch b) {
        int bs = b.size();
        double lr = optimizer.group(0).lr();
        Tensor x = b.x();
        Tensor y = b.y();
        double lossValue;
        long correct;
        String nonFinite = null;
        boolean updated = false;
        if (optimizer.algorithm().needsClosure()) {
            Tensor[] firstOut = new Tensor[1];
            Tensor l = null;
            try {
                l = optimizer.step(() -> {
                    optimizer.zeroGrad();
                    Tensor o = model.call(x);
                    Tensor lt = loss.apply(o, y);
                    if (firstOut[0] == null) {
                        firstOut[0] = o.detach();
                    }
                    lt.backward();
                    clip();
                    return lt;
                });
                updated = true;
            } catch (NonFiniteException e) {
                nonFinite = describe(e);
            }
            lossValue = l == null ? Double.NaN : l.item();
            correct = firstOut[0] == null ? -1 : Evaluation.correct(firstOut[0], y);
            if (nonFinite == null && !Double.isFinite(lossValue)) {
                nonFinite = "the loss is " + lossValue;
            }
        } else {
            optimizer.zeroGrad();
            Tensor out = model.call(x);
            Tensor lt = loss.apply(out, y);
            lossValue = lt.item();
            correct = Evaluation.correct(out, y);
            if (!Double.isFinite(lossValue)) {
                nonFinite = "the loss is " + lossValue;
            } else {
                lt.backward();
                clip();
                try {
                    optimizer.step();
                    updated = true;
                } catch (NonFiniteException e) {
                    if (!hasGuard) {
                        optimizer.zeroGrad();
                    }
                    nonFinite = describe(e) + " (the loss was " + DivergenceGuard.number(lossValue) + ")";
                }
            }
        }
        int batchIndex = batch;
        lastStepLr = lr;
        batch++;
        step++;
        samples += bs;
        double prevFiniteLoss = lastFiniteLoss;
        long prevFiniteStep = lastFiniteStep;
        if (Double.isFinite(lossValue)) {
            window.add(lossValue, bs, correct);
            epochSums.add(lossValue, bs, correct);
            if (nonFinite == null) {
                lastFiniteLoss = lossValue;
                lastFiniteStep = step;
            }
        }
        if (scheduler != null && schedule.perStep()) {
            scheduler.step();
            scheduleSteps++;
        }
        if (logEvery > 0 && step % logEvery == 0 && nonFinite == null) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "step");
            row.put("epoch", epoch + (double) batch / stepsPerEpoch);
            row.put("step", step);
            row.put("samples", samples);
            row.put("seconds", seconds());
            row.put("lr", lr);
            row.put("loss", window.meanLoss());
            row.put("accuracy", nanToNull(window.accuracy()));
            addRow(row);
            window.clear();
        }
        double acc = correct >= 0 ? (double) correct / bs : Double.NaN;
        StepEnd event = new StepEnd(this, epoch, batchIndex, stepsPerEpoch, step, bs, lossValue, acc, lr, samples,
                seconds(), updated, nonFinite, prevFiniteLoss, prevFiniteStep);
        for (Callback cb : callbacks) {
            cb.onStepEnd(event);
        }
    }

    private static String describe(NonFiniteException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith("non-finite gradient") ? "the gradient of parameter '" + e.parameter() + "' is not finite"
                : "parameter '" + e.parameter() + "' is not finite";
    }

    private void clip() {
        if (!Double.isNaN(clipNorm)) {
            Clip.clipGradNorm(model.parameters(), clipNorm);
        } else if (!Double.isNaN(clipValue)) {
            Clip.clipGradValue(model.parameters(), clipValue);
        }
    }

    private void endEpoch() {
        int completed = epoch + 1;
        double lrNow = Double.isNaN(lastStepLr) ? optimizer.group(0).lr() : lastStepLr;
        double trainLoss = epochSums.meanLoss();
        double trainAcc = epochSums.accuracy();
        epoch = completed;
        batch = 0;
        if (scheduler != null && !schedule.perStep()) {
            scheduler.step();
            scheduleSteps++;
        }
        double valLoss = Double.NaN;
        double valAcc = Double.NaN;
        if (validation != null) {
            Evaluation v = Evaluation.of(model, validation, evalBatchSize, loss);
            valLoss = v.loss();
            valAcc = v.accuracy();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "epoch");
        row.put("epoch", (double) completed);
        row.put("step", step);
        row.put("samples", samples);
        row.put("seconds", seconds());
        row.put("lr", lrNow);
        row.put("loss", trainLoss);
        row.put("accuracy", nanToNull(trainAcc));
        row.put("val_loss", nanToNull(valLoss));
        row.put("val_accuracy", nanToNull(valAcc));
        addRow(row);
        lastTrainLoss = trainLoss;
        lastTrainAccuracy = trainAcc;
        lastValLoss = valLoss;
        lastValAccuracy = valAcc;
        epochSums.clear();
        EpochEnd event = new EpochEnd(this, completed, step, trainLoss, trainAcc, valLoss, valAcc, lrNow, samples,
                seconds());
        for (Callback cb : callbacks) {
            cb.onEpochEnd(event);
        }
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private void addRow(Map<String, Object> row) {
        try {
            metrics.add(row);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the metrics into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** Asks the run to stop after the current step (or epoch end); the first reason given wins. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason == null ? "stopped by a callback" : reason;
        }
    }

    /** The loss, accuracy and size of {@code data} under the current weights (evaluation mode, no gradients). */
    public Evaluation evaluate(Dataset data) {
        return Evaluation.of(model, data, evalBatchSize, loss);
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Writes checkpoint {@code step-<step>} into {@code OUT/checkpoints} (see the package
     * documentation for the layout) and points {@code latest} at it.
     *
     * @throws IllegalStateException without an output folder
     */
    public Path saveCheckpoint() throws IOException {
        if (outDir == null) {
            throw new IllegalStateException("the trainer has no output folder: set outputDir(...) to write checkpoints");
        }
        prepare();
        return Checkpoint.write(checkpointsDir(), step, model.stateDict(), Checkpoint.modelMetadata(info, step, epoch),
                optimizer.stateDict(), Json.write(state()), writeHook);
    }

    /** The state written to {@code trainer.json}. */
    private Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("format", STATE_FORMAT);
        s.put(Checkpoint.KEY_VERSION, dev.descent.Version.VERSION);
        s.put("epoch", (long) epoch);
        s.put("batch", (long) batch);
        s.put("step", step);
        s.put("samples", samples);
        s.put("seconds", JsonValues.num(seconds()));
        s.put("epochs", (long) epochs);
        s.put("steps_per_epoch", (long) stepsPerEpoch);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("seed", loader.seed());
        l.put("batch_size", (long) loader.batchSize());
        l.put("examples", (long) loader.dataset().size());
        l.put("epoch", (long) epoch);
        l.put("next_batch", (long) batch);
        s.put("loader", l);
        Map<String, Object> gens = new LinkedHashMap<>();
        generators.forEach((k, g) -> gens.put(k, JsonValues.longs(g.getState())));
        s.put("generators", gens);
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("name", schedule.name());
        sched.put("per_step", schedule.perStep());
        sched.put("steps", scheduleSteps);
        sched.put("lr", JsonValues.num(optimizer.group(0).lr()));
        s.put("schedule", sched);
        s.put("window", window.toJson());
        s.put("epoch_sums", epochSums.toJson());
        s.put("last_step_lr", JsonValues.num(lastStepLr));
        s.put("last_finite_loss", JsonValues.num(lastFiniteLoss));
        s.put("last_finite_step", lastFiniteStep);
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("train_loss", JsonValues.num(lastTrainLoss));
        last.put("train_accuracy", JsonValues.num(lastTrainAccuracy));
        last.put("val_loss", JsonValues.num(lastValLoss));
        last.put("val_accuracy", JsonValues.num(lastValAccuracy));
        s.put("last_epoch", last);
        Map<String, Object> cbs = new LinkedHashMap<>();
        for (Callback cb : callbacks) {
            if (cb.stateKey() != null) {
                cbs.put(cb.stateKey(), cb.state());
            }
        }
        s.put("callbacks", cbs);
        List<Object> rows = new ArrayList<>();
        for (Map<String, Object> r : metrics.rows()) {
            Map<String, Object> j = new LinkedHashMap<>();
            r.forEach((k, v) -> j.put(k, v instanceof Double d ? JsonValues.num(d) : v));
            rows.add(j);
        }
        s.put("metrics", rows);
        return s;
    }

    /**
     * Restores the checkpoint at {@code path} ({@code OUT}, {@code OUT/checkpoints} or a {@code
     * step-<N>} folder) into this trainer, which must be built like the one that wrote it (same
     * model, optimizer algorithm, data, batch size, seed, schedule); {@link #fit()} then continues
     * where that run was. Returns this trainer.
     *
     * @throws IllegalArgumentException when the checkpoint does not fit this trainer (the message
     *                                  says what differs)
     */
    public Trainer resume(Path path) throws IOException {
        Checkpoint ck = Checkpoint.load(path);
        Map<String, Object> st = ck.trainerState();
        String where = ck.dir().resolve(Checkpoint.TRAINER_FILE).toString();
        if (!STATE_FORMAT.equals(st.get("format"))) {
            throw new IllegalArgumentException(where + ": not a trainer state (format " + st.get("format") + ")");
        }
        if (!st.containsKey("loader")) {
            throw new IllegalArgumentException(where + ": this checkpoint was not written by a Trainer (it has no "
                    + "loader position); load its weights with Checkpoint.load(...).model() instead");
        }
        prepare();
        Map<String, Object> l = JsonValues.object(st.get("loader"), "loader");
        check(where, "batch size", JsonValues.lng(l.get("batch_size")), loader.batchSize());
        check(where, "training examples", JsonValues.lng(l.get("examples")), loader.dataset().size());
        check(where, "data seed", JsonValues.lng(l.get("seed")), loader.seed());
        check(where, "batches per epoch", JsonValues.lng(st.get("steps_per_epoch")), stepsPerEpoch);
        Map<String, Object> sched = JsonValues.object(st.get("schedule"), "schedule");
        if (!schedule.name().equals(sched.get("name"))) {
            throw new IllegalArgumentException(where + ": the run used the learning-rate schedule " + sched.get("name")
                    + ", this trainer has " + schedule.name());
        }
        long savedEpochs = JsonValues.lng(st.get("epochs"));
        if (savedEpochs != epochs && schedule.dependsOnRunLength()) {
            throw new IllegalArgumentException(where + ": the run was planned for " + savedEpochs + " epochs and its "
                    + schedule.name() + " schedule depends on that; resume it with " + savedEpochs + " epochs");
        }
        Map<String, Object> gens = JsonValues.object(st.get("generators"), "generators");
        if (!gens.keySet().equals(generators.keySet())) {
            throw new IllegalArgumentException(where + ": the checkpoint has generators " + gens.keySet()
                    + " but this trainer has " + generators.keySet() + " (a different model?)");
        }
        StateDict optState = ck.optimizerState();
        model.loadStateDict(ck.weights(), true);
        long k = JsonValues.lng(sched.get("steps"));
        if (scheduler != null) {
            for (long i = 0; i < k; i++) {
                scheduler.step();
            }
        }
        scheduleSteps = k;
        optimizer.loadStateDict(optState);
        gens.forEach((name, v) -> generators.get(name).setState(JsonValues.longs(v, "generator " + name)));
        epoch = JsonValues.integer(st.get("epoch"));
        batch = JsonValues.integer(st.get("batch"));
        step = JsonValues.lng(st.get("step"));
        samples = JsonValues.lng(st.get("samples"));
        secondsBefore = JsonValues.dbl(st.get("seconds"));
        window.fromJson(st.get("window"));
        epochSums.fromJson(st.get("epoch_sums"));
        lastStepLr = JsonValues.dbl(st.get("last_step_lr"));
        lastFiniteLoss = JsonValues.dbl(st.get("last_finite_loss"));
        lastFiniteStep = JsonValues.lng(st.get("last_finite_step"));
        Map<String, Object> last = JsonValues.object(st.get("last_epoch"), "last_epoch");
        lastTrainLoss = JsonValues.dbl(last.get("train_loss"));
        lastTrainAccuracy = JsonValues.dbl(last.get("train_accuracy"));
        lastValLoss = JsonValues.dbl(last.get("val_loss"));
        lastValAccuracy = JsonValues.dbl(last.get("val_accuracy"));
        Map<String, Object> cbs = JsonValues.object(st.getOrDefault("callbacks", Map.of()), "callbacks");
        for (Callback cb : callbacks) {
            if (cb.stateKey() != null && cbs.containsKey(cb.stateKey())) {
                cb.loadState(JsonValues.object(cbs.get(cb.stateKey()), cb.stateKey()));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object o : JsonValues.array(st.get("metrics"), "metrics")) {
            Map<String, Object> r = new LinkedHashMap<>();
            JsonValues.object(o, "metrics row").forEach((key, v) -> r.put(key, switch (key) {
                case "kind" -> v;
                case "step", "samples" -> v == null ? null : JsonValues.lng(v);
                default -> v == null ? null : (Object) JsonValues.dbl(v);
            }));
            rows.add(r);
        }
        metrics.reset(rows);
        return this;
    }

    private static void check(String where, String what, long saved, long mine) {
        if (saved != mine) {
            throw new IllegalArgumentException(where + ": the run had " + saved + " " + what + ", this trainer has " + mine
                    + "; resume with the same data, batch size and seed");
        }
    }

    // ---------------------------------------------------------------- generators

    /**
     * The generators of a module tree that training draws from: dropout layers' masks, attention
     * dropout, recurrent between-layer dropout; named {@code module:<path>} ({@code
     * module:layers.2}).
     */
    public static LinkedHashMap<String, Generator> moduleGenerators(Module root) {
        LinkedHashMap<String, Generator> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Module m, String path, Map<String, Generator> out) {
        Generator g = switch (m) {
            case Dropout d -> d.generator();
            case MultiheadAttention a -> a.dropoutGenerator();
            case RecurrentLayer r -> r.dropoutGenerator();
            default -> null;
        };
        if (g != null) {
            out.put("module:" + (path.isEmpty() ? "(root)" : path), g);
        }
        m.children().forEach((k, c) -> collect(c, path.isEmpty() ? k : path + "." + k, out));
    }

    // ---------------------------------------------------------------- access

    /** The model. */
    public Module model() {
        return model;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The training batches. */
    public DataLoader loader() {
        return loader;
    }

    /** The validation set, or null. */
    public Dataset validation() {
        return validation;
    }

    /** True when there is a validation set. */
    public boolean hasValidation() {
        return validation != null;
    }

    /** Epochs of the whole run. */
    public int epochs() {
        return epochs;
    }

    /** The epoch in progress (0-based), which is also the number of completed epochs. */
    public int epoch() {
        return epoch;
    }

    /** Index within the current epoch of the next batch. */
    public int batchInEpoch() {
        return batch;
    }

    /** Optimizer steps taken. */
    public long step() {
        return step;
    }

    /** Examples trained on so far. */
    public long samples() {
        return samples;
    }

    /** Training time so far, over all sessions of a resumed run. */
    public double seconds() {
        return running ? secondsBefore + (System.nanoTime() - sessionStart) / 1e9 : secondsBefore;
    }

    /** Batches per epoch. */
    public int stepsPerEpoch() {
        prepare();
        return stepsPerEpoch;
    }

    /** {@code epoch:batch:step}, which identifies a position of the run. */
    public String position() {
        return epoch + ":" + batch + ":" + step;
    }

    /** The gradient-norm clip, NaN when off. */
    public double clipGradNorm() {
        return clipNorm;
    }

    /** The gradient-value clip, NaN when off. */
    public double clipGradValue() {
        return clipValue;
    }

    /** The schedule. */
    public Schedule schedule() {
        return schedule;
    }

    /** The scheduler (null for a constant learning rate, or before the run is prepared). */
    public LrScheduler scheduler() {
        return scheduler;
    }

    /** The run's provenance. */
    public RunInfo runInfo() {
        return info;
    }

    /** The output folder, or null. */
    public Path outputDir() {
        return outDir;
    }

    /** {@code OUT/checkpoints}, or null without an output folder. */
    public Path checkpointsDir() {
        return outDir == null ? null : outDir.resolve(Checkpoint.CHECKPOINTS);
    }

    /** The metrics so far. */
    public MetricsLog metrics() {
        return metrics;
    }

    /** The callbacks, in the order they run. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** The generators whose state is checkpointed, by name. */
    public Map<String, Generator> generators() {
        return java.util.Collections.unmodifiableMap(generators);
    }

    /** Closes the data loader if the trainer built it. */
    @Override
    public void close() {
        if (ownsLoader) {
            loader.close();
        }
    }
}
