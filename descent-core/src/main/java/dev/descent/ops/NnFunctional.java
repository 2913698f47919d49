package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.kernel.DropoutMask;
import dev.descent.kernel.SplitMix;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The layer functions of {@code torch.nn.functional}: linear, dropout, embedding and the
 * normalizations, with PyTorch's semantics and defaults. Convolution, pooling and losses live in
 * {@link Conv}, {@link Pool} and {@link Losses}.
 */
public final class NnFunctional {
    private NnFunctional() {}

    /** PyTorch's default {@code eps} for the normalizations. */
    public static final double NORM_EPS = 1e-5;

    /** PyTorch's default batch-norm momentum. */
    public static final double BN_MOMENTUM = 0.1;

    // ---------------------------------------------------------------- linear

    /**
     * {@code y = x·Wᵀ + b}, one GEMM with the bias as its initial value.
     *
     * @param x input {@code [*, in]} (any rank ≥ 1)
     * @param w weight {@code [out, in]}
     * @param b bias {@code [out]}, or null
     * @return {@code [*, out]}
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return LinearAct.apply(x, w, b, FusedActivation.NONE);
    }

    /**
     * {@code y = act(x·Wᵀ + b)} as one op: the activation runs in place over the GEMM's output and
     * the backward applies {@code act'} in the same node before the GEMMs (see {@link LinearAct}).
     * Equal to {@code act} applied to {@link #linear(Tensor, Tensor, Tensor)}, with one tensor and
     * one graph node fewer.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, FusedActivation act) {
        return LinearAct.apply(x, w, b, act);
    }

    // ---------------------------------------------------------------- dropout

    /**
     * Inverted dropout: in training, each element is zeroed with probability {@code p} and the
     * survivors are scaled by {@code 1/(1−p)}, so the expectation is unchanged; in evaluation, or
     * with {@code p = 0}, {@code x} itself is returned. {@code p = 1} gives zeros. The mask is drawn
     * from {@code gen} in row-major order, the same for float32 and float64, and the backward
     * multiplies by the same mask.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability has to be between 0 and 1, but got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p < 1 && gen == null) {
            throw new IllegalArgumentException("dropout: a Generator is required in training mode with p = " + p);
        }
        // x·mask with a constant mask: the multiply's backward is g·mask, and is itself differentiable.
        return x.mul(dropoutMask(x.numel(), p, gen, x.dtype(), x.shapeRef()));
    }

    /**
     * The dropout mask, drawn in the dtype it is used in (a float32 mask directly, without a
     * float64 array to convert): element i is {@code 1/(1−p)} when the i-th draw is ≥ p, else 0.
     * The kernel makes the draws itself from the generator's state, in parallel, with the bits of
     * {@code n} sequential {@code nextDouble()} calls.
     */
    private static Tensor dropoutMask(int n, double p, Generator gen, DType dtype, int[] shape) {
        double keep = 1.0 / (1.0 - p);
        // Tensor.empty: a pooled buffer, recycled with the activations once the multiply's backward ran
        Tensor mask = Tensor.empty(dtype, shape);
        if (p < 1) {
            if (dtype == DType.FLOAT64) {
                DropoutMask.fill(mask.storage().doubles(), n, gen.reserve(n), SplitMix.threshold53(p), keep);
            } else {
                DropoutMask.fill(mask.storage().floats(), n, gen.reserve(n), SplitMix.threshold53(p), (float) keep);
            }
        }
        return mask;
    }

    // ---------------------------------------------------------------- embedding

