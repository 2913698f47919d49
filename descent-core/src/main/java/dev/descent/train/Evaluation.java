package dev.descent.train;

import dev.descent.autograd.GradMode;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.nn.Module;
import dev.descent.ops.Losses;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * The loss and accuracy of a model on a data set, in evaluation mode and without gradients.
 *
 * @param loss     mean loss per example (batch losses weighted by batch size, so exact for losses
 *                 with mean reduction)
 * @param accuracy fraction classified correctly (argmax of the output equals the label), NaN when
 *                 the output is not {@code [B, classes]} with labels {@code [B]}
 * @param samples  number of examples
 */
public record Evaluation(double loss, double accuracy, int samples) {

    /** Cross-entropy loss and accuracy of {@code model} on {@code data}, {@code batchSize} examples at a time. */
    public static Evaluation of(Module model, Dataset data, int batchSize) {
        return of(model, data, batchSize, Losses::crossEntropy);
    }

    /**
     * Evaluates {@code model} on {@code data} in order; the model's training mode is restored
     * afterwards.
     */
    public static Evaluation of(Module model, Dataset data, int batchSize, BiFunction<Tensor, Tensor, Tensor> loss) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("evaluation batch size must be positive, got " + batchSize);
        }
        int n = data.size();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN, 0);
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        boolean classification = true;
        try (var scope = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                Batch b = data.batch(idx);
                Tensor out = model.call(b.x());
                lossSum += loss.apply(out, b.y()).item() * idx.length;
                long c = correct(out, b.y());
                if (c < 0) {
                    classification = false;
                } else {
                    correct += c;
                }
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return new Evaluation(lossSum / n, classification ? (double) correct / n : Double.NaN, n);
    }

    /**
     * How many rows of {@code out} ({@code [B, C]}) have their largest entry at the class index in
     * {@code y} ({@code [B]}); the first maximum wins, as {@code argmax}. −1 when the shapes are not those
     * of a classification.
     */
    static long correct(Tensor out, Tensor y) {
        if (out.dim() != 2 || y.dim() != 1 || out.size(0) != y.size(0) || out.size(1) < 2) {
            return -1;
        }
        int rows = out.size(0);
        int cols = out.size(1);
        Tensor o = out.isContiguous() ? out : out.contiguous();
        double[] labels = y.toDoubleArray();
        long correct = 0;
        if (o.dtype() == DType.FLOAT32) {
            float[] f = o.storage().floats();
            int base = o.offset();
            for (int r = 0; r < rows; r++) {
                int best = 0;
                float bv = f[base + r * cols];
                for (int c = 1; c < cols; c++) {
                    float v = f[base + r * cols + c];
                    if (v > bv || (Float.isNaN(v) && !Float.isNaN(bv))) {
                        bv = v;
                        best = c;
                    }
                }
                correct += best == (int) labels[r] ? 1 : 0;
            }
        } else {
            double[] d = o.storage().doubles();
            int base = o.offset();
            for (int r = 0; r < rows; r++) {
                int best = 0;
                double bv = d[base + r * cols];
                for (int c = 1; c < cols; c++) {
                    double v = d[base + r * cols + c];
                    if (v > bv || (Double.isNaN(v) && !Double.isNaN(bv))) {
                        bv = v;
                        best = c;
                    }
                }
                correct += best == (int) labels[r] ? 1 : 0;
            }
        }
        return correct;
    }
}
