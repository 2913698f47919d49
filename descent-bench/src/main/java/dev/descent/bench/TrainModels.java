package dev.descent.bench;

import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.TransformerEncoderLayer;
import dev.descent.nn.zoo.LstmClassifier;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * The training workloads of the side-by-side benchmark, built with exactly the shapes of their
 * PyTorch twins in {@code scripts/bench/side_by_side.py}:
 * <pre>
 *   mlp          784-512-512-10, ReLU                          input [B, 784]
 *   resnet20     CIFAR ResNet-20, option-A shortcuts            input [B, 3, 32, 32]
 *   lstm         LSTM(32, 128, batch_first) + Linear(128, 10) on the last step   input [B, 50, 32]
 *   transformer  TransformerEncoderLayer(128, 4, batch_first) with torch's defaults (feed-forward
 *                2048, dropout 0.1, ReLU, post-norm), mean over the sequence, Linear(128, 10)
 *                                                              input [B, 64, 128]
 * </pre>
 */
final class TrainModels {
    private TrainModels() {}

    /** A model and the shape of one input example. */
    record Workload(Module net, int[] exampleShape) {}

    static Workload create(String name, Generator gen) {
        return switch (name) {
            case "mlp" -> new Workload(ModelZoo.create("mlp", new int[] {784}, 10, DType.FLOAT32, gen), new int[] {784});
            case "resnet20" -> new Workload(ModelZoo.create("resnet20", new int[] {3, 32, 32}, 10, DType.FLOAT32, gen),
                    new int[] {3, 32, 32});
            case "lstm" -> new Workload(new LstmClassifier(32, 128, 1, 10, 0.0, DType.FLOAT32, gen), new int[] {50, 32});
            case "transformer" -> new Workload(new EncoderClassifier(gen), new int[] {64, 128});
            default -> throw new IllegalArgumentException("unknown training workload " + name
                    + " (known: mlp, resnet20, lstm, transformer)");
        };
    }

    /** One post-norm encoder layer with torch's defaults, mean pooling over the sequence, a linear head. */
    static final class EncoderClassifier extends Module {
        private final TransformerEncoderLayer layer;
        private final Linear head;

        EncoderClassifier(Generator gen) {
            layer = child("layer", new TransformerEncoderLayer(128, 4, 2048, 0.1, "relu", NnFunctional.NORM_EPS, true,
                    false, DType.FLOAT32, gen));
            head = child("head", new Linear(128, 10, true, DType.FLOAT32, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.call(layer.call(x).mean(1, false));
        }
    }
}
