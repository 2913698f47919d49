package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Loss functions of {@code torch.nn.functional}, numerically stable and fused: each computes its
 * per-element loss in one pass (in double) and has a closed-form backward, run as one fused pass
 * without a graph and as tensor ops under {@code createGraph} (so Hessians of small nets work).
 * The default reduction is {@link Reduction#MEAN}, as in PyTorch.
 *
 * <p>Where Descent differs: the regression losses require {@code input} and {@code target} of the
 * same shape. PyTorch broadcasts them with a warning, which turns {@code [N, 1]} vs {@code [N]} into
 * an {@code [N, N]} loss; here that is an error that says so.
 */
public final class Losses {
    private Losses() {}

    /** PyTorch's default {@code ignore_index}. */
    public static final int IGNORE_INDEX = -100;

    // ---------------------------------------------------------------- class losses (see CrossEntropy)

    /** {@link #crossEntropy(Tensor, Tensor, Tensor, int, double, Reduction)} with PyTorch's defaults. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return CrossEntropy.crossEntropy(logits, target, null, IGNORE_INDEX, 0.0, Reduction.MEAN);
    }

    /**
     * Cross entropy of softmax(logits) against class indices or class probabilities, as
     * {@code torch.nn.functional.cross_entropy}. With {@code log p = log_softmax(logits)} over the
     * class dim 1, class weights {@code w} (1 if null), smoothing {@code ε} and {@code C} classes,
     * the loss of sample {@code i} with class {@code y} is
     * <pre>
     *   ℓ_i = (1 − ε)·w_y·(−log p_y) + (ε/C)·Σ_c w_c·(−log p_c)       (0 when y = ignoreIndex)
     * </pre>
     * and MEAN divides {@code Σ ℓ_i} by {@code Σ w_{y_i}} over non-ignored samples (NaN when every
     * target is ignored: 0/0, as PyTorch). With probability targets {@code t} (same shape as the
     * logits) {@code ℓ_i = −Σ_c w_c·((1 − ε)·t_c + ε/C)·log p_c}, MEAN divides by the number of
     * samples, and the targets get a gradient. The gradient with respect to the logits is
     * {@code (Σ_c q_c)·p − q} with {@code q} the weights of {@code −log p} above.
     *
     * @param logits         {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}
     * @param target         class indices {@code [N]}, {@code [N, d1, ...]} or {@code []} holding integers,
     *                       or probabilities of the logits' shape
     * @param weight         class weights {@code [C]} or null (constant: no gradient)
     * @param ignoreIndex    class index whose targets are skipped (-100 by default)
     * @param labelSmoothing ε in [0, 1]
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, int ignoreIndex,
                                      double labelSmoothing, Reduction reduction) {
        return CrossEntropy.crossEntropy(logits, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** {@link #nllLoss(Tensor, Tensor, Tensor, int, Reduction)} with PyTorch's defaults. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target) {
        return CrossEntropy.nllLoss(logProbs, target, null, IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood of class indices given log-probabilities, as
     * {@code torch.nn.functional.nll_loss}: {@code ℓ_i = −w_{y_i}·logProbs[i, y_i]}, 0 for ignored
     * targets; MEAN divides by {@code Σ w_{y_i}} over the non-ignored targets.
     */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        return CrossEntropy.nllLoss(logProbs, target, weight, ignoreIndex, reduction);
    }

    // ---------------------------------------------------------------- regression losses

    /** Mean squared error: {@code ℓ = (x − y)²}. */
    public static Tensor mse(Tensor input, Tensor target) {
        return mse(input, target, Reduction.MEAN);
    }

    /** Squared error {@code ℓ = (x − y)²} with the given reduction. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        return pointwise("mse", Kind.MSE, 0, input, target, reduction);
    }

    /** Mean absolute error: {@code ℓ = |x − y|} (gradient sign(x − y), 0 at 0). */
    public static Tensor l1(Tensor input, Tensor target) {
        return l1(input, target, Reduction.MEAN);
    }

    /** Absolute error {@code ℓ = |x − y|} with the given reduction. */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        return pointwise("l1", Kind.L1, 0, input, target, reduction);
    }

    /**
     * Huber loss, as {@code torch.nn.functional.huber_loss}: with {@code d = x − y},
     * {@code ℓ = d²/2} for {@code |d| < δ}, else {@code δ·(|d| − δ/2)}. It equals
     * {@code δ·smoothL1(β = δ)}. Default δ = 1.
     */
    public static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        return pointwise("huber", Kind.HUBER, delta, input, target, reduction);
    }

    /**
     * Smooth L1 loss, as {@code torch.nn.functional.smooth_l1_loss}: with {@code d = x − y},
     * {@code ℓ = d²/(2β)} for {@code |d| < β}, else {@code |d| − β/2}; {@code β = 0} is the L1 loss.
     * It equals {@code huber(δ = β)/β}. Default β = 1.
     */
    public static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction reduction) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("smoothL1: beta must be non-negative, got " + beta);
        }
        return beta == 0 ? l1(input, target, reduction) : pointwise("smoothL1", Kind.SMOOTH_L1, beta, input, target, reduction);
    }

    private enum Kind { MSE, L1, HUBER, SMOOTH_L1 }

    private static double loss(Kind kind, double p, double d) {
        double a = Math.abs(d);
        return switch (kind) {
            case MSE -> d * d;
            case L1 -> a;
            case HUBER -> a < p ? 0.5 * d * d : p * (a - 0.5 * p);
            case SMOOTH_L1 -> a < p ? 0.5 * d * d / p : a - 0.5 * p;
        };
    }

    /** dℓ/dd. */
    private static double slope(Kind kind, double p, double d) {
        return switch (kind) {
            case MSE -> 2 * d;
            case L1 -> Math.signum(d);
            case HUBER -> Math.max(-p, Math.min(p, d));
            case SMOOTH_L1 -> Math.max(-1, Math.min(1, d / p));
        };
    }

    private static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(input.shapeRef()) + " and target "
                    + Shape.str(target.shapeRef()) + " differ in shape; PyTorch would broadcast them (with a warning),"
                    + " which is almost always a bug: reshape or expand one of them explicitly");
        }
    }

    private static Tensor pointwise(String op, Kind kind, double p, Tensor input, Tensor target, Reduction reduction) {
        checkSameShape(op, input, target);
        DType dt = NnUtil.promote(input, target);
        input = input.to(dt);
        target = target.to(dt);
        double[] x = NnUtil.doubles(input);
        double[] y = NnUtil.doubles(target);
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = loss(kind, p, x[i] - y[i]);
        }
        Tensor elem = NnUtil.tensor(l, dt, input.shape());
        if (NnUtil.recording(input, target)) {
            elem.withGradFn(new PointwiseBackward(input, target, kind, p));
        }
        return reduce(elem, reduction);
    }

    static Tensor reduce(Tensor elem, Reduction reduction) {
        return switch (reduction) {
            case NONE -> elem;
            case SUM -> elem.sum();
            case MEAN -> elem.mean();
        };
    }

    /** dℓ/dx = g·ℓ'(x − y) = −dℓ/dy. */
    static final class PointwiseBackward extends Node {
        private final Saved x;
        private final Saved y;
        private final Kind kind;
        private final double p;

        PointwiseBackward(Tensor x, Tensor y, Kind kind, double p) {
            super(x, y);
            this.kind = kind; // before save(): it calls name(), which reads kind
            this.p = p;
            this.x = save(x);
            this.y = save(y);
        }

        @Override
        public String name() {
            return switch (kind) {
                case MSE -> "MseLossBackward";
                case L1 -> "L1LossBackward";
                case HUBER -> "HuberLossBackward";
                case SMOOTH_L1 -> "SmoothL1LossBackward";
            };
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gd;
            if (GradMode.isEnabled()) {
                Tensor d = x.get().sub(y.get());
                Tensor local = switch (kind) {
                    case MSE -> d.mul(2.0);
                    case L1 -> d.sign();
                    case HUBER -> d.clamp(-p, p);
                    case SMOOTH_L1 -> d.clamp(-p, p).mul(1.0 / p);
                };
                gd = g.mul(local);
            } else {
                double[] xv = NnUtil.doubles(x.get().detach());
                double[] yv = NnUtil.doubles(y.get().detach());
                double[] gv = NnUtil.doubles(g.contiguous());
                double[] out = new double[xv.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = gv[i] * slope(kind, p, xv[i] - yv[i]);
                }
                gd = NnUtil.tensor(out, g.dtype(), g.shapeRef());
            }
            return new Tensor[] {needsGrad(0) ? gd : null, needsGrad(1) ? gd.neg() : null};
        }
    }

    // ---------------------------------------------------------------- binary cross entropy with logits

    /** {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)} without weights, mean. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
        return binaryCrossEntropyWithLogits(logits, targets, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross entropy of sigmoid(x) against targets y ∈ [0, 1], as
     * {@code torch.nn.functional.binary_cross_entropy_with_logits}, in the stable form
     * <pre>
     *   ℓ = (1 − y)·x + (1 + (pw − 1)·y)·softplus(−x),   softplus(−x) = log(1 + e^(−|x|)) + max(−x, 0)
     * </pre>
     * which for {@code pw = 1} is {@code max(x, 0) − x·y + log(1 + e^(−|x|))}; then multiplied by
     * {@code weight}. Gradients: {@code dℓ/dx = (1 − y) − (1 + (pw − 1)·y)·σ(−x)} (that is σ(x) − y
     * without pos_weight), {@code dℓ/dy = −x + (pw − 1)·softplus(−x)}, {@code dℓ/dpw = y·softplus(−x)}.
     *
     * @param weight    per-element rescaling, broadcast to the logits, or null
     * @param posWeight weight of positive examples, broadcast to the logits (typically {@code [C]}), or null
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        String op = "binaryCrossEntropyWithLogits";
        if (!Arrays.equals(logits.shapeRef(), targets.shapeRef())) {
            throw new IllegalArgumentException(op + ": target size " + Shape.str(targets.shapeRef())
                    + " must be the same as input size " + Shape.str(logits.shapeRef()));
        }
        for (Tensor t : new Tensor[] {weight, posWeight}) {
            if (t != null && !Arrays.equals(Shape.broadcast(op, logits.shapeRef(), t.shapeRef()), logits.shapeRef())) {
                throw new IllegalArgumentException(op + ": " + (t == weight ? "weight " : "posWeight ")
                        + Shape.str(t.shapeRef()) + " must broadcast to the input " + Shape.str(logits.shapeRef()));
            }
        }
        DType dt = NnUtil.promote(logits, targets, posWeight);
        logits = logits.to(dt);
        targets = targets.to(dt);
        posWeight = NnUtil.to(posWeight, dt);
        double[] x = NnUtil.doubles(logits);
        double[] y = NnUtil.doubles(targets);
        double[] pw = posWeight == null ? null : expanded(posWeight, logits.shapeRef());
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) {
            double lw = pw == null ? 1.0 : 1.0 + (pw[i] - 1.0) * y[i];
            l[i] = (1.0 - y[i]) * x[i] + lw * softplusNeg(x[i]);
        }
        Tensor elem = NnUtil.tensor(l, dt, logits.shape());
        if (NnUtil.recording(logits, targets, posWeight)) {
            elem.withGradFn(new BceWithLogitsBackward(logits, targets, posWeight));
        }
        return reduce(weight == null ? elem : elem.mul(weight), reduction);
    }

    /** log(1 + e^(−x)) without overflow. */
    private static double softplusNeg(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0.0);
    }

    private static double[] expanded(Tensor t, int[] shape) {
        return Dispatch.contiguous(t.detach().expand(shape)).toDoubleArray();
    }

    static final class BceWithLogitsBackward extends Node {
        private final Saved x;
        private final Saved y;
        private final Saved pw;
        private final int[] pwShape;

        BceWithLogitsBackward(Tensor x, Tensor y, Tensor pw) {
            super(x, y, pw);
            this.x = save(x);
            this.y = save(y);
            this.pw = pw == null ? null : save(pw);
            this.pwShape = pw == null ? null : pw.shapeRef();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return GradMode.isEnabled() ? withGraph(g) : fused(g);
        }

        private Tensor[] withGraph(Tensor g) {
            Tensor xv = x.get();
            Tensor yv = y.get();
            Tensor pwv = pw == null ? null : pw.get();
            // softplus(−x) = relu(−x) + log1p(e^(−|x|)), the stable form, as tensor ops
            Tensor sp = xv.neg().relu().add(xv.abs().neg().exp().log1p());
            Tensor gx = null;
            Tensor gy = null;
            Tensor gp = null;
            if (needsGrad(0)) {
                Tensor lw = pwv == null ? null : pwv.sub(1.0).mul(yv).add(1.0);
                Tensor sigNeg = xv.neg().sigmoid();
                gx = g.mul(yv.rsub(1.0).sub(lw == null ? sigNeg : lw.mul(sigNeg)));
            }
            if (needsGrad(1)) {
                Tensor local = xv.neg();
                if (pwv != null) {
                    local = local.add(pwv.sub(1.0).mul(sp));
                }
                gy = g.mul(local);
            }
            if (needsGrad(2)) {
                gp = Grads.reduceTo(g.mul(yv).mul(sp), pwShape, null);
            }
            return new Tensor[] {gx, gy, gp};
        }

        private Tensor[] fused(Tensor g) {
            double[] xv = NnUtil.doubles(x.get().detach());
            double[] yv = NnUtil.doubles(y.get().detach());
            double[] gv = NnUtil.doubles(g.contiguous());
            int[] shape = g.shapeRef();
            double[] pv = pw == null ? null : expanded(pw.get(), shape);
            int n = xv.length;
            double[] gx = needsGrad(0) ? new double[n] : null;
            double[] gy = needsGrad(1) ? new double[n] : null;
            double[] gp = needsGrad(2) ? new double[n] : null;
            for (int i = 0; i < n; i++) {
                double xi = xv[i];
                double sp = softplusNeg(xi);
                double sigNeg = xi >= 0 ? Math.exp(-xi) / (1.0 + Math.exp(-xi)) : 1.0 / (1.0 + Math.exp(xi));
                double pwi = pv == null ? 1.0 : pv[i];
                if (gx != null) {
                    gx[i] = gv[i] * ((1.0 - yv[i]) - (1.0 + (pwi - 1.0) * yv[i]) * sigNeg);
                }
                if (gy != null) {
                    gy[i] = gv[i] * (-xi + (pwi - 1.0) * sp);
                }
                if (gp != null) {
                    gp[i] = gv[i] * yv[i] * sp;
                }
            }
            DType dt = g.dtype();
            return new Tensor[] {
                gx == null ? null : NnUtil.tensor(gx, dt, shape),
                gy == null ? null : NnUtil.tensor(gy, dt, shape),
                gp == null ? null : Grads.reduceTo(NnUtil.tensor(gp, dt, shape), pwShape, null)
            };
        }
    }
}
