package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.nn.zoo.Mlp;
import dev.descent.ops.Losses;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The modules train: plain gradient descent written out here (no optimizer package) lowers the loss on spirals. */
class TrainingSmokeTest {
    @Test
    void thirtyPlainSgdStepsReduceTheLossOfAnMlpOnSpirals() {
        TensorDataset data = Synthetic.spirals(300, 3, 0.05, 7);
        Mlp net = new Mlp(new int[] {2, 64, 64, 3}, "relu", 0.0, DType.FLOAT32, new Generator(1));
        Tensor x = data.features();
        Tensor y = data.labels();
        double lr = 1.0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 30; step++) {
            for (Tensor p : net.parameters()) {
                p.setGrad(null);
            }
            Tensor loss = Losses.crossEntropy(net.forward(x), y);
            loss.backward();
            try (var s = GradMode.noGrad()) {
                for (Tensor p : net.parameters()) {
                    p.sub_(p.grad().mul(lr));
                }
            }
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(first > 1.0, "starts near log 3: " + first);
        assertTrue(last < 0.95 * first, "30 steps of gradient descent: " + first + " -> " + last);
    }
}
