package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Default initialisations against PyTorch's recorded draws ({@code init_stats.json} of
 * {@code scripts/torch_fixtures/nn_fixtures.py}): for every parameter and buffer of one large layer
 * of each kind, Descent's own draw has the same size, respects torch's uniform bound exactly
 * ({@code |x| ≤ bound}, and comes close to it), and its mean and variance agree with torch's within
 * 5 standard errors of the difference of two independent samples; constants (zeros, ones) are equal.
 */
class TorchInitParityTest {
    private static final double Z = 5;

    @SuppressWarnings("unchecked")
    static Stream<Arguments> layers() {
        Map<String, Object> index = TorchFixtures.json("init_stats.json");
        return ((List<Object>) index.get("layers")).stream().map(o -> {
            Map<String, Object> layer = (Map<String, Object>) o;
            return Arguments.of(layer.get("type"), layer);
        });
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void defaultInitialisationMatchesPyTorch(String type, Map<String, Object> layer) {
        Map<String, Object> args = (Map<String, Object>) layer.get("args");
        Module m = TorchModules.build(type, args, DType.FLOAT64, new Generator(2024));
        Map<String, Tensor> mine = new LinkedHashMap<>(m.stateDict());
        Map<String, Object> torch = (Map<String, Object>) layer.get("params");
        for (var e : torch.entrySet()) {
            String name = e.getKey();
            Map<String, Object> t = (Map<String, Object>) e.getValue();
            double[] values;
            if (type.equals("Embedding")) {
                values = embeddingRows(mine.get("weight"), ((Number) args.get("padding_idx")).intValue(),
                        name.endsWith("[padding_row]"));
            } else {
                Tensor p = mine.get(name);
                assertNotNull(p, type + ": Descent has no parameter or buffer '" + name + "'");
                values = p.toDoubleArray();
            }
            compare(type + " " + name, values, t);
        }
    }

    /** The padding row alone, or every other row (torch's N(0, 1) part). */
    private static double[] embeddingRows(Tensor w, int padding, boolean paddingRow) {
        int dim = w.size(1);
        double[] all = w.toDoubleArray();
        if (paddingRow) {
            return Arrays.copyOfRange(all, padding * dim, (padding + 1) * dim);
        }
        double[] rest = new double[all.length - dim];
        System.arraycopy(all, 0, rest, 0, padding * dim);
        System.arraycopy(all, (padding + 1) * dim, rest, padding * dim, all.length - (padding + 1) * dim);
        return rest;
    }

    private static void compare(String what, double[] x, Map<String, Object> t) {
        int nt = num(t, "numel").intValue();
        assertEquals(nt, x.length, what + ": number of elements");
        int n = x.length;
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            mean += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        mean /= n;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= n;
        double tVar = num(t, "var").doubleValue();
        if (tVar == 0) { // a constant: zeros, ones, running statistics
            assertEquals(num(t, "min").doubleValue(), min, 0.0, what + ": constant");
            assertEquals(num(t, "max").doubleValue(), max, 0.0, what + ": constant");
            return;
        }
        Number bound = num(t, "bound");
        if (bound != null) {
            double b = bound.doubleValue();
            double maxAbs = Math.max(-min, max);
            assertTrue(maxAbs <= b, what + ": |x| reaches " + maxAbs + " beyond torch's bound " + b);
            // n uniform draws all below b·(1 − 10/n) has probability e^−10 or less (per side: e^−5)
            assertTrue(maxAbs >= b * (1 - 10.0 / n), what + ": |x| only reaches " + maxAbs + " of the bound " + b);
        }
        double seMean = Math.sqrt(tVar / n + tVar / nt);
        double tMean = num(t, "mean").doubleValue();
        assertTrue(Math.abs(mean - tMean) <= Z * seMean,
                what + ": mean " + mean + " vs torch's " + tMean + " (standard error " + seMean + ")");
        double kurtosisTerm = num(t, "m4").doubleValue() - tVar * tVar;
        double seVar = Math.sqrt(kurtosisTerm / n + kurtosisTerm / nt);
        assertTrue(Math.abs(var - tVar) <= Z * seVar,
                what + ": variance " + var + " vs torch's " + tVar + " (standard error " + seVar + ")");
    }

    private static Number num(Map<String, Object> t, String key) {
        return (Number) t.get(key);
    }
}
