package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.nn.Module;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectionTest {

    static double norm(double[] v, int from, int len) {
        double s = 0;
        for (int i = from; i < from + len; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }

    @Test
    void filterNormalizationGivesEachFilterTheNormOfItsWeights() {
        Module m = Fixtures.resnetFactory().get();
        Plane p = Plane.random(m, 123, Normalization.FILTER, true);
        for (var e : m.namedParameters().entrySet()) {
            Tensor theta = e.getValue();
            double[] d = p.x().get(e.getKey()).toDoubleArray();
            double[] t = theta.detach().toDoubleArray();
            if (theta.dim() <= 1) {
                for (double v : d) {
                    assertEquals(0.0, v, "biasbn: " + e.getKey() + " gets a zero direction");
                }
                continue;
            }
            int filters = theta.size(0);
            int per = d.length / filters;
            for (int f = 0; f < filters; f++) {
                assertEquals(norm(t, f * per, per), norm(d, f * per, per), 1e-5 * norm(t, f * per, per) + 1e-9,
                        e.getKey() + " filter " + f);
            }
        }
        // the conv weights of resnet8 are [out, in, 3, 3]: one filter = one output channel
        assertEquals(16, m.namedParameters().get("conv1.weight").size(0));
    }

    @Test
    void linearRowsAreNeuronsAndLayerNormalizationScalesWholeTensors() {
        Module m = Fixtures.mlpFactory().get();
        Map<String, Tensor> params = m.namedParameters();
        Plane filter = Plane.random(params, 5, Normalization.FILTER, true);
        double[] w = params.get("layers.0.weight").detach().toDoubleArray(); // [12, 16]
        double[] d = filter.x().get("layers.0.weight").toDoubleArray();
        for (int row = 0; row < 12; row++) {
            assertEquals(norm(w, row * 16, 16), norm(d, row * 16, 16), 1e-5);
        }
        Plane layer = Plane.random(params, 5, Normalization.LAYER, true);
        double[] dl = layer.x().get("layers.0.weight").toDoubleArray();
        assertEquals(norm(w, 0, w.length), norm(dl, 0, dl.length), 1e-4);
        Plane none = Plane.random(params, 5, Normalization.NONE, true);
        double[] raw = Direction.gaussian(params, new dev.descent.tensor.Generator(5)).get("layers.0.weight").toDoubleArray();
        assertArrayEquals(raw, none.x().get("layers.0.weight").toDoubleArray(), 0.0);
        // the same random bits behind all three
        assertTrue(Math.abs(cosine(d, raw)) < 1.0 && cosine(dl, raw) > 0.999999);
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void withoutBiasBnTheOneDimensionalEntriesCopyTheWeightsAsLL() {
        Module m = Fixtures.resnetFactory().get();
        Plane p = Plane.random(m, 1, Normalization.FILTER, false);
        Tensor gamma = m.namedParameters().get("bn1.weight");
        assertArrayEquals(gamma.detach().toDoubleArray(), p.x().get("bn1.weight").toDoubleArray(), 0.0);
        assertArrayEquals(gamma.detach().toDoubleArray(), p.y().get("bn1.weight").toDoubleArray(), 0.0);
    }

    @Test
    void seededPlanesAreReproducibleAndNearlyOrthogonal() {
        Module m = Fixtures.resnetFactory().get();
        Plane a = Plane.random(m, 42, Normalization.FILTER, true);
        Plane b = Plane.random(m, 42, Normalization.FILTER, true);
        Plane c = Plane.random(m, 43, Normalization.FILTER, true);
        assertArrayEquals(a.x().flatten(), b.x().flatten(), 0.0);
        assertArrayEquals(a.y().flatten(), b.y().flatten(), 0.0);
        assertTrue(cosine(a.x().flatten(), c.x().flatten()) < 0.05);
        assertTrue(Math.abs(a.cosine()) < 0.05, "random directions in 78k dimensions: cos " + a.cosine());
        assertEquals("42", a.metadata().get("seed"));
        assertEquals("filter", a.metadata().get("norm"));
        assertEquals("biasbn", a.metadata().get("ignore"));
    }

    @Test
    void planesRoundTripThroughSafetensorsWithTheirSettings(@TempDir Path dir) throws Exception {
        Module m = Fixtures.mlpFactory().get();
        Plane p = Plane.random(m, 9, Normalization.LAYER, true);
        Path f = dir.resolve("directions.safetensors");
        p.save(f, Map.of("model", "mlp"));
        Plane q = Plane.load(f);
        assertEquals(p.x().names(), q.x().names());
        assertArrayEquals(p.x().flatten(), q.x().flatten(), 0.0);
        assertArrayEquals(p.y().flatten(), q.y().flatten(), 0.0);
        assertEquals("9", q.metadata().get("seed"));
        assertEquals("layer", q.metadata().get("norm"));
        assertEquals("mlp", q.metadata().get("model"));
    }

    @Test
    void shapeMismatchesAreReported() {
        Module m = Fixtures.mlpFactory().get();
        Direction d = Direction.gaussian(Map.of("w", Tensor.zeros(3, 4)), new dev.descent.tensor.Generator(1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> d.normalized(Map.of("w", Tensor.zeros(4, 3)), Normalization.FILTER, true));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.parse("weird"));
        assertEquals(Normalization.FILTER, Normalization.parse("Filter"));
        assertTrue(m.parameterCount() > 0);
    }
}
