package dev.descent.nn.zoo;

import dev.descent.nn.Init;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Models by name, for the command line ({@code descent train --model NAME}). The input shape is
 * that of one example: {@code [C, H, W]} for images, {@code [T, F]} for sequences, {@code [F]} for
 * feature vectors.
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>mlp</td><td>{@link Mlp} in → 512 → 512 → classes, ReLU (any input, flattened)</td></tr>
 *   <tr><td>lenet</td><td>{@link LeNet5} (images)</td></tr>
 *   <tr><td>vgg</td><td>{@link Vgg#small} (images)</td></tr>
 *   <tr><td>resnet20, resnet32, resnet56, resnet110</td><td>{@link ResNet}, option-A shortcuts (images)</td></tr>
 *   <tr><td>resnet20-noskip, resnet56-noskip</td><td>their plain twins</td></tr>
 *   <tr><td>transformer</td><td>{@link TransformerClassifier}, {@link TransformerClassifier.Config#small};
 *       images as 4×4 patches (7×7 if the sides are not multiples of 4 but of 7, else 1×1), sequences as
 *       features, vectors as sequences of scalars</td></tr>
 *   <tr><td>lstm</td><td>{@link LstmClassifier}, hidden 128; images row by row, vectors as sequences of scalars</td></tr>
 * </table>
 * Besides these, {@code resnet<6n+2>} with optional {@code -noskip} and/or {@code -b} (option-B
 * projection shortcuts) suffixes, e.g. {@code resnet44-b}, and {@code mlp-<hidden widths>} for an
 * {@link Mlp} with other hidden layers: {@code mlp-256} is in → 256 → classes, {@code mlp-512-512}
 * is {@code mlp}.
 */
public final class ModelZoo {
    /** The listed names. */
    public static final List<String> NAMES = List.of("mlp", "lenet", "vgg", "resnet20", "resnet20-noskip", "resnet32",
            "resnet56", "resnet56-noskip", "resnet110", "transformer", "lstm");

    private static final Pattern RESNET = Pattern.compile("resnet(\\d+)((?:-noskip|-b)*)");
    private static final Pattern MLP = Pattern.compile("mlp((?:-\\d+)+)");

    private ModelZoo() {}

    /** A float32 model from the default generator. */
    public static Module create(String name, int[] inputShape, int classes) {
        return create(name, inputShape, classes, DType.FLOAT32, Init.defaultGenerator());
    }

    /**
     * The model called {@code name} for examples of {@code inputShape} and {@code classes} classes.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or an
     *                                  input shape the model cannot take
     */
    public static Module create(String name, int[] inputShape, int classes, DType dtype, Generator gen) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (inputShape.length < 1 || inputShape.length > 3) {
            throw new IllegalArgumentException("ModelZoo: input shape of one example must be [F], [T, F] or [C, H, W], got "
                    + Shape.str(inputShape));
        }
        Matcher m = RESNET.matcher(n);
        if (m.matches()) {
            int depth = Integer.parseInt(m.group(1));
            boolean skip = !m.group(2).contains("-noskip");
            ResNet.Shortcut sc = m.group(2).contains("-b") ? ResNet.Shortcut.B : ResNet.Shortcut.A;
            return new ResNet(depth, image(n, inputShape)[0], classes, sc, skip, dtype, gen);
        }
        Matcher mlp = MLP.matcher(n);
        if (mlp.matches()) {
            String[] hidden = mlp.group(1).substring(1).split("-");
            int[] widths = new int[hidden.length + 2];
            widths[0] = Shape.numel(inputShape);
            for (int i = 0; i < hidden.length; i++) {
                widths[i + 1] = Integer.parseInt(hidden[i]);
            }
            widths[widths.length - 1] = classes;
            return new Mlp(widths, "relu", 0.0, dtype, gen);
        }
        return switch (n) {
            case "mlp" -> new Mlp(new int[] {Shape.numel(inputShape), 512, 512, classes}, "relu", 0.0, dtype, gen);
            case "lenet" -> {
                int[] s = image(n, inputShape);
                yield new LeNet5(s[0], s[1], s[2], classes, "relu", true, dtype, gen);
            }
            case "vgg" -> {
                int[] s = image(n, inputShape);
                yield new Vgg(s[0], s[1], s[2], classes, Vgg.SMALL, true, 256, 0.5, dtype, gen);
            }
            case "transformer" -> {
                TransformerClassifier.Config cfg = TransformerClassifier.Config.small();
                yield switch (inputShape.length) {
                    case 3 -> {
                        int p = patch(inputShape[1], inputShape[2]);
                        yield TransformerClassifier.patches(inputShape[0], inputShape[1], inputShape[2], p, classes, cfg,
                                dtype, gen);
                    }
                    case 2 -> TransformerClassifier.features(inputShape[1], inputShape[0], classes, cfg, dtype, gen);
                    default -> TransformerClassifier.features(1, inputShape[0], classes, cfg, dtype, gen);
                };
            }
            case "lstm" -> switch (inputShape.length) {
                case 3 -> new LstmClassifier(inputShape[0] * inputShape[2], 128, 1, classes, 0.0, dtype, gen);
                case 2 -> new LstmClassifier(inputShape[1], 128, 1, classes, 0.0, dtype, gen);
                default -> new LstmClassifier(1, 128, 1, classes, 0.0, dtype, gen);
            };
            default -> throw new IllegalArgumentException("unknown model '" + name + "' (known: "
                    + String.join(", ", NAMES) + "; also resnet<6n+2>[-noskip][-b] and mlp-<width>[-<width>...])");
        };
    }

    private static int patch(int h, int w) {
        for (int p : new int[] {4, 7}) {
            if (h % p == 0 && w % p == 0) {
                return p;
            }
        }
        return 1;
    }

    private static int[] image(String name, int[] shape) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("ModelZoo: model '" + name + "' takes images [C, H, W], got examples of shape "
                    + Shape.str(shape));
        }
        return shape;
    }
}
