package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.data.Datasets;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The accuracy targets on Fashion-MNIST (minutes of CPU: tagged {@code slow}, which the default
 * build excludes; run with {@code -Dgroups=slow -DexcludedGroups=none -Dtest=FashionMnistTrainingTest}).
 * Skipped when the Debian package {@code dataset-fashion-mnist} is not installed.
 */
@Tag("slow")
class FashionMnistTrainingTest {
    private static double testAccuracy(String model, double lr, Schedule schedule, int epochs) throws Exception {
        return testAccuracy(model, lr, schedule, epochs, 0);
    }

    private static double testAccuracy(String model, double lr, Schedule schedule, int epochs, long seed)
            throws Exception {
        assumeTrue(Datasets.findFashionMnist() != null, "Fashion-MNIST is not installed");
        DataSources.Loaded data = DataSources.load("fashion-mnist", DType.FLOAT32);
        Generator gen = new Generator(seed);
        Module net = ModelZoo.create(model, new int[] {1, 28, 28}, 10, DType.FLOAT32, gen);
        Optimizer opt = new Optimizer(net.namedParameters(), Adam.withLr(lr));
        try (Trainer t = Trainer.builder(net, opt).data(data.train(), 128, seed).epochs(epochs).schedule(schedule)
                .progress(ProgressBar.stderr()).build()) {
            t.fit();
            return t.evaluate(data.test()).accuracy();
        }
    }

    /**
     * The target is 0.87. Measured (Adam 1e-3, batch 128, 5 epochs): 0.8703, 0.8705, 0.8713, 0.8772
     * and 0.8681 for seeds 0 to 3 and 42 (mean 0.8715), so the test allows half a point of seed noise.
     */
    @Test
    void mlp784x256x10WithAdamReaches87PercentInFiveEpochs() throws Exception {
        double acc = testAccuracy("mlp-256", 1e-3, Schedule.none(), 5);
        assertTrue(acc >= 0.865, "test accuracy " + acc);
    }

    @Test
    void lenet5WithAdamAndCosineReaches89PercentInTenEpochs() throws Exception {
        double acc = testAccuracy("lenet", 3e-3, Schedule.cosine(), 10, 42);
        assertTrue(acc >= 0.89, "test accuracy " + acc);
    }
}
