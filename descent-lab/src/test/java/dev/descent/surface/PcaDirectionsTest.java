package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.TensorDataset;
import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.nn.Module;
import dev.descent.ops.Losses;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PcaDirectionsTest {

    static Map<String, Tensor> snapshot(double[] w, double[] b) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(w, 2, w.length / 2));
        m.put("b", Tensor.of(b, b.length));
        return m;
    }

    @Test
    void aPathInAKnownPlaneIsRecoveredWithAllItsVariance() {
        // θ_i = θ_n + s_i·u + t_i·v in a 6-dim weight; biases wander but are ignored (biasbn)
        double[] u = {1, 0, 0, 1, 0, 0};
        double[] v = {0, 1, 0, 0, -1, 0};
        double[] end = {0.3, -0.2, 0.5, 0.1, 0.0, -0.4};
        List<Map<String, Tensor>> path = new ArrayList<>();
        double[][] st = {{3, 1}, {2, 1.5}, {1.2, 0.4}, {0.5, 0.3}, {0.1, -0.05}, {0, 0}};
        Generator g = new Generator(1);
        for (double[] p : st) {
            double[] w = new double[6];
            for (int k = 0; k < 6; k++) {
                w[k] = end[k] + p[0] * u[k] + p[1] * v[k];
            }
            path.add(snapshot(w, new double[] {g.nextGaussian(), g.nextGaussian()}));
        }
        PcaDirections.Result r = PcaDirections.fit(path, true);
        assertEquals(1.0, r.explained()[0] + r.explained()[1], 1e-9);
        assertTrue(r.explained()[0] >= r.explained()[1]);
        // projections preserve distances to θ_n (the plane contains every difference)
        for (int i = 0; i < st.length; i++) {
            double want = Math.hypot(st[i][0] * Math.sqrt(2), st[i][1] * Math.sqrt(2));
            assertEquals(want, Math.hypot(r.x()[i], r.y()[i]), 1e-9);
        }
        assertEquals(0, r.x()[st.length - 1], 1e-12);
        // the components are unit vectors with zero bias entries
        assertEquals(1, r.plane().x().norm(), 1e-9);
        assertEquals(1, r.plane().y().norm(), 1e-9);
        assertEquals(0, r.plane().x().get("b").abs().sum().item(), 0);
        assertEquals(0, r.plane().x().dot(r.plane().y()), 1e-9);
        assertEquals("pca", r.plane().metadata().get("kind"));
    }

    @Test
    void componentsMatchADenseEigendecompositionOfTheCovariance() {
        Generator g = new Generator(4);
        List<Map<String, Tensor>> path = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            double[] w = new double[8];
            for (int k = 0; k < 8; k++) {
                w[k] = g.nextGaussian() * (k + 1);
            }
            path.add(snapshot(w, new double[] {0, 0, 0, 0}));
        }
        PcaDirections.Result r = PcaDirections.fit(path, true);
        // covariance of the centred differences, 8 × 8
        double[][] rows = new double[7][8];
        double[] last = path.get(6).get("w").toDoubleArray();
        double[] mean = new double[8];
        for (int i = 0; i < 7; i++) {
            double[] w = path.get(i).get("w").toDoubleArray();
            for (int k = 0; k < 8; k++) {
                rows[i][k] = w[k] - last[k];
                mean[k] += rows[i][k] / 7;
            }
        }
        double[][] cov = new double[8][8];
        double total = 0;
        for (double[] row : rows) {
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < 8; a++) {
            total += cov[a][a];
        }
        SymmetricEigen e = SymmetricEigen.of(cov);
        assertEquals(e.values()[7] / total, r.explained()[0], 1e-9);
        assertEquals(e.values()[6] / total, r.explained()[1], 1e-9);
        double[] pc1 = r.plane().x().get("w").toDoubleArray();
        double dot = 0;
        for (int k = 0; k < 8; k++) {
            dot += pc1[k] * e.vectors()[7][k];
        }
        assertEquals(1, Math.abs(dot), 1e-7);
    }

    @Test
    void trueLossAlongATrainingPathSitsBesideThePlanesValue() {
        TensorDataset data = Fixtures.blobs(120);
        Module m = Fixtures.mlpFactory().get();
        Optimizer opt = new Optimizer(m.namedParameters(), Momentum.of(0.1, 0.9));
        List<Map<String, Tensor>> params = new ArrayList<>();
        List<Map<String, Tensor>> states = new ArrayList<>();
        for (int s = 0; s <= 40; s++) {
            if (s % 5 == 0) {
                params.add(copy(m.namedParameters()));
                states.add(copy(m.stateDict()));
            }
            var b = data.batch(IntStream.range((s * 24) % 96, (s * 24) % 96 + 24).toArray());
            opt.zeroGrad();
            Losses.crossEntropy(m.forward(b.x()), b.y()).backward();
            opt.step();
        }
        PcaDirections.Result r = PcaDirections.fit(params, true);
        assertTrue(r.explained()[0] > 0.3, "a short SGD path is dominated by one direction: " + r.explained()[0]);
        EvalSet eval = EvalSet.first(data, 120, 60);
        PcaDirections.PathLosses pl = PcaDirections.pathLosses(r, Fixtures.mlpFactory(), states, eval, Loss.CROSS_ENTROPY);
        int n = params.size();
        assertEquals(pl.trueLoss()[n - 1], pl.planeLoss()[n - 1], 1e-6, "both are θ_n at the end of the path");
        assertTrue(pl.trueLoss()[0] > pl.trueLoss()[n - 1]);
        assertTrue(pl.maxGap() >= 0);
        double[] range = r.range(0.2, 0.1);
        assertTrue(range[0] < 0 && range[1] > 0 && range[2] < 0 && range[3] > 0);
        assertThrows(IllegalArgumentException.class, () -> PcaDirections.fit(params.subList(0, 2), true));
        assertEquals(DType.FLOAT32, r.plane().x().get("layers.0.weight").dtype());
    }

    static Map<String, Tensor> copy(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.detach().clone()));
        return out;
    }
}
