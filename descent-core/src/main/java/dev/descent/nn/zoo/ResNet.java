package dev.descent.nn.zoo;

import dev.descent.nn.BatchNorm2d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.ops.Pool;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * The CIFAR ResNets of He et al. (2016), §4.2: a 3×3 convolution to 16 channels, three stages of n
 * {@link BasicBlock}s with 16, 32 and 64 channels (the first block of stages 2 and 3 halves the
 * resolution), global average pooling and a linear classifier: 6n + 2 weighted layers, so depth
 * 20, 32, 44, 56, 110 for n = 3, 5, 7, 9, 18.
 *
 * <p>Shortcuts where the shape changes: {@link Shortcut#A} (the paper's choice for CIFAR, the
 * default: identity with subsampling and zero-padded channels, no parameters) or {@link Shortcut#B}
 * (1×1 convolution + batch norm). With {@code skip = false} the blocks have no shortcut at all:
 * the "no-short" plain net of Li et al. (2018), with the same layers; with option A it has
 * exactly the same parameters as the residual net.
 *
 * <p>Parameter counts for 3×32×32 inputs and 10 classes: ResNet-20 269,722 (A) or 272,474 (B),
 * ResNet-32 464,154 (A), ResNet-56 853,018 (A), ResNet-110 1,727,962 (A). Any input size works
 * (the pooling is global); {@code inChannels} 1 suits Fashion-MNIST.
 *
 * <p>Names and initialisation as torchvision's ResNet: children {@code conv1}, {@code bn1},
 * {@code layer1..3}, {@code fc} (so {@code layer1.0.conv1.weight}); convolutions Kaiming-normal
 * with fan_out and the ReLU gain, batch norm weight 1 and bias 0, the classifier PyTorch's default.
 */
public final class ResNet extends Module {
    /** How a block's shortcut matches a change of shape. */
    public enum Shortcut {
        /** Identity: subsample by the stride and pad the new channels with zeros (no parameters). */
        A,
        /** Projection: 1×1 convolution with the stride, then batch norm. */
        B
    }

    private final int depth;
    private final int inChannels;
    private final int classes;
    private final Shortcut shortcut;
    private final boolean skip;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Sequential layer1;
    private final Sequential layer2;
    private final Sequential layer3;
    private final Linear fc;

    /** A CIFAR-10 net (3 channels, 10 classes) with option-A shortcuts, float32, default generator. */
    public static ResNet cifar(int depth) {
        return new ResNet(depth, 3, 10, Shortcut.A, true, DType.FLOAT32, Init.defaultGenerator());
    }

    /** The general net; {@code depth} must be 6n + 2. */
    public ResNet(int depth, int inChannels, int classes, Shortcut shortcut, boolean skip, DType dtype, Generator gen) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("ResNet: depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...), got "
                    + depth);
        }
        if (inChannels < 1 || classes < 1) {
            throw new IllegalArgumentException("ResNet: input channels " + inChannels + " and classes " + classes
                    + " must be positive");
        }
        this.depth = depth;
        this.inChannels = inChannels;
        this.classes = classes;
        this.shortcut = shortcut;
        this.skip = skip;
        int n = (depth - 2) / 6;
        conv1 = child("conv1", new Conv2d(inChannels, 16, 3, 1, 1, 1, 1, false, dtype, gen));
        bn1 = child("bn1", new BatchNorm2d(16, dtype));
        layer1 = child("layer1", stage(16, 16, 1, n, dtype, gen));
        layer2 = child("layer2", stage(16, 32, 2, n, dtype, gen));
        layer3 = child("layer3", stage(32, 64, 2, n, dtype, gen));
        fc = child("fc", new Linear(64, classes, true, dtype, gen));
        apply(m -> {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight(), 0, false, "relu", gen);
            }
        });
    }

    private Sequential stage(int in, int out, int stride, int blocks, DType dtype, Generator gen) {
        Sequential s = new Sequential();
        for (int i = 0; i < blocks; i++) {
            s.add(new BasicBlock(i == 0 ? in : out, out, i == 0 ? stride : 1, shortcut, skip, dtype, gen));
        }
        return s;
    }

    /** Depth 6n + 2. */
    public int depth() {
        return depth;
    }

    /** True for the residual net, false for its plain twin. */
    public boolean skip() {
        return skip;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = bn1.callRelu(conv1.call(x));
        y = layer3.call(layer2.call(layer1.call(y)));
        y = Pool.adaptiveAvgPool2d(y, 1, 1).flatten(1, -1);
        return fc.call(y);
    }

    @Override
    public String toString() {
        return "ResNet" + depth + "(in_channels=" + inChannels + ", classes=" + classes
                + (skip ? ", shortcut=" + shortcut : ", skip=false") + ")";
    }
}
