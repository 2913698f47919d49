package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.autograd.GradMode;
import dev.descent.io.Json;
import dev.descent.io.SafeTensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The PyTorch parity fixtures of {@code scripts/torch_fixtures/nn_fixtures.py}: the case index
 * ({@code cases.json}), the tensors of every case per dtype ({@code nn_float64/32.safetensors}, read
 * once), and the comparison rule of issue #5: relative error
 * {@code max|a − b| / max(max|b|, tiny)} within {@code tolerance[dtype]} (1e-10 float64, 1e-5 float32).
 * The worst error seen per dtype is kept so the tests can print it.
 */
final class TorchFixtures {
    static final String DIR = "/fixtures/torch/nn/";
    private static final double TINY = 1e-30;

    static final Map<String, Object> INDEX = json("cases.json");
    private static final Map<DType, Map<String, Tensor>> TENSORS = new EnumMap<>(DType.class);
    private static final Map<String, Double> WORST = new TreeMap<>();
    private static final Map<String, String> WORST_AT = new HashMap<>();

    private TorchFixtures() {}

    /** A parsed JSON resource of the fixture folder. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String file) {
        return (Map<String, Object>) Json.parse(new String(bytes(file), StandardCharsets.UTF_8));
    }

    /** Both dtypes' names, as in the fixture files. */
    static String dtypeName(DType dtype) {
        return dtype == DType.FLOAT64 ? "float64" : "float32";
    }

    /** The cases of one kind ("layer" or "loss"), each paired with both dtypes. */
    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases(String kind) {
        List<Arguments> out = new ArrayList<>();
        for (Object o : (List<Object>) INDEX.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (kind.equals(c.get("kind"))) {
                for (DType d : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    out.add(Arguments.of(c.get("name"), d, new Case(c)));
                }
            }
        }
        return out.stream();
    }

    /** The tolerance of issue #5 for {@code dtype}, as recorded in the index. */
    @SuppressWarnings("unchecked")
    static double tolerance(DType dtype) {
        return ((Number) ((Map<String, Object>) INDEX.get("tolerance")).get(dtypeName(dtype))).doubleValue();
    }

