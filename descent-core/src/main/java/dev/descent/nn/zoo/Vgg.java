package dev.descent.nn.zoo;

import dev.descent.nn.Activation;
import dev.descent.nn.BatchNorm2d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Dropout;
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
 * A small VGG-style net (Simonyan and Zisserman 2015) for 28×28 or 32×32 images: stacks of 3×3
 * convolutions (padding 1, optional batch norm, ReLU) separated by 2×2 max pooling, then
 * {@code Linear(C·h·w, hidden), ReLU, Dropout, Linear(hidden, classes)}.
 *
 * <p>The configuration is torchvision's notation as a string: channel counts and {@code M} for a
 * pooling, e.g. {@link #SMALL} {@code "32,32,M,64,64,M,128,128,M"}. Names and initialisation as
 * torchvision's VGG: children {@code features}, {@code flatten}, {@code classifier}; convolutions
 * Kaiming-normal (fan_out, relu) with zero bias, batch norm 1/0, linear layers N(0, 0.01²) with zero bias.
 */
public final class Vgg extends Module {
    /** Three stages of two convolutions: 32, 64 and 128 channels. */
    public static final String SMALL = "32,32,M,64,64,M,128,128,M";

    private final String config;
    private final Sequential features;
    private final Flatten flatten;
    private final Sequential classifier;

    /** {@link #SMALL} with batch norm, hidden width 256 and dropout 0.5, float32, default generator. */
    public static Vgg small(int inChannels, int height, int width, int classes) {
        return new Vgg(inChannels, height, width, classes, SMALL, true, 256, 0.5, DType.FLOAT32, Init.defaultGenerator());
    }

    /** The general net. */
    public Vgg(int inChannels, int height, int width, int classes, String config, boolean batchNorm, int hidden,
               double dropout, DType dtype, Generator gen) {
        if (inChannels < 1 || classes < 1 || hidden < 1) {
            throw new IllegalArgumentException("Vgg: channels " + inChannels + ", classes " + classes + " and hidden width "
                    + hidden + " must be positive");
        }
        this.config = config;
        Sequential f = new Sequential();
        int c = inChannels;
        int h = height;
        int w = width;
        for (String item : config.split(",")) {
            String s = item.trim();
            if (s.equalsIgnoreCase("M")) {
                f.add(new MaxPool2d(2));
                h /= 2;
                w /= 2;
                if (h < 1 || w < 1) {
                    throw new IllegalArgumentException("Vgg: configuration '" + config + "' pools a " + height + "x" + width
                            + " image below 1x1; use fewer M entries or larger images");
                }
                continue;
            }
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Vgg: configuration entries are channel counts or M, got '" + s
                        + "' in '" + config + "'");
            }
            if (v < 1) {
                throw new IllegalArgumentException("Vgg: channel counts must be positive, got " + v + " in '" + config + "'");
            }
            f.add(new Conv2d(c, v, 3, 1, 1, 1, 1, true, dtype, gen));
            if (batchNorm) {
                f.add(new BatchNorm2d(v, dtype));
            }
            f.add(Activation.relu());
            c = v;
        }
        features = child("features", f);
        flatten = child("flatten", new Flatten());
        classifier = child("classifier", new Sequential(new Linear(c * h * w, hidden, true, dtype, gen),
                Activation.relu(), new Dropout(dropout, Init.fork(gen)), new Linear(hidden, classes, true, dtype, gen)));
        apply(m -> {
            if (m instanceof Conv2d conv) {
                Init.kaimingNormal_(conv.weight(), 0, false, "relu", gen);
                Init.zeros_(conv.bias());
            } else if (m instanceof Linear lin) {
                Init.normal_(lin.weight(), 0, 0.01, gen);
                Init.zeros_(lin.bias());
            }
        });
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.call(flatten.call(features.call(x)));
    }

    @Override
    public String toString() {
        return "Vgg(" + config + ")";
    }
}
