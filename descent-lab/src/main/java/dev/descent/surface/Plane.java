package dev.descent.surface;

import dev.descent.io.SafeTensors;
import dev.descent.nn.Module;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two directions δ (x) and η (y) that span the slice {@code θ + αδ + βη} of a surface, with the
 * settings that made them ({@code seed}, {@code norm}, {@code ignore}, {@code kind}, ...) as string
 * metadata, so that a saved plane reproduces its surface.
 *
 * <p>Saved as one safetensors file: tensors {@code x.<name>} and {@code y.<name>}, metadata as given
 * (LL keeps an HDF5 "direction file" next to the surface for the same reason).
 */
public record Plane(Direction x, Direction y, Map<String, String> metadata) {

    public Plane {
        if (!x.names().equals(y.names())) {
            throw new IllegalArgumentException("the two directions of a plane must name the same parameters in the same order");
        }
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * LL's random plane: δ then η drawn as Gaussians from one generator seeded with {@code seed} over
     * the model's parameters (in {@code namedParameters} order), each normalized to the parameters.
     */
    public static Plane random(Module model, long seed, Normalization norm, boolean ignoreBiasBn) {
        return random(model.namedParameters(), seed, norm, ignoreBiasBn);
    }

    /** {@link #random(Module, long, Normalization, boolean)} for parameters given by name. */
    public static Plane random(Map<String, Tensor> params, long seed, Normalization norm, boolean ignoreBiasBn) {
        Generator gen = new Generator(seed);
        Direction dx = Direction.gaussian(params, gen).normalized(params, norm, ignoreBiasBn);
        Direction dy = Direction.gaussian(params, gen).normalized(params, norm, ignoreBiasBn);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "random");
        meta.put("seed", Long.toString(seed));
        meta.put("norm", norm.label());
        meta.put("ignore", ignoreBiasBn ? "biasbn" : "none");
        meta.put("distribution", "gaussian");
        return new Plane(dx, dy, meta);
    }

    /** The cosine between the two directions (random high-dimensional directions are nearly orthogonal). */
    public double cosine() {
        return x.dot(y) / (x.norm() * y.norm());
    }

    /** Writes the plane; metadata {@code kind}, {@code seed}, {@code norm}, ... plus {@code extra}. */
    public void save(Path file, Map<String, String> extra) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        x.tensors().forEach((k, v) -> all.put("x." + k, v));
        y.tensors().forEach((k, v) -> all.put("y." + k, v));
        Map<String, String> meta = new TreeMap<>(metadata);
        meta.putAll(extra);
        meta.put("names", String.join(",", x.names()));
        SafeTensors.write(file, all, meta);
    }

    /** Reads a plane written by {@link #save}; the tensor order is restored from the {@code names} metadata. */
    public static Plane load(Path file) throws IOException {
        SafeTensors.Loaded l = SafeTensors.read(file);
        String names = l.metadata().get("names");
        if (names == null) {
            throw new IOException(file + ": not a Descent plane file (no 'names' metadata)");
        }
        LinkedHashMap<String, Tensor> xs = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> ys = new LinkedHashMap<>();
        for (String n : names.isEmpty() ? new String[0] : names.split(",")) {
            Tensor a = l.tensors().get("x." + n);
            Tensor b = l.tensors().get("y." + n);
            if (a == null || b == null) {
                throw new IOException(file + ": the plane lists parameter '" + n + "' but lacks x." + n + " or y." + n);
            }
            xs.put(n, a);
            ys.put(n, b);
        }
        Map<String, String> meta = new LinkedHashMap<>(l.metadata());
        meta.remove("names");
        return new Plane(Direction.of(xs), Direction.of(ys), meta);
    }
}
