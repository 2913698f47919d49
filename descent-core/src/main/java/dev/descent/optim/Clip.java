package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, in place on {@code param.grad()}, as {@code torch.nn.utils.clip_grad_norm_} and
 * {@code clip_grad_value_}. Parameters without a gradient are skipped.
 */
public final class Clip {
    private Clip() {}

    /** The ∞ norm type. */
    public static final double INF = Double.POSITIVE_INFINITY;

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm and no error on NaN. */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    /**
     * Scales all gradients together so that their joint norm is at most {@code maxNorm}:
     * <pre>
     *   total = ‖(‖g_1‖_p, …, ‖g_n‖_p)‖_p          (p = ∞: max |g|)
     *   coef  = min(maxNorm / (total + 1e-6), 1);   g_i ← g_i·coef
     * </pre>
     * The 1e-6 is PyTorch's: the clipped norm is slightly below maxNorm. The multiplication always
     * happens (no branch), so a NaN total makes every gradient NaN unless {@code errorIfNonfinite}.
     *
     * @return the total norm before clipping
     */
    public static double clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("Invalid norm type: " + normType + " (must be > 0, or Clip.INF)");
        }
        List<Tensor> grads = grads(params);
        if (grads.isEmpty()) {
            return 0.0;
        }
        double total = 0;
        if (normType == INF) {
            for (Tensor g : grads) {
                total = nanMax(total, norm(g, INF));
            }
        } else {
            for (Tensor g : grads) {
                total += Math.pow(norm(g, normType), normType);
            }
            total = normType == 2 ? Math.sqrt(total) : normType == 1 ? total : Math.pow(total, 1.0 / normType);
        }
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new ArithmeticException("The total norm of order " + normType + " for gradients is non-finite, so it "
                    + "cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, "
                    + "pass errorIfNonfinite = false");
        }
        double coef = maxNorm / (total + 1e-6);
        double clamped = coef > 1.0 ? 1.0 : coef;
        for (Tensor g : grads) {
            scale(g, clamped);
        }
        return total;
    }

    /** Clamps every gradient element into [−clipValue, clipValue]. */
    public static void clipGradValue(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("Invalid clip value: " + clipValue + " (must be >= 0)");
        }
        for (Tensor g : grads(params)) {
            g.detach().clamp_(-clipValue, clipValue);
        }
    }

    private static List<Tensor> grads(Iterable<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                out.add(p.grad());
            }
        }
        return out;
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    /** ‖g‖_p accumulated in float64. */
    static double norm(Tensor g, double p) {
        Tensor c = g.isContiguous() ? g : g.contiguous();
        int n = c.numel();
        int o = c.offset();
        float[] f = c.dtype() == DType.FLOAT32 ? c.storage().floats() : null;
        double[] d = f == null ? c.storage().doubles() : null;
        double acc = 0;
        for (int i = 0; i < n; i++) {
            double v = Math.abs(f != null ? f[o + i] : d[o + i]);
            if (p == INF) {
                acc = nanMax(acc, v);
            } else if (p == 2) {
                acc += v * v;
            } else if (p == 1) {
                acc += v;
            } else {
                acc += Math.pow(v, p);
            }
        }
        if (p == INF || p == 1) {
            return acc;
        }
        return p == 2 ? Math.sqrt(acc) : Math.pow(acc, 1.0 / p);
    }

    private static void scale(Tensor g, double c) {
        if (!g.isContiguous()) {
            g.detach().mul_(c);
            return;
        }
        int n = g.numel();
        int o = g.offset();
        if (g.dtype() == DType.FLOAT32) {
            float[] f = g.storage().floats();
            float cf = (float) c;
            for (int i = 0; i < n; i++) {
                f[o + i] *= cf;
            }
        } else {
            double[] d = g.storage().doubles();
            for (int i = 0; i < n; i++) {
                d[o + i] *= c;
            }
        }
        g.storage().bumpVersion();
    }
}
