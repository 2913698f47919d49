package dev.descent.surface;

import dev.descent.autograd.GradMode;
import dev.descent.data.Batch;
import dev.descent.nn.BatchNorm;
import dev.descent.nn.Module;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes batch-norm running statistics for the current weights, as PyTorch's
 * {@code torch.optim.swa_utils.update_bn}: the running mean and variance of every batch-norm layer
 * become the average over the given batches of the batch means and (unbiased) batch variances,
 * measured in training mode with the final weights. After a short run with a large learning rate
 * the exponential moving averages kept during training lag the weights, so the evaluation-mode
 * model (which is what a loss surface measures) is not the one the weights describe; this removes
 * the lag. Parameters are not touched; no graph is recorded.
 */
public final class BatchNormStats {
    private BatchNormStats() {}

    /** Recomputes the statistics of every batch-norm layer of {@code model} over {@code batches}; returns the layer count. */
    public static int recompute(Module model, List<Batch> batches) {
        List<BatchNorm> layers = new ArrayList<>();
        model.apply(m -> {
            if (m instanceof BatchNorm bn && bn.runningMean() != null) {
                layers.add(bn);
            }
        });
        if (layers.isEmpty() || batches.isEmpty()) {
            return 0;
        }
        int k = layers.size();
        double[][] mean = new double[k][];
        double[][] var = new double[k][];
        double[] tracked = new double[k];
        for (int i = 0; i < k; i++) {
            mean[i] = new double[layers.get(i).numFeatures()];
            var[i] = new double[layers.get(i).numFeatures()];
            tracked[i] = layers.get(i).numBatchesTracked();
        }
        boolean wasTraining = model.isTraining();
        model.train();
        int total = 0;
        try (var s = GradMode.noGrad()) {
            for (Batch b : batches) {
                // zero statistics and counter: after one forward the buffers hold factor·(batch statistics),
                // with factor = momentum, or 1 for a cumulative average (1/num_batches_tracked with the counter at 1)
                for (BatchNorm bn : layers) {
                    bn.runningMean().zero_();
                    bn.runningVar().zero_();
                    bufferNamed(bn, "num_batches_tracked").zero_();
                }
                model.forward(b.x());
                for (int i = 0; i < k; i++) {
                    BatchNorm bn = layers.get(i);
                    double factor = Double.isNaN(bn.momentum()) ? 1 : bn.momentum();
                    if (!(factor > 0)) {
                        throw new IllegalStateException(bn + ": momentum 0 never updates the running statistics");
                    }
                    double[] m = bn.runningMean().toDoubleArray();
                    double[] v = bn.runningVar().toDoubleArray();
                    for (int c = 0; c < m.length; c++) {
                        mean[i][c] += b.size() * m[c] / factor;
                        var[i][c] += b.size() * v[c] / factor;
                    }
                }
                total += b.size();
            }
            for (int i = 0; i < k; i++) {
                BatchNorm bn = layers.get(i);
                for (int c = 0; c < mean[i].length; c++) {
                    mean[i][c] /= total;
                    var[i][c] /= total;
                }
                bn.runningMean().copy_(Tensor.wrap(mean[i], mean[i].length).to(bn.runningMean().dtype()));
                bn.runningVar().copy_(Tensor.wrap(var[i], var[i].length).to(bn.runningVar().dtype()));
                bufferNamed(bn, "num_batches_tracked").fill_(tracked[i]);
            }
        } finally {
            if (!wasTraining) {
                model.eval();
            }
        }
        return k;
    }

    private static Tensor bufferNamed(BatchNorm bn, String name) {
        Tensor t = bn.namedBuffers().get(name);
        if (t == null) {
            throw new IllegalStateException(bn + " has no buffer " + name);
        }
        return t;
    }
}
