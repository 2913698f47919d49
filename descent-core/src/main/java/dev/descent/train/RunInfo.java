package dev.descent.train;

import dev.descent.io.Json;
import dev.descent.tensor.DType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a run is, for the provenance written into every checkpoint and metrics file: the model by
 * its {@link dev.descent.nn.zoo.ModelZoo} name (so {@link Checkpoint#model()} can rebuild it), the
 * shape of one example, the number of classes, the dtype, the seed, the data set and every
 * hyperparameter (as text, in the order given).
 *
 * @param model           the zoo name ({@code mlp}, {@code lenet}, ...), or null for a module built by hand
 * @param inputShape      the shape of one example, e.g. {@code [1, 28, 28]}
 * @param classes         number of classes (0 for regression)
 * @param dtype           the parameters' dtype
 * @param seed            the seed everything random derives from
 * @param data            the data set's name or path
 * @param hyperparameters settings of the run: optimizer, its hyperparameters, batch size, epochs, ...
 */
public record RunInfo(String model, int[] inputShape, int classes, DType dtype, long seed, String data,
                      Map<String, String> hyperparameters) {

    public RunInfo {
        inputShape = inputShape == null ? new int[0] : inputShape.clone();
        dtype = dtype == null ? DType.FLOAT32 : dtype;
        data = data == null ? "" : data;
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters == null ? Map.of()
                : hyperparameters));
    }

    /** Provenance of a module built by hand: no zoo name. */
    public static RunInfo of(long seed, String data, Map<String, String> hyperparameters) {
        return new RunInfo(null, new int[0], 0, DType.FLOAT32, seed, data, hyperparameters);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** {@code 1,28,28}. */
    public String inputShapeText() {
        StringJoiner j = new StringJoiner(",");
        for (int d : inputShape) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }

    /** The dtype as written in checkpoints: {@code float32} or {@code float64}. */
    public String dtypeText() {
        return dtype == DType.FLOAT64 ? "float64" : "float32";
    }

    /** The hyperparameters as a JSON object string (the {@code hyperparameters} metadata value). */
    public String hyperparametersJson() {
        return Json.write(hyperparameters);
    }

    /** One line for the top of CSV files: {@code descent 0.1.0-SNAPSHOT, model mlp-256, seed 42, data spirals, lr=0.01, ...}. */
    public String provenanceLine() {
        StringBuilder sb = new StringBuilder("descent ").append(dev.descent.Version.VERSION);
        if (model != null) {
            sb.append(", model ").append(model);
        }
        sb.append(", seed ").append(seed);
        if (!data.isEmpty()) {
            sb.append(", data ").append(data);
        }
        hyperparameters.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        return sb.toString().replace('\n', ' ');
    }
}
