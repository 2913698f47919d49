package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/**
 * SGDR (Loshchilov and Hutter 2017): lr = η_min + (base − η_min)(1 + cos(π·T_cur/T_i))/2; each step
 * T_cur += 1, and when T_cur ≥ T_i: T_cur −= T_i, T_i ·= T_mult. {@link #step(double)} accepts
 * fractional epochs (call it per batch with {@code epoch + batch/batches}).
 */
public final class CosineAnnealingWarmRestarts extends LrScheduler {
    private final int t0;
    private final int tMult;
    private final double etaMin;
    private double tI;
    private double tCur;

    /** PyTorch's {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult, eta_min)}. */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 <= 0) {
            throw new IllegalArgumentException("Expected positive integer T_0, but got " + t0);
        }
        if (tMult < 1) {
            throw new IllegalArgumentException("Expected integer T_mult >= 1, but got " + tMult);
        }
        this.t0 = t0;
        this.tI = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tCur = -1;
        initialStep();
    }

    /** With T_mult = 1 and η_min = 0. */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
        this(optimizer, t0, 1, 0);
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        }
        return out;
    }

    @Override
    public void step() {
        if (lastEpoch < 0) {
            step(0.0);
            return;
        }
        stepCount++;
        tCur = tCur + 1;
        if (tCur >= tI) {
            tCur = tCur - tI;
            tI = tI * tMult;
        }
        lastEpoch = lastEpoch + 1;
        apply(computeLr());
    }

    @Override
    public void step(int epoch) {
        step((double) epoch);
    }

    /** Jumps to a (possibly fractional) epoch. */
    public void step(double epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("Expected non-negative epoch, but got " + epoch);
        }
        stepCount++;
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
            } else {
                int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * Math.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = (int) Math.floor(epoch);
        apply(computeLr());
    }
}
