package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/** lr = base·γ^⌊e/stepSize⌋, applied recursively: lr ← lr·γ whenever e is a positive multiple of stepSize. */
public final class StepLR extends LrScheduler {
    private final int stepSize;
    private final double gamma;

    /** PyTorch's {@code StepLR(optimizer, step_size, gamma)}. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) {
            throw new IllegalArgumentException("Invalid step_size: " + stepSize + " (must be > 0)");
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    /** With PyTorch's default γ = 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lastEpoch == 0 || lastEpoch % stepSize != 0 ? groupLr(i) : groupLr(i) * gamma;
        }
        return out;
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseLrs[i] * Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize));
        }
        return out;
    }
}
