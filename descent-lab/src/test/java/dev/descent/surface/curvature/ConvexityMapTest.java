package dev.descent.surface.curvature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batch;
import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.nn.Module;
import dev.descent.surface.Loss;
import dev.descent.surface.Normalization;
import dev.descent.surface.Perturbation;
import dev.descent.surface.Plane;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvexityMapTest {

    @Test
    void shiftedOperatorFindsTheOtherEndOfTheSpectrum() {
        double[][] a = Tiny.withSpectrum(new double[] {9, 4, 1, 0.5, 0, -0.3, -2}, 3);
        LinearOperator op = LinearOperator.dense(a);
        for (ConvexityMap.Method m : ConvexityMap.Method.values()) {
            double[] e = ConvexityMap.extremes(op, m, 7, 1e-12, new Generator(1));
            assertEquals(-2, e[0], 1e-9, m.toString());
            assertEquals(9, e[1], 1e-9, m.toString());
        }
        // largest magnitude negative: the shift goes the other way
        double[] e = ConvexityMap.extremes(LinearOperator.dense(Tiny.withSpectrum(new double[] {-9, 3, 1, 0}, 2)),
                ConvexityMap.Method.SHIFTED, 4, 1e-12, new Generator(2));
        assertArrayEquals(new double[] {-9, 3}, new double[] {e[0], e[1]}, 1e-9);
        // positive definite: λmin is the smallest positive eigenvalue
        double[] pd = ConvexityMap.extremes(LinearOperator.dense(Tiny.withSpectrum(new double[] {5, 2, 1}, 4)),
                ConvexityMap.Method.SHIFTED, 3, 1e-12, new Generator(3));
        assertEquals(1, pd[0], 1e-9);
    }

    @Test
    void mapOfTinyNetMatchesDenseEigenvaluesAtEveryGridPoint() {
        Module m = Tiny.mlp(1);
        List<Batch> data = Tiny.data(60, 2);
        Map<String, Tensor> base = m.stateDict();
        Plane plane = Plane.random(m, 3, Normalization.FILTER, true);
        ConvexityMap.Result r = ConvexityMap.of(m, base, plane, data).grid(-1, 1, 3, -1, 1, 3).steps(56).tol(1e-10)
                .loss(Loss.CROSS_ENTROPY).run();
        assertEquals(60, r.samples());
        Perturbation p = Perturbation.of(m, base, plane);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                p.set(r.x()[i], r.y()[j]);
                HessianVectorProduct h = new HessianVectorProduct(m, data, Loss.CROSS_ENTROPY,
                        HessianVectorProduct.Params.WEIGHTS, true);
                SymmetricEigen e = SymmetricEigen.of(LinearOperator.symmetrize(h.toDense()));
                double scale = Math.abs(e.max());
                assertEquals(e.max(), r.lambdaMax()[j][i], 1e-7 * scale, "λmax at " + i + "," + j);
                assertEquals(e.min(), r.lambdaMin()[j][i], 1e-7 * scale, "λmin at " + i + "," + j);
                assertEquals(Math.abs(e.min() / e.max()), r.ratio()[j][i], 1e-6);
            }
        }
        // the model is back at the centre
        assertArrayEquals(base.get("layers.0.weight").toDoubleArray(),
                m.namedParameters().get("layers.0.weight").detach().toDoubleArray(), 0.0);
    }

    @Test
    void workersOnModelCopiesGiveTheSameMapAsOneModel() {
        Module m = Tiny.mlp(5);
        List<Batch> data = Tiny.data(40, 6);
        Map<String, Tensor> base = m.stateDict();
        Plane plane = Plane.random(m, 8, Normalization.FILTER, true);
        ConvexityMap.Result one = ConvexityMap.of(m, base, plane, data).grid(-1, 1, 3, -1, 1, 2).steps(10).run();
        ConvexityMap.Result three = ConvexityMap.of(m, base, plane, data).grid(-1, 1, 3, -1, 1, 2).steps(10)
                .workers(3, () -> Tiny.mlp(99)).run();
        for (int j = 0; j < 2; j++) {
            assertArrayEquals(one.lambdaMax()[j], three.lambdaMax()[j], 0.0);
            assertArrayEquals(one.lambdaMin()[j], three.lambdaMin()[j], 0.0);
        }
        assertEquals(one.products(), three.products());
    }

    @Test
    void llSettingsGiveRoughValuesCheaply() {
        Module m = Tiny.wider(2);
        List<Batch> data = Tiny.data(60, 2);
        Plane plane = Plane.random(m, 4, Normalization.FILTER, true);
        ConvexityMap.Result r = ConvexityMap.of(m, m.stateDict(), plane, data).grid(-0.5, 0.5, 2, -0.5, 0.5, 2).steps(20)
                .tol(1e-2).run();
        HessianVectorProduct h = new HessianVectorProduct(m, data, Loss.CROSS_ENTROPY, HessianVectorProduct.Params.WEIGHTS,
                true);
        assertTrue(r.products() <= 4 * 2 * 20, "at most two solves of 20 steps per point: " + r.products());
        assertTrue(h.dim() > 20);
        for (double[] row : r.lambdaMax()) {
            for (double v : row) {
                assertTrue(v > 0);
            }
        }
    }
}
