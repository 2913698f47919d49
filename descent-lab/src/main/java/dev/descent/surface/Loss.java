package dev.descent.surface;

import dev.descent.ops.Losses;
import dev.descent.ops.Reduction;
import dev.descent.tensor.Tensor;

/**
 * The loss whose landscape is measured: a function of a batch of model outputs and targets that
 * returns the <em>sum</em> over the batch (so batches of any size add up exactly) and, for HVPs
 * and training, the mean.
 */
public interface Loss {
    /** Σ over the batch of the per-sample loss, a scalar tensor. */
    Tensor sum(Tensor output, Tensor target);

    /** The mean over the batch. */
    default Tensor mean(Tensor output, Tensor target) {
        return sum(output, target).div(output.size(0));
    }

    /** A short name for reports ({@code cross-entropy}, {@code mse}). */
    String name();

    /** Cross entropy of softmax(logits) against class indices, as {@code torch.nn.functional.cross_entropy}. */
    Loss CROSS_ENTROPY = new Loss() {
        @Override
        public Tensor sum(Tensor output, Tensor target) {
            return Losses.crossEntropy(output, target, null, Losses.IGNORE_INDEX, 0.0, Reduction.SUM);
        }

        @Override
        public String name() {
            return "cross-entropy";
        }
    };

    /**
     * Cohen et al.'s square loss for classification: {@code ½‖f(x) − onehot(y)‖²} per sample (the
     * edge-of-stability experiments use it).
     */
    Loss HALF_SQUARE_ONE_HOT = new Loss() {
        @Override
        public Tensor sum(Tensor output, Tensor target) {
            Tensor oneHot = oneHot(target, output.size(1), output);
            return Losses.mse(output, oneHot, Reduction.SUM).mul(0.5);
        }

        @Override
        public String name() {
            return "mse";
        }
    };

    /** One-hot rows {@code [N, classes]} of the class indices in {@code target}, in the dtype of {@code like}. */
    static Tensor oneHot(Tensor target, int classes, Tensor like) {
        int n = target.size(0);
        double[] y = target.toDoubleArray();
        Tensor t = Tensor.zeros(like.dtype(), n, classes);
        for (int i = 0; i < n; i++) {
            int c = (int) y[i];
            if (c < 0 || c >= classes || c != y[i]) {
                throw new IllegalArgumentException("target " + i + " is " + y[i] + ", not a class index in [0, " + classes + ")");
            }
            t.set(1.0, i, c);
        }
        return t;
    }

    /** {@code cross-entropy} or {@code mse} (also {@code ce}, {@code square}). */
    static Loss parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "cross-entropy", "crossentropy", "ce" -> CROSS_ENTROPY;
            case "mse", "square", "half-square" -> HALF_SQUARE_ONE_HOT;
            default -> throw new IllegalArgumentException("unknown loss '" + s + "': use cross-entropy or mse");
        };
    }
}
