package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/** lr = base·γ^e, applied recursively: lr ← lr·γ every step after construction. */
public final class ExponentialLR extends LrScheduler {
    private final double gamma;

    /** PyTorch's {@code ExponentialLR(optimizer, gamma)}. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lastEpoch == 0 ? groupLr(i) : groupLr(i) * gamma;
        }
        return out;
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseLrs[i] * Math.pow(gamma, lastEpoch);
        }
        return out;
    }
}
