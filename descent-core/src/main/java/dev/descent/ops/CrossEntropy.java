package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross entropy (fused log-softmax + NLL) and NLL loss; the public entry points are in
 * {@link Losses}. Inputs are viewed as {@code [N, C, S]} (class dim 1, trailing dims flattened;
 * a 1-D input is one sample) and targets as {@code [N, S]}.
 *
 * <p>Every variant of cross entropy is {@code ℓ_i = −Σ_c q_ic·log p_ic} for some non-negative
 * {@code q} that does not depend on the logits (class indices with weights, ignore index and label
 * smoothing, or probabilities), so its gradient is {@code (Σ_c q_ic)·p_i − q_i} times the incoming
 * gradient of {@code ℓ_i}. That one formula is the fused backward and, as tensor ops, the
 * differentiable one.
 */
final class CrossEntropy {
    private CrossEntropy() {}

    /** The {@code [N, C, S]} view of an input and the shape of its per-sample losses. */
    private record Layout(int n, int c, int s, int[] sampleShape) {
        static Layout of(String op, Tensor input) {
            int[] sh = input.shapeRef();
            if (sh.length == 0) {
                throw new IllegalArgumentException(op + ": expected input [N, C, *] or [C], got a scalar");
            }
            if (sh.length == 1) {
                return new Layout(1, sh[0], 1, new int[0]);
            }
            int[] sample = new int[sh.length - 1];
            sample[0] = sh[0];
            System.arraycopy(sh, 2, sample, 1, sh.length - 2);
            return new Layout(sh[0], sh[1], NnUtil.prod(sh, 2, sh.length), sample);
        }

        int samples() {
            return n * s;
        }

        /** Flat index of (sample i = n·S + s, class c) in the contiguous input. */
        int at(int i, int cls) {
            return ((i / s) * c + cls) * s + i % s;
        }
    }

    /** Class targets: the index per sample, or -1 for ignored ones; and the weight total. */
    private record Targets(int[] cls, double[] w, double weightSum) {}

