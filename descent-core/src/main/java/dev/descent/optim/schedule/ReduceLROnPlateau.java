package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/**
 * Reduces the lr by {@code factor} when a metric has stopped improving for more than {@code
 * patience} epochs; exactly PyTorch's {@code ReduceLROnPlateau}. Call {@link #step(double)} with the
 * validation metric after each epoch.
 * <pre>
 *   better:  min/rel a < best·(1 − threshold);  min/abs a < best − threshold;
 *            max/rel a > best·(1 + threshold);  max/abs a > best + threshold
 *   bad epochs count up unless better; during cooldown they are reset;
 *   when bad > patience: lr ← max(lr·factor, minLr) if that changes lr by more than eps; cooldown starts.
 * </pre>
 */
public final class ReduceLROnPlateau {
    /** Whether lower or higher metrics are better. */
    public enum Mode { MIN, MAX }

    /** Relative or absolute improvement threshold. */
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    /** PyTorch's defaults: min, factor 0.1, patience 10, threshold 1e-4 rel, cooldown 0, min lr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /** Every option of PyTorch's {@code ReduceLROnPlateau}; {@code minLr} applies to every group. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
            ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        if (factor >= 1.0) {
            throw new IllegalArgumentException("Factor should be < 1.0, got " + factor);
        }
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLrs = new double[optimizer.groups().size()];
        java.util.Arrays.fill(minLrs, minLr);
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private boolean isBetter(double a) {
        if (mode == Mode.MIN && thresholdMode == ThresholdMode.REL) {
            return a < best * (1. - threshold);
        } else if (mode == Mode.MIN) {
            return a < best - threshold;
        } else if (thresholdMode == ThresholdMode.REL) {
            return a > best * (threshold + 1.);
        }
        return a > best + threshold;
    }

    /** Records one epoch's metric and reduces the lr if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            for (int i = 0; i < minLrs.length; i++) {
                double old = optimizer.group(i).lr();
                double lr = Math.max(old * factor, minLrs[i]);
                if (old - lr > eps) {
                    optimizer.group(i).setLr(lr);
                }
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
    }

    /** The best metric so far. */
    public double best() {
        return best;
    }

    /** Epochs counted by {@link #step(double)}. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The learning rate of the first group. */
    public double lr() {
        return optimizer.group(0).lr();
    }
}
