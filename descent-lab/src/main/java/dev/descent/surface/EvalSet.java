package dev.descent.surface;

import dev.descent.autograd.GradMode;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A fixed evaluation set, held as batches in memory: every point of a surface is measured on exactly
 * the same samples, in the same order, with no augmentation and no shuffling (as LL does).
 */
public record EvalSet(List<Batch> batches) {

    public EvalSet {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("an evaluation set needs at least one batch");
        }
        batches = List.copyOf(batches);
    }

    /** The first {@code n} examples of {@code data} (all if n ≤ 0 or n ≥ size) in batches of {@code batchSize}. */
    public static EvalSet first(Dataset data, int n, int batchSize) {
        int count = n <= 0 ? data.size() : Math.min(n, data.size());
        if (count == 0 || batchSize < 1) {
            throw new IllegalArgumentException("need a non-empty data set and batch size >= 1, got " + count + " examples, batch "
                    + batchSize);
        }
        List<Batch> out = new ArrayList<>();
        for (int s = 0; s < count; s += batchSize) {
            out.add(data.batch(IntStream.range(s, Math.min(count, s + batchSize)).toArray()));
        }
        return new EvalSet(out);
    }

    /** The number of samples. */
    public int size() {
        int n = 0;
        for (Batch b : batches) {
            n += b.size();
        }
        return n;
    }

    /** The first {@code n} samples as a new set, in batches of at most {@code batchSize}. */
    public EvalSet head(int n, int batchSize) {
        List<Batch> out = new ArrayList<>();
        int taken = 0;
        for (Batch b : batches) {
            int start = 0;
            while (start < b.size() && taken < n) {
                int len = Math.min(Math.min(batchSize, b.size() - start), n - taken);
                out.add(new Batch(b.x().narrow(0, start, len).contiguous(), b.y().narrow(0, start, len).contiguous()));
                start += len;
                taken += len;
            }
        }
        return new EvalSet(out);
    }

    /**
     * Mean loss and accuracy of {@code model} in evaluation mode, without recording a graph; losses are
     * summed per batch in the model's dtype and across batches in double precision.
     */
    public Metrics evaluate(Module model, Loss loss) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double sum = 0;
        long correct = 0;
        int n = 0;
        try (var s = GradMode.noGrad()) {
            for (Batch b : batches) {
                Tensor out = model.forward(b.x());
                sum += loss.sum(out, b.y()).item();
                correct += correct(out, b.y());
                n += b.size();
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return new Metrics(sum / n, (double) correct / n, n);
    }

    /** The number of rows of {@code logits} whose arg-max equals the label. */
    static long correct(Tensor logits, Tensor labels) {
        Tensor flat = logits.contiguous();
        int n = flat.size(0);
        int c = flat.numel() / n;
        double[] y = labels.toDoubleArray();
        long ok = 0;
        if (flat.dtype() == DType.FLOAT32) {
            float[] z = flat.toFloatArray();
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < c; k++) {
                    if (z[i * c + k] > z[i * c + best]) {
                        best = k;
                    }
                }
                ok += best == (int) y[i] ? 1 : 0;
            }
        } else {
            double[] z = flat.toDoubleArray();
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < c; k++) {
                    if (z[i * c + k] > z[i * c + best]) {
                        best = k;
                    }
                }
                ok += best == (int) y[i] ? 1 : 0;
            }
        }
        return ok;
    }
}
