package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/**
 * Linear warm-up (or decay) of the lr factor from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} steps: lr = base·(s + (end − s)·min(e, T)/T), applied recursively as PyTorch.
 */
public final class LinearLR extends LrScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's {@code LinearLR(optimizer, start_factor, end_factor, total_iters)}. */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (startFactor > 1.0 || startFactor <= 0) {
            throw new IllegalArgumentException("Invalid start_factor: " + startFactor + " (must be in (0, 1])");
        }
        if (endFactor > 1.0 || endFactor < 0) {
            throw new IllegalArgumentException("Invalid end_factor: " + endFactor + " (must be in [0, 1])");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: 1/3 → 1 over 5 steps. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            double lr = groupLr(i);
            if (lastEpoch == 0) {
                out[i] = lr * startFactor;
            } else if (lastEpoch > totalIters) {
                out[i] = lr;
            } else {
                out[i] = lr * (1. + (endFactor - startFactor)
                        / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
            }
        }
        return out;
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseLrs[i] * (startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters);
        }
        return out;
    }
}
