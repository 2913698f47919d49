package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.TensorDataset;
import dev.descent.nn.Module;
import org.junit.jupiter.api.Test;

class Interpolation1dTest {

    @Test
    void endpointsAreTheTwoModelsAndTheMiddleIsTheAverage() {
        TensorDataset data = Fixtures.blobs(160);
        Module a = Fixtures.trained(Fixtures.mlpFactory(), data, 20, 1);
        Module b = Fixtures.trained(Fixtures.mlpFactory(), data, 20, 2);
        EvalSet eval = EvalSet.first(data, 160, 80);
        Interpolation1d.Result r = Interpolation1d.between(Fixtures.mlpFactory(), a.stateDict(), b.stateDict(), eval)
                .alphas(new double[] {-0.5, 0, 0.5, 1, 1.5}).run();
        assertEquals(eval.evaluate(a, Loss.CROSS_ENTROPY).loss(), r.loss()[1], 1e-6);
        assertEquals(eval.evaluate(b, Loss.CROSS_ENTROPY).loss(), r.loss()[3], 1e-6);
        assertEquals(eval.evaluate(b, Loss.CROSS_ENTROPY).accuracy(), r.accuracy()[3], 0.0);
        assertTrue(r.barrier() >= 0);
        assertEquals(5, r.alpha().length);
    }

    @Test
    void batchNormRunningStatisticsAreInterpolatedWithStates() {
        TensorDataset images = Fixtures.images(60);
        Module a = Fixtures.trained(Fixtures.resnetFactory(), images, 3, 1);
        Module b = Fixtures.trained(Fixtures.resnetFactory(), images, 3, 2);
        EvalSet eval = EvalSet.first(images, 40, 40);
        double[] alphas = {0, 0.5, 1};
        Interpolation1d.Result states = Interpolation1d.between(Fixtures.resnetFactory(), a.stateDict(), b.stateDict(), eval)
                .alphas(alphas).states(true).workers(1).run();
        Interpolation1d.Result weights = Interpolation1d.between(Fixtures.resnetFactory(), a.stateDict(), b.stateDict(), eval)
                .alphas(alphas).states(false).workers(2).run();
        // at α = 1 only 'states' reproduces model b: with 'weights' the statistics are still a's
        assertEquals(eval.evaluate(b, Loss.CROSS_ENTROPY).loss(), states.loss()[2], 1e-5);
        assertNotEquals(states.loss()[2], weights.loss()[2]);
        assertEquals(states.loss()[0], weights.loss()[0], 1e-6);
    }
}
