package dev.descent.train;

import dev.descent.io.FormatException;
import dev.descent.io.Json;
import dev.descent.io.SafeTensors;
import dev.descent.optim.State;
import dev.descent.optim.StateDict;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer's {@link StateDict} as a safetensors file, exactly (every tensor bit and every
 * scalar), readable by any safetensors reader.
 *
 * <p><b>Tensors</b> are named {@code <param name>/<state key>} ({@code layers.0.weight/exp_avg});
 * tensor lists (L-BFGS's history) are {@code <param name>/<list key>/<index>}.
 *
 * <p><b>Metadata</b> (strings, JSON where structured):
 * <ul>
 *   <li>{@code format}: {@value #FORMAT}; {@code descent.version}</li>
 *   <li>{@code algorithm}: {@link dev.descent.optim.Algorithm#name()}, e.g. {@code Adam}</li>
 *   <li>{@code steps}: the optimizer's step count</li>
 *   <li>{@code param_groups}: {@code [{"hyperparameters": {"lr": 0.001, "beta1": 0.9, ...},
 *       "params": ["layers.0.weight", ...]}, ...]}</li>
 *   <li>{@code state}: {@code {"<param>": {"step": 7, "tensors": ["exp_avg", "exp_avg_sq"],
 *       "scalars": {"mu_product": 0.93}, "lists": {"old_dirs": 3}}, ...}}; a state tensor that is
 *       present but null is listed under {@code "null_tensors"}</li>
 * </ul>
 * Doubles are written in shortest round-trip form, so they read back bit for bit; NaN, ±∞ and −0
 * are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, {@code "-0.0"}.
 */
public final class OptimizerCheckpoint {
    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "descent.optimizer/1";

    private static final Set<String> SPECIAL = Set.of("NaN", "Infinity", "-Infinity", "-0.0");

    private OptimizerCheckpoint() {}

    /** The state tensors by {@code <param>/<key>} (and {@code <param>/<list>/<i>}); shared, not copied. */
    public static LinkedHashMap<String, Tensor> tensors(StateDict sd) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        sd.state().forEach((param, s) -> {
            s.tensors().forEach((k, t) -> {
                if (t != null) {
                    out.put(param + "/" + k, t);
                }
            });
            s.lists().forEach((k, l) -> {
                for (int i = 0; i < l.size(); i++) {
                    out.put(param + "/" + k + "/" + i, l.get(i));
                }
            });
        });
        return out;
    }

    /** The metadata described in the class comment. */
    public static LinkedHashMap<String, String> metadata(StateDict sd) {
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put(Checkpoint.KEY_VERSION, dev.descent.Version.VERSION);
        meta.put("algorithm", sd.algorithm());
        meta.put("steps", Long.toString(sd.steps()));
        List<Object> groups = new ArrayList<>();
        for (StateDict.Group g : sd.groups()) {
            Map<String, Object> hp = new LinkedHashMap<>();
            g.hyperparameters().forEach((k, v) -> hp.put(k, v instanceof Double d ? JsonValues.num(d) : v));
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("hyperparameters", hp);
            gm.put("params", new ArrayList<>(g.params()));
            groups.add(gm);
        }
        meta.put("param_groups", Json.write(groups));
        Map<String, Object> state = new LinkedHashMap<>();
        sd.state().forEach((param, s) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("step", s.step());
            List<Object> present = new ArrayList<>();
            List<Object> nulls = new ArrayList<>();
            s.tensors().forEach((k, t) -> (t == null ? nulls : present).add(k));
            e.put("tensors", present);
            if (!nulls.isEmpty()) {
                e.put("null_tensors", nulls);
            }
            Map<String, Object> scalars = new LinkedHashMap<>();
            s.scalars().forEach((k, v) -> scalars.put(k, JsonValues.num(v)));
            e.put("scalars", scalars);
            Map<String, Object> lists = new LinkedHashMap<>();
            s.lists().forEach((k, l) -> lists.put(k, (long) l.size()));
            e.put("lists", lists);
            state.put(param, e);
        });
        meta.put("state", Json.write(state));
        return meta;
    }

    /** Writes {@code sd} to {@code file} (atomically). */
    public static void write(Path file, StateDict sd) throws IOException {
        SafeTensors.write(file, tensors(sd), metadata(sd));
    }

    /** Reads a file written by {@link #write}. */
    public static StateDict read(Path file) throws IOException {
        SafeTensors.Loaded loaded = SafeTensors.read(file);
        return fromSafeTensors(loaded.tensors(), loaded.metadata(), file.toString());
    }

    /**
     * The state dict from the tensors and metadata of an optimizer file.
     *
     * @param source names the file in error messages
     * @throws FormatException when something is missing or inconsistent
     */
    public static StateDict fromSafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata, String source)
            throws FormatException {
        try {
            if (!FORMAT.equals(metadata.get("format"))) {
                throw new FormatException(source + ": not an optimizer checkpoint (metadata format is "
                        + metadata.get("format") + ", expected " + FORMAT + ")");
            }
            String algorithm = required(metadata, "algorithm", source);
            long steps = Long.parseLong(required(metadata, "steps", source));
            List<StateDict.Group> groups = new ArrayList<>();
            for (Object go : JsonValues.array(Json.parse(required(metadata, "param_groups", source)), "param_groups")) {
                Map<String, Object> gm = JsonValues.object(go, "param group");
                Map<String, Object> hp = new LinkedHashMap<>();
                JsonValues.object(gm.get("hyperparameters"), "hyperparameters").forEach((k, v) -> hp.put(k, switch (v) {
                    case String s when SPECIAL.contains(s) -> JsonValues.dbl(s);
                    case Long l when l == (int) (long) l -> (Object) (int) (long) l; // integer components are ints
                    case null -> null;
                    default -> v;
                }));
                List<String> params = new ArrayList<>();
                for (Object p : JsonValues.array(gm.get("params"), "params")) {
                    params.add((String) p);
                }
                groups.add(new StateDict.Group(hp, params));
            }
            Map<String, State> states = new LinkedHashMap<>();
            Map<String, Object> stateJson = JsonValues.object(Json.parse(required(metadata, "state", source)), "state");
            int used = 0;
            for (Map.Entry<String, Object> e : stateJson.entrySet()) {
                String param = e.getKey();
                Map<String, Object> sm = JsonValues.object(e.getValue(), "state of " + param);
                State s = new State();
                s.setStep(JsonValues.lng(sm.get("step")));
                for (Object k : JsonValues.array(sm.get("tensors"), "tensors of " + param)) {
                    s.put((String) k, tensor(tensors, param + "/" + k, source));
                    used++;
                }
                if (sm.get("null_tensors") != null) {
                    for (Object k : JsonValues.array(sm.get("null_tensors"), "null tensors of " + param)) {
                        s.put((String) k, null);
                    }
                }
                JsonValues.object(sm.get("scalars"), "scalars of " + param).forEach((k, v) ->
                        s.putScalar(k, JsonValues.dbl(v)));
                for (Map.Entry<String, Object> l : JsonValues.object(sm.get("lists"), "lists of " + param).entrySet()) {
                    int n = JsonValues.integer(l.getValue());
                    List<Tensor> list = s.list(l.getKey());
                    for (int i = 0; i < n; i++) {
                        list.add(tensor(tensors, param + "/" + l.getKey() + "/" + i, source));
                        used++;
                    }
                }
                states.put(param, s);
            }
            if (used != tensors.size()) {
                throw new FormatException(source + ": " + (tensors.size() - used)
                        + " tensor(s) are not described by the state metadata");
            }
            return new StateDict(algorithm, steps, groups, states);
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FormatException(source + ": malformed optimizer metadata: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> metadata, String key, String source) throws FormatException {
        String v = metadata.get(key);
        if (v == null) {
            throw new FormatException(source + ": metadata key '" + key + "' is missing");
        }
        return v;
    }

    private static Tensor tensor(Map<String, Tensor> tensors, String name, String source) throws FormatException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new FormatException(source + ": tensor '" + name + "' is missing");
        }
        return t;
    }
}