    private static Targets classTargets(String op, Tensor input, Tensor target, Layout l, double[] weight,
                                        int ignoreIndex) {
        if (!Arrays.equals(target.shapeRef(), l.sampleShape())) {
            int[] probs = input.shapeRef();
            throw new IllegalArgumentException(op + ": expected target " + Shape.str(l.sampleShape())
                    + " (class indices)" + (op.equals("crossEntropy") ? " or " + Shape.str(probs) + " (class probabilities)" : "")
                    + " for input " + Shape.str(input.shapeRef()) + ", got " + Shape.str(target.shapeRef()));
        }
        int[] y = NnUtil.indices(op, "target", target);
        double[] w = new double[y.length];
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == ignoreIndex) {
                y[i] = -1;
                continue;
            }
            if (y[i] < 0 || y[i] >= l.c()) {
                throw new IndexOutOfBoundsException(op + ": target " + y[i] + " at position " + i + " is out of bounds for "
                        + l.c() + " classes (input " + Shape.str(input.shapeRef()) + "); use class indices in [0, "
                        + l.c() + ") or ignoreIndex " + ignoreIndex);
            }
            w[i] = weight == null ? 1.0 : weight[y[i]];
            total += w[i];
        }
        return new Targets(y, w, total);
    }

    private static double[] classWeights(String op, Tensor weight, int c) {
        if (weight == null) {
            return null;
        }
        if (weight.dim() != 1 || weight.size(0) != c) {
            throw new IllegalArgumentException(op + ": expected class weights [" + c + "], got " + Shape.str(weight.shapeRef()));
        }
        return weight.toDoubleArray();
    }

    // ---------------------------------------------------------------- cross entropy

    static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, int ignoreIndex, double eps,
                               Reduction reduction) {
        String op = "crossEntropy";
        if (!(eps >= 0 && eps <= 1)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be between 0.0 and 1.0, got " + eps);
        }
        Layout l = Layout.of(op, logits);
        double[] w = classWeights(op, weight, l.c());
        boolean probs = Arrays.equals(target.shapeRef(), logits.shapeRef());
        Targets t = null;
        if (probs) {
            if (ignoreIndex >= 0) {
                throw new IllegalArgumentException(op + ": ignoreIndex " + ignoreIndex
                        + " is not supported with probability targets (target has the shape of the input "
                        + Shape.str(logits.shapeRef()) + ")");
            }
            DType dt = NnUtil.promote(logits, target);
            logits = logits.to(dt);
            target = target.to(dt);
        } else {
            t = classTargets(op, logits, target, l, w, ignoreIndex);
        }
        double[] z = NnUtil.doubles(logits);
        double[] tv = probs ? NnUtil.doubles(target) : null;
        int samples = l.samples();
        double[] loss = new double[samples];
        double total = 0;
        double sumW = 0;
        if (w != null) {
            for (double v : w) {
                sumW += v;
            }
        } else {
            sumW = l.c();
        }
        for (int i = 0; i < samples; i++) {
            if (!probs && t.cls()[i] < 0) {
                continue;
            }
            double lse = logSumExp(z, l, i);
            double li = 0;
            if (probs) {
                for (int c = 0; c < l.c(); c++) {
                    double q = (w == null ? 1.0 : w[c]) * ((1 - eps) * tv[l.at(i, c)] + eps / l.c());
                    li += q * (lse - z[l.at(i, c)]);
                }
            } else {
                int y = t.cls()[i];
                li = (1 - eps) * t.w()[i] * (lse - z[l.at(i, y)]);
                if (eps > 0) {
                    double smooth = 0;
                    for (int c = 0; c < l.c(); c++) {
                        smooth += (w == null ? 1.0 : w[c]) * (lse - z[l.at(i, c)]);
                    }
                    li += eps / l.c() * smooth;
                }
            }
            loss[i] = li;
            total += li;
        }
        // MEAN divides by the total weight of the counted targets (the number of samples for probabilities).
        double denom = probs ? samples : t.weightSum();
        Tensor out = switch (reduction) {
            case NONE -> NnUtil.tensor(loss, logits.dtype(), l.sampleShape());
            case SUM -> NnUtil.tensor(new double[] {total}, logits.dtype());
            case MEAN -> NnUtil.tensor(new double[] {total / denom}, logits.dtype());
        };
        if (NnUtil.recording(logits, probs ? target : null)) {
            out.withGradFn(new CrossEntropyBackward(logits, probs ? target : null, t, w, sumW, eps, reduction, denom, l));
        }
        return out;
    }

    private static double logSumExp(double[] z, Layout l, int i) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < l.c(); c++) {
            max = Math.max(max, z[l.at(i, c)]);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double s = 0;
        for (int c = 0; c < l.c(); c++) {
            s += Math.exp(z[l.at(i, c)] - max);
        }
        return max + Math.log(s);
    }

    static final class CrossEntropyBackward extends Node {
        private final Saved logits;
        private final Saved target;
        private final Targets t;
        private final double[] w;
        private final double sumW;
        private final double eps;
        private final Reduction reduction;
        private final double denom;
        private final Layout l;
        private final int[] logitShape;
        private final int[] targetShape;

        CrossEntropyBackward(Tensor logits, Tensor target, Targets t, double[] w, double sumW, double eps,
                             Reduction reduction, double denom, Layout l) {
            super(logits, target);
            this.logits = save(logits);
            this.target = target == null ? null : save(target);
            this.targetShape = target == null ? null : target.shapeRef();
            this.logitShape = logits.shapeRef();
            this.t = t;
            this.w = w;
            this.sumW = sumW;
            this.eps = eps;
            this.reduction = reduction;
            this.denom = denom;
            this.l = l;
        }

        /** 1/denominator for MEAN; 0 when nothing was counted, so that the gradient is 0 as in PyTorch. */
        private double meanScale() {
            return denom == 0 ? 0.0 : 1.0 / denom;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return GradMode.isEnabled() ? withGraph(g) : fused(g);
        }

        private Tensor[] fused(Tensor g) {
            double[] z = NnUtil.doubles(logits.get().detach());
            double[] tv = target == null ? null : NnUtil.doubles(target.get().detach());
            double[] gv = NnUtil.doubles(g.contiguous());
            int c = l.c();
            double[] gz = needsGrad(0) ? new double[z.length] : null;
            double[] gt = needsGrad(1) ? new double[z.length] : null;
            double[] q = new double[c];
            for (int i = 0; i < l.samples(); i++) {
                int y = t == null ? 0 : t.cls()[i];
                if (y < 0) {
                    continue; // ignored: zero gradient
                }
                double gi = switch (reduction) {
                    case NONE -> gv[i];
                    case SUM -> gv[0];
                    case MEAN -> gv[0] * meanScale();
                };
                double lse = logSumExp(z, l, i);
                double a = 0;
                for (int k = 0; k < c; k++) {
                    double wk = w == null ? 1.0 : w[k];
                    q[k] = tv != null ? wk * ((1 - eps) * tv[l.at(i, k)] + eps / c) : wk * eps / c;
                    a += q[k];
                }
                if (tv == null) {
                    q[y] += (1 - eps) * t.w()[i];
                    a += (1 - eps) * t.w()[i];
                }
                for (int k = 0; k < c; k++) {
                    int at = l.at(i, k);
                    double logp = z[at] - lse;
                    if (gz != null) {
                        gz[at] = gi * (a * Math.exp(logp) - q[k]);
                    }
                    if (gt != null) {
                        gt[at] = -gi * (w == null ? 1.0 : w[k]) * (1 - eps) * logp;
                    }
                }
            }
            DType dt = g.dtype();
            return new Tensor[] {
                gz == null ? null : NnUtil.tensor(gz, dt, logitShape),
                gt == null ? null : NnUtil.tensor(gt, dt, targetShape)
            };
        }

        /** The same formula as tensor ops on the [N, C, S] view, so that it can be differentiated again. */
        private Tensor[] withGraph(Tensor g) {
            Tensor z = logits.get();
            DType dt = z.dtype();
            int c = l.c();
            Tensor z3 = z.reshape(l.n(), c, l.s());
            // Softmax is shift-invariant: subtracting a constant max changes no derivative.
            Tensor zs = z3.sub(rowMax(z, dt));
            Tensor logp = zs.sub(zs.exp().sum(1, true).log());
            Tensor w3 = w == null ? null : NnUtil.tensor(w.clone(), dt, 1, c, 1);
            Tensor q;
            if (target != null) {
                q = target.get().reshape(l.n(), c, l.s()).mul(1 - eps).add(eps / c);
                if (w3 != null) {
                    q = q.mul(w3);
                }
            } else {
                q = NnUtil.tensor(classQ(), dt, l.n(), c, l.s());
            }
            Tensor gi = switch (reduction) {
                case NONE -> g.reshape(l.n(), 1, l.s());
                case SUM -> g;
                case MEAN -> g.mul(meanScale());
            };
            Tensor gz = needsGrad(0) ? logp.exp().mul(q.sum(1, true)).sub(q).mul(gi).reshape(logitShape) : null;
            Tensor gt = null;
            if (needsGrad(1)) {
                Tensor local = w3 == null ? logp : logp.mul(w3);
                gt = local.mul(-(1 - eps)).mul(gi).reshape(targetShape);
            }
            return new Tensor[] {gz, gt};
        }

        /** Max over classes per sample, as a constant {@code [N, 1, S]} tensor. */
        private Tensor rowMax(Tensor z, DType dt) {
            double[] zv = NnUtil.doubles(z.detach());
            double[] m = new double[l.samples()];
            for (int i = 0; i < m.length; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < l.c(); k++) {
                    best = Math.max(best, zv[l.at(i, k)]);
                }
                m[i] = Double.isInfinite(best) ? 0.0 : best;
            }
            return NnUtil.tensor(m, dt, l.n(), 1, l.s());
        }

        /** The dense {@code q} of class targets: {@code (ε/C)·w_c + [c = y](1 − ε)·w_y}, zero rows for ignored samples. */
        private double[] classQ() {
            int c = l.c();
            double[] q = new double[l.samples() * c];
            for (int i = 0; i < l.samples(); i++) {
                int y = t.cls()[i];
                if (y < 0) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    q[l.at(i, k)] = (w == null ? 1.0 : w[k]) * eps / c;
                }
                q[l.at(i, y)] += (1 - eps) * t.w()[i];
            }
            return q;
        }
    }

    // ---------------------------------------------------------------- NLL

    static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        String op = "nllLoss";
        Layout l = Layout.of(op, logProbs);
        double[] w = classWeights(op, weight, l.c());
        Targets t = classTargets(op, logProbs, target, l, w, ignoreIndex);
        double[] x = NnUtil.doubles(logProbs);
        double[] loss = new double[l.samples()];
        double total = 0;
        for (int i = 0; i < loss.length; i++) {
            int y = t.cls()[i];
            if (y >= 0) {
                loss[i] = -t.w()[i] * x[l.at(i, y)];
                total += loss[i];
            }
        }
        DType dt = logProbs.dtype();
        Tensor out = switch (reduction) {
            case NONE -> NnUtil.tensor(loss, dt, l.sampleShape());
            case SUM -> NnUtil.tensor(new double[] {total}, dt);
            case MEAN -> NnUtil.tensor(new double[] {total / t.weightSum()}, dt);
        };
        return NnUtil.recording(logProbs) ? out.withGradFn(new NllBackward(logProbs, t, reduction, l)) : out;
    }

    /** d ℓ_i / d x[i, y_i] = −w_{y_i}: a constant sparse matrix times the per-sample gradient. */
    static final class NllBackward extends Node {
        private final Targets t;
        private final Reduction reduction;
        private final Layout l;
        private final int[] shape;
        private final DType dtype;

        NllBackward(Tensor x, Targets t, Reduction reduction, Layout l) {
            super(x);
            this.t = t;
            this.reduction = reduction;
            this.l = l;
            this.shape = x.shapeRef();
            this.dtype = x.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            double scale = reduction == Reduction.MEAN ? (t.weightSum() == 0 ? 0.0 : 1.0 / t.weightSum()) : 1.0;
            double[] m = new double[l.samples() * l.c()];
            for (int i = 0; i < l.samples(); i++) {
                if (t.cls()[i] >= 0) {
                    m[l.at(i, t.cls()[i])] = -t.w()[i] * scale;
                }
            }
            Tensor gi = reduction == Reduction.NONE ? g.reshape(l.n(), 1, l.s()) : g;
            return new Tensor[] {NnUtil.tensor(m, dtype, l.n(), l.c(), l.s()).mul(gi).reshape(shape)};
        }
    }
}
