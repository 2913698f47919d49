package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.data.Batch;
import dev.descent.data.TensorDataset;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchNormStatsTest {

    @Test
    void statisticsBecomeTheAverageOfTheBatchStatistics() {
        BatchNorm1d bn = new BatchNorm1d(3, DType.FLOAT64);
        Generator g = new Generator(1);
        Tensor a = Tensor.randn(g, DType.FLOAT64, 8, 3).mul(2).add(1);
        Tensor b = Tensor.randn(g, DType.FLOAT64, 8, 3).mul(0.5).sub(3);
        int layers = BatchNormStats.recompute(bn, List.of(new Batch(a, Tensor.zeros(8)), new Batch(b, Tensor.zeros(8))));
        assertEquals(1, layers);
        Tensor mean = a.mean(0, false).add(b.mean(0, false)).mul(0.5);
        Tensor var = a.var(new int[] {0}, 1, false).add(b.var(new int[] {0}, 1, false)).mul(0.5);
        assertArrayEquals(mean.toDoubleArray(), bn.runningMean().toDoubleArray(), 1e-12);
        assertArrayEquals(var.toDoubleArray(), bn.runningVar().toDoubleArray(), 1e-12, "unbiased batch variances, averaged");
        assertEquals(0, bn.numBatchesTracked(), "the training counter is left as it was");
        assertTrue(bn.isTraining(), "the mode is restored");
    }

    @Test
    void afterRecalibrationEvalModeMatchesTrainModeOnTheSameData() {
        TensorDataset images = Fixtures.images(200);
        Module net = Fixtures.trained(Fixtures.resnetFactory(), images, 6, 3);
        Batch all = images.batch(IntStream.range(0, 200).toArray());
        double trainMode;
        try (var s = GradMode.noGrad()) {
            net.train();
            trainMode = Loss.CROSS_ENTROPY.mean(net.forward(all.x()), all.y()).item();
        }
        double before = EvalSet.first(images, 200, 200).evaluate(net, Loss.CROSS_ENTROPY).loss();
        BatchNormStats.recompute(net, List.of(all));
        double after = EvalSet.first(images, 200, 200).evaluate(net, Loss.CROSS_ENTROPY).loss();
        assertTrue(Math.abs(after - trainMode) < 0.02 * trainMode, "eval " + after + " vs train mode " + trainMode);
        assertTrue(Math.abs(after - trainMode) < Math.abs(before - trainMode), "before " + before);
        assertEquals(0, BatchNormStats.recompute(Fixtures.mlpFactory().get(), List.of(all)), "no batch norm, nothing to do");
    }
}