    private static synchronized Map<String, Tensor> tensors(DType dtype) {
        return TENSORS.computeIfAbsent(dtype, d -> {
            String file = "nn_" + dtypeName(d) + ".safetensors";
            try {
                return SafeTensors.fromBytes(bytes(file), file).tensors();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] bytes(String file) {
        try (InputStream in = TorchFixtures.class.getResourceAsStream(DIR + file)) {
            assertNotNull(in, "missing fixture " + DIR + file + "; run scripts/torch_fixtures/nn_fixtures.py");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One case of the index. */
    record Case(Map<String, Object> json) {
        String name() {
            return (String) json.get("name");
        }

        String type() {
            return (String) json.get("type");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> args() {
            return (Map<String, Object>) json.get("args");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> call() {
            return (Map<String, Object>) json.get("call");
        }

        boolean train() {
            return "train".equals(json.get("mode"));
        }

        @SuppressWarnings("unchecked")
        List<String> list(String key) {
            return (List<String>) json.get(key);
        }

        /** The recorded tensor {@code <case>/<key>} in {@code dtype}'s file. */
        Tensor tensor(DType dtype, String key) {
            Tensor t = tensors(dtype).get(name() + "/" + key);
            assertNotNull(t, name() + ": no tensor '" + key + "' in the " + dtypeName(dtype) + " fixtures");
            return t;
        }

        /** All recorded tensors under {@code <case>/<group>/}, keyed by the rest of the name. */
        Map<String, Tensor> group(DType dtype, String group) {
            String prefix = name() + "/" + group + "/";
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (var e : tensors(dtype).entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    out.put(e.getKey().substring(prefix.length()), e.getValue());
                }
            }
            return out;
        }

        /**
         * Fresh copies of the inputs by name: leaves that require grad for kind "float", plain
         * tensors otherwise (class indices and 0/1 masks stay float, as Descent takes them).
         */
        @SuppressWarnings("unchecked")
        Map<String, Tensor> inputs(DType dtype) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Object o : (List<Object>) json.get("inputs")) {
                Map<String, Object> in = (Map<String, Object>) o;
                String n = (String) in.get("name");
                Tensor t;
                try (var s = GradMode.noGrad()) {
                    t = tensor(dtype, "in/" + n).clone();
                }
                out.put(n, "float".equals(in.get("kind")) ? t.requiresGrad_(true) : t);
            }
            return out;
        }

        /** Backpropagates the recorded upstream gradients: the gradient of Σ_k ⟨out_k, gout_k⟩. */
        void backward(DType dtype, Map<String, Tensor> outputs) {
            Tensor total = null;
            for (String k : list("outputs")) {
                Tensor o = outputs.get(k);
                assertNotNull(o, name() + ": Descent gives no output '" + k + "'");
                if (o.requiresGrad()) {
                    Tensor term = o.mul(tensor(dtype, "gout/" + k)).sum();
                    total = total == null ? term : total.add(term);
                }
            }
            if (total != null) {
                total.backward();
            }
        }

        /** Compares the outputs and the input gradients (inputs that require grad). */
        void checkOutputsAndInputGrads(DType dtype, Map<String, Tensor> outputs, Map<String, Tensor> inputs) {
            for (String k : list("outputs")) {
                check(dtype, "out/" + k, outputs.get(k));
            }
            for (var e : inputs.entrySet()) {
                if (e.getValue().requiresGrad()) {
                    check(dtype, "gin/" + e.getKey(), gradOf(e.getValue()));
                }
            }
        }

        /** Asserts the relative error of {@code actual} against the recorded {@code key}. */
        void check(DType dtype, String key, Tensor actual) {
            Tensor expected = tensor(dtype, key);
            String where = name() + " [" + dtypeName(dtype) + "] " + key;
            assertNotNull(actual, where + ": Descent has no such tensor");
            assertArrayEquals(expected.shapeRef(), actual.shapeRef(), where + ": shape " + Shape.str(actual.shapeRef())
                    + ", expected " + Shape.str(expected.shapeRef()));
            if (actual.dtype() != dtype) {
                fail(where + ": dtype " + actual.dtype() + ", expected " + dtype);
            }
            double err = relativeError(actual.toDoubleArray(), expected.toDoubleArray());
            record(json.get("kind") + " " + dtypeName(dtype), err, where);
            if (!(err <= tolerance(dtype))) {
                fail(where + ": relative error " + err + " exceeds " + tolerance(dtype));
            }
        }
    }

    /** A parameter's or input's gradient, zeros when none reached it (as torch's None). */
    static Tensor gradOf(Tensor t) {
        return t.grad() != null ? t.grad() : Tensor.zerosLike(t);
    }

    /** max|a − b| / max(max|b|, tiny); infinite where NaN or infinity patterns differ. */
    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            boolean finiteA = Double.isFinite(a[i]);
            boolean finiteB = Double.isFinite(b[i]);
            if (!finiteA || !finiteB) {
                if (Double.compare(a[i], b[i]) != 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, TINY);
    }

    private static synchronized void record(String kindAndDtype, double err, String where) {
        if (err > WORST.getOrDefault(kindAndDtype, -1.0)) {
            WORST.put(kindAndDtype, err);
            WORST_AT.put(kindAndDtype, where);
        }
    }

    /** The worst relative error seen so far for cases of {@code kind}, one line per dtype. */
    static synchronized String worstReport(String kind) {
        StringBuilder sb = new StringBuilder();
        for (var e : WORST.entrySet()) {
            if (e.getKey().startsWith(kind + " ")) {
                sb.append(e.getKey()).append(": worst relative error ").append(String.format("%.3e", e.getValue()))
                        .append(" at ").append(WORST_AT.get(e.getKey())).append('\n');
            }
        }
        return sb.toString();
    }
}
