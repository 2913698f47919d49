package dev.descent.nn.zoo;

import dev.descent.nn.Activation;
import dev.descent.nn.AvgPool2d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Flatten;
import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.MaxPool2d;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * LeNet-5 (LeCun et al. 1998) as commonly trained on MNIST-sized images:
 * <pre>
 *   conv 5×5 → 6 (padding 2), act, pool 2 │ conv 5×5 → 16, act, pool 2 │ fc 120, act │ fc 84, act │ fc classes
 * </pre>
 * On 1×28×28 the first convolution keeps 28×28 (the padding stands in for the original 32×32
 * input) and the flattened features are 16×5×5 = 400; 61,706 parameters for 10 classes. The modern
 * default uses ReLU and max pooling; {@code ("tanh", false)} gives the classic tanh with average
 * pooling. Children: {@code features} (indices 0 and 3 are the convolutions), {@code flatten},
 * {@code classifier} (0, 2, 4 are the linear layers). Default PyTorch initialisation throughout.
 */
public final class LeNet5 extends Module {
    private final int classes;
    private final Sequential features;
    private final Flatten flatten;
    private final Sequential classifier;

    /** 1×28×28 inputs, 10 classes, ReLU and max pooling, float32, default generator. */
    public LeNet5() {
        this(1, 28, 28, 10, "relu", true, DType.FLOAT32, Init.defaultGenerator());
    }

    /** The general net for {@code inChannels × height × width} images. */
    public LeNet5(int inChannels, int height, int width, int classes, String activation, boolean maxPool, DType dtype,
                  Generator gen) {
        int h = (height / 2 - 4) / 2;
        int w = (width / 2 - 4) / 2;
        if (inChannels < 1 || classes < 1 || height / 2 - 4 < 2 || width / 2 - 4 < 2) {
            throw new IllegalArgumentException("LeNet5: need positive channels and classes and images of at least 12x12, got "
                    + inChannels + "x" + height + "x" + width + " with " + classes + " classes");
        }
        this.classes = classes;
        features = child("features", new Sequential(
                new Conv2d(inChannels, 6, 5, 1, 2, 1, 1, true, dtype, gen), Activation.byName(activation), pool(maxPool),
                new Conv2d(6, 16, 5, 1, 0, 1, 1, true, dtype, gen), Activation.byName(activation), pool(maxPool)));
        flatten = child("flatten", new Flatten());
        classifier = child("classifier", new Sequential(
                new Linear(16 * h * w, 120, true, dtype, gen), Activation.byName(activation),
                new Linear(120, 84, true, dtype, gen), Activation.byName(activation),
                new Linear(84, classes, true, dtype, gen)));
    }

    private static Module pool(boolean max) {
        return max ? new MaxPool2d(2) : new AvgPool2d(2);
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.call(flatten.call(features.call(x)));
    }

    @Override
    public String toString() {
        return "LeNet5(classes=" + classes + ")";
    }
}
