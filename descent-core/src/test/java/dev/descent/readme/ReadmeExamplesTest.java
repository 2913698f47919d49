package dev.descent.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.Synthetic;
import dev.descent.nn.Activation;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.ops.Losses;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code of the README's API tour, compiled and run so that it cannot rot. */
class ReadmeExamplesTest {

    @Test
    void trinityTrainsANetwork() {
        var data = Synthetic.spirals(300, 3, 0.1, 7);
        DataLoader loader = DataLoader.builder(data).batchSize(32).shuffle(true).seed(7).build();
        // --- README: the network loop
        Module model = new Sequential(new Linear(2, 64), Activation.relu(), new Linear(64, 3));
        Optimizer optimizer = new Optimizer(model.namedParameters(), Adam.withLr(1e-2));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int epoch = 0; epoch < 15; epoch++) {
            for (Batch b : loader) {
                optimizer.zeroGrad();
                Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
                loss.backward();
                optimizer.step();
                last = loss.item();
                if (Double.isNaN(first)) {
                    first = last;
                }
            }
        }
        assertTrue(last < first, "loss " + first + " -> " + last);
    }

    @Test
    void theSameOptimizerDrivesRosenbrock() {
        // --- README: the landscape loop
        Tensor x = Tensor.of(new double[] {-1.5}).requiresGrad_(true);
        Tensor y = Tensor.of(new double[] {2.0}).requiresGrad_(true);
        Optimizer optimizer = new Optimizer(List.of(x, y), Momentum.withLr(1e-3));
        for (int step = 0; step < 1000; step++) {
            optimizer.zeroGrad();
            Tensor loss = x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)).sum();   // Rosenbrock
            loss.backward();
            optimizer.step();
        }
        double f = Math.pow(1 - x.item(), 2) + 100 * Math.pow(y.item() - x.item() * x.item(), 2);
        assertTrue(f < 12.5 / 10, "f = " + f);
    }
}
