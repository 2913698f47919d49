package dev.descent.train;

import dev.descent.Version;
import dev.descent.io.FormatException;
import dev.descent.io.Json;
import dev.descent.io.SafeTensors;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.optim.Optimizer;
import dev.descent.optim.StateDict;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One checkpoint of a training run, in the layout described in the {@linkplain dev.descent.train
 * package documentation}: {@code OUT/checkpoints/step-<N>/} with {@code model.safetensors},
 * {@code optimizer.safetensors} and {@code trainer.json}, and {@code OUT/checkpoints/latest}
 * naming the newest.
 * <pre>{@code
 * Checkpoint ck = Checkpoint.load(Path.of("runs/fm"));      // OUT, OUT/checkpoints or a step-N folder
 * Module net = ck.model();                                  // rebuilt with ModelZoo, weights loaded, eval mode
 * System.out.println(ck.modelName() + " " + Arrays.toString(ck.inputShape()) + " step " + ck.step());
 * }</pre>
 */
public final class Checkpoint {
    /** The folder of checkpoints inside a run's output folder. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The file in {@link #CHECKPOINTS} naming the newest checkpoint folder ({@code step-<N>}). */
    public static final String LATEST = "latest";
    /** The model's state dict (parameters and buffers) with the run's metadata. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The optimizer's state dict ({@link OptimizerCheckpoint}). */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** The trainer's position, generator states, metrics and schedule state. */
    public static final String TRAINER_FILE = "trainer.json";

    /** Metadata key: the Descent version. */
    public static final String KEY_VERSION = "descent.version";
    /** Metadata key: the {@link ModelZoo} name. */
    public static final String KEY_MODEL = "model";
    /** Metadata key: the shape of one example, {@code 1,28,28}. */
    public static final String KEY_INPUT_SHAPE = "input_shape";
    /** Metadata key: the number of classes. */
    public static final String KEY_CLASSES = "classes";
    /** Metadata key: {@code float32} or {@code float64}. */
    public static final String KEY_DTYPE = "dtype";
    /** Metadata key: the run's seed. */
    public static final String KEY_SEED = "seed";
    /** Metadata key: optimizer steps taken. */
    public static final String KEY_STEP = "step";
    /** Metadata key: epochs completed. */
    public static final String KEY_EPOCH = "epoch";
    /** Metadata key: the data set's name or path. */
    public static final String KEY_DATA = "data";
    /** Metadata key: the run's hyperparameters as a JSON object string. */
    public static final String KEY_HYPERPARAMETERS = "hyperparameters";

    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");

    private final Path dir;
    private final Map<String, String> metadata;
    private final LinkedHashMap<String, Tensor> weights;

    private Checkpoint(Path dir, Map<String, String> metadata, LinkedHashMap<String, Tensor> weights) {
        this.dir = dir;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.weights = weights;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads the checkpoint at {@code path}: a run's output folder {@code OUT} (its newest checkpoint),
     * {@code OUT/checkpoints} (the same), or one {@code step-<N>} folder.
     *
     * @throws FileNotFoundException when there is no checkpoint there
     * @throws FormatException       when a file is damaged
     */
    public static Checkpoint load(Path path) throws IOException {
        Path d = locate(path);
        SafeTensors.Loaded loaded = SafeTensors.read(d.resolve(MODEL_FILE));
        return new Checkpoint(d, loaded.metadata(), loaded.tensors());
    }

    /**
     * The {@code step-<N>} folder that {@code path} designates: itself if it holds {@code
     * model.safetensors}; else the folder named by {@code latest} in {@code path} or in {@code
     * path/checkpoints}; if {@code latest} is missing or points nowhere, the {@code step-<N>} folder
     * with the largest N.
     */
    public static Path locate(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new FileNotFoundException(path + ": no such file or folder");
        }
        if (Files.isRegularFile(path.resolve(MODEL_FILE))) {
            return path;
        }
        Path ck = path;
        if (!Files.isRegularFile(ck.resolve(LATEST)) && Files.isDirectory(ck.resolve(CHECKPOINTS))) {
            ck = ck.resolve(CHECKPOINTS);
        }
        Path latest = ck.resolve(LATEST);
        if (Files.isRegularFile(latest)) {
            String name = Files.readString(latest, StandardCharsets.UTF_8).strip();
            Path d = ck.resolve(name);
            if (STEP_DIR.matcher(name).matches() && Files.isRegularFile(d.resolve(MODEL_FILE))) {
                return d;
            }
        }
        Path best = null;
        long bestStep = -1;
        if (Files.isDirectory(ck)) {
            try (Stream<Path> s = Files.list(ck)) {
                for (Path p : s.toList()) {
                    Matcher m = STEP_DIR.matcher(p.getFileName().toString());
                    if (m.matches() && Files.isRegularFile(p.resolve(MODEL_FILE))) {
                        long n = Long.parseLong(m.group(1));
                        if (n > bestStep) {
                            bestStep = n;
                            best = p;
                        }
                    }
                }
            }
        }
        if (best == null) {
            throw new FileNotFoundException(path + ": no checkpoint here (expected a run folder OUT, OUT/" + CHECKPOINTS
                    + " or OUT/" + CHECKPOINTS + "/step-N holding " + MODEL_FILE + ")");
        }
        return best;
    }