    /**
     * Looks up rows of {@code weight}: {@code out[i..., :] = weight[indices[i...], :]}. The
     * gradient of the weight is the output gradient scatter-added into the rows that were used.
     *
     * @param indices any shape, holding integers in {@code [0, rows)} (as floating-point values)
     * @param weight {@code [rows, dim]}
     * @return {@code indices.shape + [dim]}
     */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: expected weight [num_embeddings, embedding_dim], got "
                    + Shape.str(weight.shapeRef()));
        }
        int rows = weight.size(0);
        int dim = weight.size(1);
        int[] idx = NnUtil.indices("embedding", "indices", indices);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= rows) {
                throw new IndexOutOfBoundsException("embedding: index " + idx[i] + " at position " + i + " of indices "
                        + Shape.str(indices.shapeRef()) + " is out of range for weight " + Shape.str(weight.shapeRef())
                        + " (valid: 0 to " + (rows - 1) + ")");
            }
        }
        int[] outShape = Arrays.copyOf(indices.shapeRef(), indices.dim() + 1);
        outShape[indices.dim()] = dim;
        return BlockIndex.gather(weight, idx, dim, outShape);
    }

    // ---------------------------------------------------------------- normalization

    /**
     * Batch normalization of {@code x [N, C, *]} per channel, as {@code torch.nn.functional.batch_norm}.
     *
     * <p>Training: normalizes with the batch mean and biased variance over {@code (N, *)}, and
     * updates the running statistics in place (when given) with the unbiased variance:
     * {@code running ← (1 − momentum)·running + momentum·batch}. Evaluation: uses the running
     * statistics, {@code y = (x − running_mean)/√(running_var + eps)·γ + β}, a per-channel affine map.
     *
     * @param runningMean {@code [C]} buffer or null (required in evaluation)
     * @param runningVar  {@code [C]} buffer or null (required in evaluation)
     * @param weight      γ {@code [C]} or null
     * @param bias        β {@code [C]} or null
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return batchNorm("batchNorm", x, runningMean, runningVar, weight, bias, training, momentum, eps, false);
    }

    /**
     * {@code relu(batchNorm(...))} as one op: the same values and gradients as the two ops in a row, but
     * for float32 in training one pass and one tensor forward, and no tensor for the ReLU's gradient
     * backward (the mask comes from the output). The ReLU after each batch norm of a ResNet block.
     */
    public static Tensor batchNormRelu(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                       boolean training, double momentum, double eps) {
        return batchNorm("batchNormRelu", x, runningMean, runningVar, weight, bias, training, momentum, eps, true);
    }

    /**
     * {@code relu(batchNorm(...) + residual)} as one op, the tail of a residual block
     * ({@code relu(bn2(conv2(·)) + shortcut(x))}): the same values and gradients as the three ops in a row,
     * but for float32 in training one pass and one tensor forward, and backward one pass that writes the
     * masked gradient (the residual's) while it sums, then one for the input's gradient.
     *
     * @param residual the tensor added before the ReLU, of the shape of {@code x}
     */
    public static Tensor batchNormAddRelu(Tensor x, Tensor residual, Tensor runningMean, Tensor runningVar,
                                          Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
        String op = "batchNormAddRelu";
        if (!Arrays.equals(x.shapeRef(), residual.shapeRef())) {
            throw new IllegalArgumentException(op + ": the residual " + Shape.str(residual.shapeRef())
                    + " must have the shape of the input " + Shape.str(x.shapeRef()));
        }
        return batchNorm(op, x, residual, runningMean, runningVar, weight, bias, training, momentum, eps, true);
    }

    private static Tensor batchNorm(String op, Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight,
                                    Tensor bias, boolean training, double momentum, double eps, boolean relu) {
        return batchNorm(op, x, null, runningMean, runningVar, weight, bias, training, momentum, eps, relu);
    }

    private static Tensor batchNorm(String op, Tensor x, Tensor residual, Tensor runningMean, Tensor runningVar,
                                    Tensor weight, Tensor bias, boolean training, double momentum, double eps,
                                    boolean relu) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected input [N, C, *] of rank >= 2, got " + Shape.str(x.shapeRef()));
        }
        int c = x.size(1);
        checkPerChannel(op, "running mean", runningMean, c, x);
        checkPerChannel(op, "running variance", runningVar, c, x);
        checkPerChannel(op, "weight", weight, c, x);
        checkPerChannel(op, "bias", bias, c, x);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": give both running mean and running variance, or neither");
        }
        DType dt = NnUtil.promote(x, weight, bias, residual);
        x = x.to(dt);
        residual = NnUtil.to(residual, dt);
        weight = NnUtil.to(weight, dt);
        bias = NnUtil.to(bias, dt);
        if (!training) {
            if (runningMean == null) {
                throw new IllegalArgumentException(op + ": running mean and variance are required in evaluation mode"
                        + " (training = false); pass them, or normalize with batch statistics (training = true)");
            }
            int[] view = new int[x.dim()];
            Arrays.fill(view, 1);
            view[1] = c;
            Tensor scale = runningVar.detach().to(dt).add(eps).rsqrt();
            if (weight != null) {
                scale = scale.mul(weight);
            }
            Tensor shift = runningMean.detach().to(dt).mul(scale).neg();
            if (bias != null) {
                shift = shift.add(bias);
            }
            Tensor y = x.mul(scale.reshape(view)).add(shift.reshape(view));
            if (residual != null) {
                y = y.add(residual);
            }
            return relu ? y.relu() : y;
        }
        int n = x.size(0);
        int s = NnUtil.prod(x.shapeRef(), 2, x.dim());
        long count = (long) n * s;
        if (count <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input "
                    + Shape.str(x.shapeRef()));
        }
        Norms.Layout layout = new Norms.Layout(n, 1, c, s, true);
        Norms.Stats st = Norms.stats(x, layout, eps);
        if (runningMean != null) {
            double[] unbiased = new double[c];
            for (int i = 0; i < c; i++) {
                unbiased[i] = st.var()[i] * count / (count - 1);
            }
            try (var scope = GradMode.noGrad()) {
                runningMean.mul_(1 - momentum).add_(NnUtil.tensor(st.mean().clone(), runningMean.dtype(), c), momentum);
                runningVar.mul_(1 - momentum).add_(NnUtil.tensor(unbiased, runningVar.dtype(), c), momentum);
            }
        }
        return Norms.normalize(x, weight, bias, residual, layout, eps, st, relu);
    }

    /** {@code batchNorm} with PyTorch's defaults: momentum 0.1, eps 1e-5. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training) {
        return batchNorm(x, runningMean, runningVar, weight, bias, training, BN_MOMENTUM, NORM_EPS);
    }

    /**
     * Layer normalization over the trailing dims {@code normalizedShape}, as
     * {@code torch.nn.functional.layer_norm}: each sample {@code x[i..., :]} is normalized with its
     * own mean and biased variance, then scaled by γ and shifted by β (both of shape
     * {@code normalizedShape}, nullable).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layerNorm";
        int k = normalizedShape.length;
        int[] xs = x.shapeRef();
        boolean match = k >= 1 && xs.length >= k
                && Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape);
        if (!match) {
            throw new IllegalArgumentException(op + ": normalizedShape " + Shape.str(normalizedShape)
                    + " must be non-empty and equal the last dims of the input (expected input [*, "
                    + Shape.str(normalizedShape).substring(1) + "), got " + Shape.str(xs));
        }
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && !Arrays.equals(p.shapeRef(), normalizedShape)) {
                throw new IllegalArgumentException(op + ": expected " + (p == weight ? "weight" : "bias") + " of shape "
                        + Shape.str(normalizedShape) + ", got " + Shape.str(p.shapeRef()));
            }
        }
        DType dt = NnUtil.promote(x, weight, bias);
        x = x.to(dt);
        weight = NnUtil.to(weight, dt);
        bias = NnUtil.to(bias, dt);
        int inner = NnUtil.prod(normalizedShape, 0, k);
        int outer = NnUtil.prod(xs, 0, xs.length - k);
        if (dt == DType.FLOAT32) {
            return LayerNormOp.apply(x, weight, bias, outer, inner, eps);
        }
        Norms.Layout layout = new Norms.Layout(outer, 1, inner, 1, false);
        return Norms.normalize(x, weight, bias, layout, eps, Norms.stats(NnUtil.doubles(x), layout, eps));
    }

    /** {@code layerNorm} with eps 1e-5. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias) {
        return layerNorm(x, normalizedShape, weight, bias, NORM_EPS);
    }

    /**
     * Group normalization of {@code x [N, C, *]}, as {@code torch.nn.functional.group_norm}: the
     * channels are split into {@code groups} consecutive groups, each {@code (sample, group)} is
     * normalized with its mean and biased variance over the group's channels and positions, then
     * each channel is scaled by γ{@code [C]} and shifted by β{@code [C]} (nullable).
     */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        String op = "groupNorm";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected input [N, C, *] of rank >= 2, got " + Shape.str(x.shapeRef()));
        }
        NnUtil.checkPositive(op, "groups", groups);
        int c = x.size(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(op + ": channels " + c + " of input " + Shape.str(x.shapeRef())
                    + " are not divisible by groups " + groups);
        }
        checkPerChannel(op, "weight", weight, c, x);
        checkPerChannel(op, "bias", bias, c, x);
        DType dt = NnUtil.promote(x, weight, bias);
        x = x.to(dt);
        weight = NnUtil.to(weight, dt);
        bias = NnUtil.to(bias, dt);
        int s = NnUtil.prod(x.shapeRef(), 2, x.dim());
        Norms.Layout layout = new Norms.Layout(x.size(0), groups, c / groups, s, false);
        return Norms.normalize(x, weight, bias, layout, eps, Norms.stats(NnUtil.doubles(x), layout, eps));
    }

    /** {@code groupNorm} with eps 1e-5. */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias) {
        return groupNorm(x, groups, weight, bias, NORM_EPS);
    }

    private static void checkPerChannel(String op, String what, Tensor t, int c, Tensor x) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException(op + ": expected " + what + " [" + c + "] (one per channel of input "
                    + Shape.str(x.shapeRef()) + "), got " + Shape.str(t.shapeRef()));
        }
    }
}
