package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov and Hutter 2017, without restarts), PyTorch's recursive form:
 * <pre>
 *   lr_e = η_min + (lr_{e−1} − η_min)·(1 + cos(πe/T)) / (1 + cos(π(e−1)/T))
 *   lr_e = lr_{e−1} + (base − η_min)·(1 − cos(π/T))/2      when (e − 1 − T) mod 2T = 0
 * </pre>
 * which equals the closed form η_min + (base − η_min)(1 + cos(πe/T))/2 while nothing else changes the
 * lr. It is periodic with period 2T: after T it rises again (it does not clamp at η_min).
 */
public final class CosineAnnealingLR extends LrScheduler {
    private final int tMax;
    private final double etaMin;

    /** PyTorch's {@code CosineAnnealingLR(optimizer, T_max, eta_min)}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) {
            throw new IllegalArgumentException("Invalid T_max: " + tMax + " (must be > 0)");
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    /** With η_min = 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            double lr = groupLr(i);
            if (lastEpoch == 0) {
                out[i] = lr;
            } else if (stepCount == 1 && lastEpoch > 0) {
                out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                out[i] = lr + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                out[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        }
        return out;
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        }
        return out;
    }
}
