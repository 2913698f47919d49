package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Batch normalization per channel of {@code [N, C, *]} inputs, as PyTorch's {@code _BatchNorm};
 * {@link BatchNorm1d} and {@link BatchNorm2d} only differ in the input ranks they accept.
 *
 * <pre>
 *   y = (x − mean) / √(var + eps) · weight + bias
 * </pre>
 * In training, mean and (biased) variance are those of the batch over {@code (N, *)}, and the
 * running statistics are updated in place with the unbiased batch variance:
 * {@code running ← (1 − momentum)·running + momentum·batch}, with momentum 0.1 by default, or
 * {@code 1/num_batches_tracked} (a cumulative average) when momentum is {@link #CUMULATIVE}. In
 * evaluation the running statistics are used. Without {@code trackRunningStats} there are no
 * buffers and batch statistics are used in both modes.
 *
 * <p>Parameters {@code weight} (ones) and {@code bias} (zeros) when {@code affine}; buffers
 * {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked} (a
 * scalar count; PyTorch stores it as int64, Descent in the module's floating type, exact up to 2²⁴
 * steps in float32).
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    /** The momentum value that selects a cumulative moving average (PyTorch's {@code momentum=None}). */
    public static final double CUMULATIVE = Double.NaN;

    private final int features;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean track;

    BatchNorm(int features, double eps, double momentum, boolean affine, boolean trackRunningStats, DType dtype) {
        if (features < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": number of features must be positive, got "
                    + features);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + eps);
        }
        if (!Double.isNaN(momentum) && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1] (or CUMULATIVE),"
                    + " got " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track = trackRunningStats;
        if (affine) {
            param("weight", Tensor.ones(dtype, features));
            param("bias", Tensor.zeros(dtype, features));
        }
        if (trackRunningStats) {
            buffer("running_mean", Tensor.zeros(dtype, features));
            buffer("running_var", Tensor.ones(dtype, features));
            buffer("num_batches_tracked", Tensor.zeros(dtype));
        }
    }

    /** Throws unless {@code x} has a rank this layer accepts. */
    abstract void checkInput(Tensor x);

    /** Number of channels C. */
    public int numFeatures() {
        return features;
    }

    /** The momentum of the running statistics ({@link #CUMULATIVE}, a NaN, for a cumulative average). */
    public double momentum() {
        return momentum;
    }

    /** γ {@code [C]}, or null without affine. */
    public Tensor weight() {
        return affine ? p("weight") : null;
    }

    /** β {@code [C]}, or null without affine. */
    public Tensor bias() {
        return affine ? p("bias") : null;
    }

    /** The running mean buffer {@code [C]}, or null without running statistics. */
    public Tensor runningMean() {
        return track ? b("running_mean") : null;
    }

    /** The running variance buffer {@code [C]}, or null without running statistics. */
    public Tensor runningVar() {
        return track ? b("running_var") : null;
    }

    /** Number of training batches seen (0 without running statistics). */
    public long numBatchesTracked() {
        return track ? Math.round(b("num_batches_tracked").item()) : 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        return normalize(x, false);
    }

    /**
     * {@code relu(forward(x))} as one fused op ({@link NnFunctional#batchNormRelu}), observed like
     * {@link #call}: what a ResNet block runs after its first convolution.
     */
    public final Tensor callRelu(Tensor x) {
        return observed(x, in -> normalize(in, true));
    }

    /**
     * {@code relu(forward(x) + residual)} as one fused op ({@link NnFunctional#batchNormAddRelu}), observed
     * like {@link #call}: the tail of a ResNet block, with the shortcut as the residual.
     */
    public final Tensor callAddRelu(Tensor x, Tensor residual) {
        return observed(x, in -> normalize(in, residual, true));
    }

    private Tensor normalize(Tensor x, boolean relu) {
        return normalize(x, null, relu);
    }

    private Tensor normalize(Tensor x, Tensor residual, boolean relu) {
        checkInput(x);
        if (x.size(1) != features) {
            throw new IllegalArgumentException(this + ": expected " + features + " channels in dimension 1, got input "
                    + Shape.str(x.shapeRef()));
        }
        boolean useBatchStats = isTraining() || !track;
        double factor = momentum;
        if (isTraining() && track) {
            Tensor n = b("num_batches_tracked");
            try (var s = GradMode.noGrad()) {
                n.fill_(n.item() + 1);
            }
            if (Double.isNaN(momentum)) {
                factor = 1.0 / n.item();
            }
        }
        // with running statistics: training updates them, evaluation uses them; without: batch statistics
        double m = Double.isNaN(factor) ? 0.0 : factor;
        if (residual != null) {
            return NnFunctional.batchNormAddRelu(x, residual, runningMean(), runningVar(), weight(), bias(), useBatchStats,
                    m, eps);
        }
        return relu ? NnFunctional.batchNormRelu(x, runningMean(), runningVar(), weight(), bias(), useBatchStats, m, eps)
                : NnFunctional.batchNorm(x, runningMean(), runningVar(), weight(), bias(), useBatchStats, m, eps);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + features + ", eps=" + eps + ", momentum="
                + (Double.isNaN(momentum) ? "None" : momentum) + ", affine=" + affine
                + ", track_running_stats=" + track + ")";
    }
}
