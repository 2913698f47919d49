package dev.descent.surface;

import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.Mlp;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.Losses;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Small models and data for the surface tests. */
final class Fixtures {
    private Fixtures() {}

    static TensorDataset blobs(int n) {
        return Synthetic.blobs(n, 4, 16, 2.0, 11);
    }

    static Supplier<Module> mlpFactory() {
        return () -> new Mlp(new int[] {16, 12, 4}, "relu", 0.0, DType.FLOAT32, new Generator(0));
    }

    static Supplier<Module> resnetFactory() {
        return () -> ModelZoo.create("resnet8", new int[] {1, 8, 8}, 10, DType.FLOAT32, new Generator(0));
    }

    /** A few SGD steps so the weights are not the initial ones (and batch-norm statistics move). */
    static Module trained(Supplier<Module> factory, TensorDataset data, int steps, long seed) {
        Module m = factory.get();
        // move away from the factory's initialisation, deterministically from the seed
        Generator g = new Generator(seed);
        for (Tensor p : m.parameters()) {
            try (var s = dev.descent.autograd.GradMode.noGrad()) {
                p.add_(Tensor.randn(g, p.dtype(), p.shape()).mul(0.05));
            }
        }
        Optimizer opt = new Optimizer(m.namedParameters(), Momentum.of(0.05, 0.9));
        m.train();
        int n = data.size();
        for (int s = 0; s < steps; s++) {
            int start = (s * 32) % Math.max(1, n - 32);
            var b = data.batch(IntStream.range(start, start + Math.min(32, n)).toArray());
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(m.forward(b.x()), b.y());
            loss.backward();
            opt.step();
        }
        m.eval();
        return m;
    }

    static TensorDataset images(int n) {
        return Synthetic.images(n, 1, 8, 0.1, 5);
    }
}
