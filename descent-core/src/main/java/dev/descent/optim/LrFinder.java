package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The learning-rate range test (Smith 2017, "Cyclical Learning Rates", §3.3; fastai's lr_find): the
 * lr rises exponentially from {@code minLr} to {@code maxLr} over {@code steps} optimizer steps
 * while the loss is recorded; the test stops early when the smoothed loss exceeds 4× the best one
 * or becomes non-finite. Afterwards the parameters, the optimizer state and the learning rates are
 * restored exactly, so the run leaves no trace.
 * <pre>{@code
 * LrFinder.Result r = LrFinder.run(optimizer, () -> {
 *     optimizer.zeroGrad();
 *     Tensor loss = Losses.crossEntropy(model.call(x), y);
 *     loss.backward();
 *     return loss;
 * }, 1e-7, 10, 100);
 * optimizer.setLr(r.steepest());
 * }</pre>
 * Smoothing: avg ← β·avg + (1 − β)·loss, smoothed = avg/(1 − β^k), β = 0.98. Suggestions: the lr
 * where the smoothed loss falls fastest against log lr ({@link Result#steepest()}), and the lr of the
 * minimum smoothed loss divided by 10 ({@link Result#minOver10()}).
 */
public final class LrFinder {
    /** Smoothing factor of the loss. */
    public static final double BETA = 0.98;
    /** The test stops when the smoothed loss exceeds this multiple of the best. */
    public static final double DIVERGENCE = 4.0;

    private LrFinder() {}

    /**
     * The recorded curve and the suggestions.
     *
     * @param lrs        learning rate of each step
     * @param losses     loss returned by the closure at each step (before that step's update)
     * @param smoothed   bias-corrected exponential moving average of the losses
     * @param steepest   lr of the steepest descent of the smoothed curve against log lr
     * @param minOver10  lr of the minimum smoothed loss, divided by 10
     * @param stopReason why the test ended
     */
    public record Result(double[] lrs, double[] losses, double[] smoothed, double steepest, double minOver10,
            String stopReason) {
        @Override
        public String toString() {
            return "LrFinder.Result[" + lrs.length + " steps, steepest=" + steepest + ", minOver10=" + minOver10
                    + ", stop: " + stopReason + "]";
        }
    }

    /** Runs the range test; see the class comment. The optimizer must not be L-BFGS. */
    public static Result run(Optimizer optimizer, Closure loss, double minLr, double maxLr, int steps) {
        if (!(minLr > 0 && maxLr > minLr)) {
            throw new IllegalArgumentException("Invalid lr range: " + minLr + " to " + maxLr + " (need 0 < minLr < maxLr)");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("Invalid number of steps: " + steps + " (must be >= 2)");
        }
        if (optimizer.algorithm().needsClosure()) {
            throw new IllegalArgumentException("the range test needs a per-step optimizer, not "
                    + optimizer.algorithm().name());
        }
        List<NamedParameter> params = optimizer.parameters();
        List<Tensor> saved = new ArrayList<>();
        for (NamedParameter np : params) {
            saved.add(np.param().detach().clone());
        }
        StateDict state = optimizer.stateDict();
        double[] lrs = new double[steps];
        double[] losses = new double[steps];
        double[] smooth = new double[steps];
        int n = 0;
        String reason = "reached maxLr";
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        try {
            for (int i = 0; i < steps; i++) {
                double lr = minLr * Math.pow(maxLr / minLr, (double) i / (steps - 1));
                optimizer.setLr(lr);
                double l;
                try {
                    l = optimizer.step(loss).item();
                } catch (NonFiniteException e) {
                    reason = "non-finite gradient or parameter at lr " + lr;
                    break;
                }
                lrs[n] = lr;
                losses[n] = l;
                avg = BETA * avg + (1 - BETA) * l;
                double s = avg / (1 - Math.pow(BETA, n + 1));
                smooth[n] = s;
                n++;
                if (!Double.isFinite(l) || !Double.isFinite(s)) {
                    reason = "non-finite loss at lr " + lr;
                    break;
                }
                if (n > 1 && s > DIVERGENCE * best) {
                    reason = "smoothed loss above " + DIVERGENCE + "x the best at lr " + lr;
                    break;
                }
                best = Math.min(best, s);
            }
        } finally {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).param().detach().copy_(saved.get(i));
                params.get(i).param().setGrad(null);
            }
            optimizer.loadStateDict(state);
        }
        double[] l = Arrays.copyOf(lrs, n);
        double[] sm = Arrays.copyOf(smooth, n);
        return new Result(l, Arrays.copyOf(losses, n), sm, steepest(l, sm), minOver10(l, sm), reason);
    }

    /** lr where d(smoothed)/d(log lr) is most negative (central differences, one-sided at the ends). */
    static double steepest(double[] lrs, double[] s) {
        int n = lrs.length;
        if (n < 2) {
            return n == 1 ? lrs[0] : Double.NaN;
        }
        double bestSlope = Double.POSITIVE_INFINITY;
        int at = 0;
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - 1);
            int b = Math.min(n - 1, i + 1);
            double slope = (s[b] - s[a]) / (Math.log(lrs[b]) - Math.log(lrs[a]));
            if (slope < bestSlope) {
                bestSlope = slope;
                at = i;
            }
        }
        return lrs[at];
    }

    static double minOver10(double[] lrs, double[] s) {
        if (lrs.length == 0) {
            return Double.NaN;
        }
        int at = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] < s[at]) {
                at = i;
            }
        }
        return lrs[at] / 10;
    }
}