    /** The {@code step-<N>} folder. */
    public Path dir() {
        return dir;
    }

    /** The run's output folder (two levels up from {@link #dir()}). */
    public Path runDir() {
        Path abs = dir.toAbsolutePath();
        return abs.getParent() != null && abs.getParent().getParent() != null ? abs.getParent().getParent() : abs;
    }

    /** Every metadata entry of {@code model.safetensors}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The zoo name ({@code mlp}, {@code lenet}, ...), or null when the model was built by hand. */
    public String modelName() {
        return metadata.get(KEY_MODEL);
    }

    /** The shape of one example, e.g. {@code [1, 28, 28]} (empty when unknown). */
    public int[] inputShape() {
        String s = metadata.getOrDefault(KEY_INPUT_SHAPE, "").strip();
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(",");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Integer.parseInt(parts[i].strip());
        }
        return shape;
    }

    /** Number of classes (0 when unknown or for regression). */
    public int classes() {
        return Integer.parseInt(metadata.getOrDefault(KEY_CLASSES, "0"));
    }

    /** The parameters' dtype. */
    public DType dtype() {
        return "float64".equals(metadata.get(KEY_DTYPE)) ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The run's seed. */
    public long seed() {
        return Long.parseLong(metadata.getOrDefault(KEY_SEED, "0"));
    }

    /** Optimizer steps taken when the checkpoint was written. */
    public long step() {
        return Long.parseLong(metadata.getOrDefault(KEY_STEP, "0"));
    }

    /** Epochs completed when the checkpoint was written. */
    public int epoch() {
        return Integer.parseInt(metadata.getOrDefault(KEY_EPOCH, "0"));
    }

    /** The data set's name or path. */
    public String data() {
        return metadata.getOrDefault(KEY_DATA, "");
    }

    /** The run's hyperparameters (from the {@code hyperparameters} JSON string), in order. */
    public Map<String, String> hyperparameters() {
        String json = metadata.get(KEY_HYPERPARAMETERS);
        Map<String, String> out = new LinkedHashMap<>();
        if (json != null) {
            JsonValues.object(Json.parse(json), KEY_HYPERPARAMETERS).forEach((k, v) ->
                    out.put(k, v == null ? null : String.valueOf(v)));
        }
        return out;
    }

    /** The model's parameters and buffers by name (float32 or float64, as saved). */
    public LinkedHashMap<String, Tensor> weights() {
        return weights;
    }

    /**
     * The model rebuilt with {@link ModelZoo#create(String, int[], int, DType, Generator)} from the
     * metadata, with the saved weights loaded (strictly), in evaluation mode.
     *
     * @throws IllegalStateException when the checkpoint does not name a zoo model
     */
    public Module model() {
        String name = modelName();
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("checkpoint " + dir + " does not name a zoo model (metadata '" + KEY_MODEL
                    + "' is missing): load weights() into your own module instead");
        }
        Module m = ModelZoo.create(name, inputShape(), classes(), dtype(), new Generator(seed()));
        m.loadStateDict(weights, true);
        m.eval();
        return m;
    }

    /** The optimizer's state dict from {@code optimizer.safetensors}. */
    public StateDict optimizerState() throws IOException {
        Path f = dir.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(f)) {
            throw new FileNotFoundException(f + ": this checkpoint has no optimizer state");
        }
        return OptimizerCheckpoint.read(f);
    }

    /** The trainer's state from {@code trainer.json}. */
    public Map<String, Object> trainerState() throws IOException {
        Path f = dir.resolve(TRAINER_FILE);
        if (!Files.isRegularFile(f)) {
            throw new FileNotFoundException(f + ": this checkpoint has no trainer state");
        }
        try {
            return JsonValues.object(Json.parse(Files.readString(f, StandardCharsets.UTF_8)), f.toString());
        } catch (IllegalArgumentException e) {
            throw new FormatException(f + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Checkpoint(" + dir + ", model=" + modelName() + ", step=" + step() + ", epoch=" + epoch() + ")";
    }

    // ---------------------------------------------------------------- writing

    /** The metadata of {@code model.safetensors} for a run at {@code step} after {@code epoch} epochs. */
    public static LinkedHashMap<String, String> modelMetadata(RunInfo info, long step, int epoch) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put(KEY_VERSION, Version.VERSION);
        if (info.model() != null) {
            m.put(KEY_MODEL, info.model());
        }
        if (info.inputShape().length > 0) {
            m.put(KEY_INPUT_SHAPE, info.inputShapeText());
        }
        m.put(KEY_CLASSES, Integer.toString(info.classes()));
        m.put(KEY_DTYPE, info.dtypeText());
        m.put(KEY_SEED, Long.toString(info.seed()));
        m.put(KEY_STEP, Long.toString(step));
        m.put(KEY_EPOCH, Integer.toString(epoch));
        m.put(KEY_DATA, info.data());
        m.put(KEY_HYPERPARAMETERS, info.hyperparametersJson());
        return m;
    }

    /**
     * Saves a model (and optionally its optimizer) as checkpoint {@code step-<step>} of run folder
     * {@code out}, outside of a {@link Trainer}: the same files and metadata, with a minimal
     * {@code trainer.json} (position only). Returns the checkpoint folder.
     */
    public static Path save(Path out, Module model, Optimizer optimizer, RunInfo info, long step, int epoch)
            throws IOException {
        Map<String, Object> trainer = new LinkedHashMap<>();
        trainer.put("format", Trainer.STATE_FORMAT);
        trainer.put("epoch", (long) epoch);
        trainer.put("batch", 0L);
        trainer.put("step", step);
        return write(out.resolve(CHECKPOINTS), step, model.stateDict(), modelMetadata(info, step, epoch),
                optimizer == null ? null : optimizer.stateDict(), Json.write(trainer), null);
    }

    /** Called after each file of a checkpoint is written (tests use it to fail midway). */
    @FunctionalInterface
    interface WriteHook {
        void afterFile(String name) throws IOException;
    }

    /**
     * Writes checkpoint {@code step-<step>} into {@code checkpointsDir} atomically: the files go into
     * a hidden temporary folder that is renamed into place once complete (replacing an older folder
     * of the same step), then {@code latest} is rewritten (atomically) to name it. If anything fails,
     * the temporary folder is deleted and the previous checkpoints and {@code latest} are untouched.
     */
    static Path write(Path checkpointsDir, long step, Map<String, Tensor> weights, Map<String, String> modelMeta,
                      StateDict optimizer, String trainerJson, WriteHook hook) throws IOException {
        Files.createDirectories(checkpointsDir);
        String name = "step-" + step;
        Path tmp = uniqueDir(checkpointsDir, "." + name + ".tmp-");
        boolean moved = false;
        try {
            writeDurably(tmp.resolve(MODEL_FILE), SafeTensors.toBytes(weights, modelMeta));
            after(hook, MODEL_FILE);
            if (optimizer != null) {
                writeDurably(tmp.resolve(OPTIMIZER_FILE), SafeTensors.toBytes(OptimizerCheckpoint.tensors(optimizer),
                        OptimizerCheckpoint.metadata(optimizer)));
                after(hook, OPTIMIZER_FILE);
            }
            writeDurably(tmp.resolve(TRAINER_FILE), trainerJson.getBytes(StandardCharsets.UTF_8));
            after(hook, TRAINER_FILE);
            syncDir(tmp);
            Path target = checkpointsDir.resolve(name);
            if (Files.exists(target)) {
                Path old = uniqueDir(checkpointsDir, "." + name + ".old-");
                Files.delete(old);
                move(target, old);
                try {
                    move(tmp, target);
                } catch (IOException e) {
                    move(old, target);
                    throw e;
                }
                moved = true;
                deleteTree(old);
            } else {
                move(tmp, target);
                moved = true;
            }
            syncDir(checkpointsDir);
            after(hook, "rename");
            replaceDurably(checkpointsDir.resolve(LATEST), (name + "\n").getBytes(StandardCharsets.UTF_8));
            return target;
        } finally {
            if (!moved) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Deletes what a crash in {@link #write} may leave behind: temporary folders ({@code .step-N.tmp-*},
     * {@code .step-N.old-*}) and temporary {@code latest} files.
     */
    static void removeStale(Path checkpointsDir) throws IOException {
        if (!Files.isDirectory(checkpointsDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(checkpointsDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.matches("\\.step-\\d+\\.(tmp|old)-.*") && Files.isDirectory(p)) {
                    deleteTree(p);
                } else if (n.matches("\\." + LATEST + "\\..*\\.tmp") && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A new folder {@code prefix<random>} in {@code parent}, with the default permissions (umask). */
    private static Path uniqueDir(Path parent, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = parent.resolve(prefix + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
            try {
                return Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Writes a new file and forces it to disk (the folder it is in is renamed into place afterwards). */
    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Atomically replaces {@code target}: a forced temporary file renamed over it. */
    private static void replaceDurably(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            writeDurably(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void after(WriteHook hook, String name) throws IOException {
        if (hook != null) {
            hook.afterFile(name);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Flushes a folder's entries to disk where the platform allows it (Linux does; others may not). */
    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data files themselves were forced
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The {@code step-<N>} folders in {@code checkpointsDir}, by increasing N. */
    public static List<Path> list(Path checkpointsDir) throws IOException {
        if (!Files.isDirectory(checkpointsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(checkpointsDir)) {
            return s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5))))
                    .toList();
        }
    }
}
