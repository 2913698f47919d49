package dev.descent.surface;

import dev.descent.io.SafeTensors;
import dev.descent.tensor.DType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the model checkpoints that {@code descent train} writes, directly from disk (no dependency
 * on the trainer's classes). Accepted locations, tried in this order:
 * <ul>
 *   <li>a {@code .safetensors} file;</li>
 *   <li>a folder holding {@code model.safetensors} (a step folder {@code OUT/checkpoints/step-<N>/}, or
 *       {@code OUT} itself);</li>
 *   <li>a folder with a {@code latest} text file naming the step folder (relative to it);</li>
 *   <li>a folder with {@code step-<N>} sub-folders: the highest N;</li>
 *   <li>a folder with a {@code checkpoints} sub-folder: the same rules inside it.</li>
 * </ul>
 * The safetensors {@code __metadata__} must give {@code model} (a zoo name), {@code input_shape}
 * ({@code 1,28,28}), {@code classes} and {@code dtype}; {@code seed}, {@code data} and {@code step}
 * are optional.
 */
public final class CheckpointReader {
    private static final Pattern STEP = Pattern.compile("step-(\\d+)");

    private CheckpointReader() {}

    /** The {@code model.safetensors} file that {@code path} designates. */
    public static Path locate(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new FileNotFoundException(path + ": no such checkpoint file or folder");
        }
        Path direct = path.resolve("model.safetensors");
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        Path latest = path.resolve("latest");
        if (Files.isRegularFile(latest)) {
            String name = Files.readString(latest, StandardCharsets.UTF_8).strip();
            Path target = path.resolve(name);
            if (!Files.isDirectory(target) && !Files.isRegularFile(target)) {
                throw new FileNotFoundException(latest + " names '" + name + "', which does not exist in " + path);
            }
            return locate(target);
        }
        Path best = null;
        long bestStep = -1;
        try (var s = Files.list(path)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = STEP.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p) && Long.parseLong(m.group(1)) > bestStep) {
                    bestStep = Long.parseLong(m.group(1));
                    best = p;
                }
            }
        }
        if (best != null) {
            return locate(best);
        }
        Path sub = path.resolve("checkpoints");
        if (Files.isDirectory(sub)) {
            return locate(sub);
        }
        throw new FileNotFoundException(path + ": no checkpoint here (expected model.safetensors, a 'latest' file, step-<N> "
                + "folders or a 'checkpoints' folder, as written by `descent train --out DIR`)");
    }

    /**
     * Every {@code step-<N>} checkpoint of a run, in increasing N: the path of the optimizer, for
     * {@link PcaDirections}. {@code path} is the run's output folder or its {@code checkpoints} folder.
     */
    public static List<SavedModel> readPath(Path path) throws IOException {
        Path dir = Files.isDirectory(path.resolve("checkpoints")) ? path.resolve("checkpoints") : path;
        List<Path> steps = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (STEP.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve("model.safetensors"))) {
                        steps.add(p);
                    }
                }
            }
        }
        if (steps.size() < 3) {
            throw new IOException(dir + ": a path needs at least 3 step-<N> checkpoints (found " + steps.size()
                    + "); save checkpoints more often during training");
        }
        steps.sort(java.util.Comparator.comparingLong(p -> {
            Matcher m = STEP.matcher(p.getFileName().toString());
            m.matches();
            return Long.parseLong(m.group(1));
        }));
        List<SavedModel> out = new ArrayList<>();
        for (Path p : steps) {
            out.add(read(p));
        }
        return out;
    }

    /** Reads the checkpoint at {@code path} (any of the accepted locations). */
    public static SavedModel read(Path path) throws IOException {
        Path file = locate(path);
        SafeTensors.Loaded l = SafeTensors.read(file);
        var meta = l.metadata();
        List<String> missing = new ArrayList<>();
        for (String k : List.of("model", "input_shape", "classes", "dtype")) {
            if (meta.get(k) == null || meta.get(k).isBlank()) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(file + ": the checkpoint metadata lacks " + String.join(", ", missing)
                    + " (needed to rebuild the model; it has " + meta.keySet() + ")");
        }
        int[] shape = parseShape(file, meta.get("input_shape"));
        int classes;
        long seed;
        long step;
        try {
            classes = Integer.parseInt(meta.get("classes").strip());
            seed = meta.containsKey("seed") ? Long.parseLong(meta.get("seed").strip()) : 0;
            step = meta.containsKey("step") ? Long.parseLong(meta.get("step").strip()) : stepOf(file);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad number in the checkpoint metadata (" + e.getMessage() + ")");
        }
        DType dtype = DType.parse(meta.get("dtype").strip());
        String data = meta.getOrDefault("data", "").strip();
        return new SavedModel(file, meta.get("model").strip().toLowerCase(Locale.ROOT), shape, classes, dtype, seed, data, step,
                meta, l.tensors());
    }

    private static long stepOf(Path file) {
        Path dir = file.getParent();
        if (dir != null) {
            Matcher m = STEP.matcher(dir.getFileName().toString());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    static int[] parseShape(Path file, String text) throws IOException {
        String t = text.replace("[", "").replace("]", "").replace("(", "").replace(")", "").strip();
        String[] parts = t.split("[,x ]+");
        int[] out = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Integer.parseInt(parts[i].strip());
                if (out[i] < 1) {
                    throw new NumberFormatException("non-positive size " + out[i]);
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException(file + ": input_shape '" + text + "' is not a list of positive sizes such as 1,28,28");
        }
        return out;
    }
}
