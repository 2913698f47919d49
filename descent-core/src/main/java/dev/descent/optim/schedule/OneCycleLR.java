package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;

/**
 * The 1cycle policy (Smith and Topin 2018), stepped once per batch, with momentum (or Adam's β1)
 * cycled inversely, exactly as PyTorch's {@code OneCycleLR}.
 *
 * <pre>
 *   initial = maxLr/divFactor, min = initial/finalDivFactor
 *   two phases:   [0, pct·T − 1]: initial → max, momentum max → base;  then up to T − 1: max → min,
 *                 momentum base → max
 *   three phases: initial → max, max → initial (ending at 2·pct·T − 2), initial → min
 *   cos anneal(a → z, p) = z + (a − z)/2·(cos πp + 1);  linear: (z − a)·p + a
 * </pre>
 * p = (e − phase start)/(phase end − phase start). Stepping past {@code totalSteps} raises, as in
 * PyTorch. The group's {@code momentum} is overwritten if it has one, else {@code beta1}.
 */
public final class OneCycleLR extends LrScheduler {
    /** Annealing shape. */
    public enum Anneal { COS, LINEAR }

    private final int totalSteps;
    private final double[] phaseEnd;
    private final String[] phaseStartLr;
    private final String[] phaseEndLr;
    private final String[] phaseStartMom;
    private final String[] phaseEndMom;
    private final Anneal anneal;
    private final boolean cycleMomentum;
    private final String momentumName;
    private final double[] initialLr;
    private final double[] maxLr;
    private final double[] minLr;
    private final double[] maxMomentum;
    private final double[] baseMomentum;

    /** PyTorch's defaults: pct_start 0.3, cos, div 25, final div 1e4, momentum 0.85–0.95, two phases. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, Anneal.COS, true, 0.85, 0.95, 25.0, 1e4, false);
    }

    /** Every option of PyTorch's {@code OneCycleLR}. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, Anneal anneal,
            boolean cycleMomentum, double baseMomentum, double maxMomentum, double divFactor, double finalDivFactor,
            boolean threePhase) {
        super(prepare(optimizer, maxLr, divFactor));
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("Expected positive integer total_steps, but got " + totalSteps);
        }
        if (pctStart < 0 || pctStart > 1) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + pctStart);
        }
        this.totalSteps = totalSteps;
        this.anneal = anneal;
        this.cycleMomentum = cycleMomentum;
        if (threePhase) {
            phaseEnd = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            phaseStartLr = new String[] {"initial", "max", "initial"};
            phaseEndLr = new String[] {"max", "initial", "min"};
            phaseStartMom = new String[] {"max", "base", "max"};
            phaseEndMom = new String[] {"base", "max", "max"};
        } else {
            phaseEnd = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
            phaseStartLr = new String[] {"initial", "max"};
            phaseEndLr = new String[] {"max", "min"};
            phaseStartMom = new String[] {"max", "base"};
            phaseEndMom = new String[] {"base", "max"};
        }
        int n = groups();
        this.initialLr = new double[n];
        this.maxLr = new double[n];
        this.minLr = new double[n];
        this.maxMomentum = new double[n];
        this.baseMomentum = new double[n];
        ParamGroup g0 = optimizer.group(0);
        String mom = null;
        if (cycleMomentum) {
            if (g0.has("momentum")) {
                mom = "momentum";
            } else if (g0.has("beta1")) {
                mom = "beta1";
            } else {
                throw new IllegalArgumentException("optimizer must support momentum (or beta1) with cycle_momentum "
                        + "enabled; " + g0.algorithm().name() + " has neither");
            }
        }
        this.momentumName = mom;
        for (int i = 0; i < n; i++) {
            initialLr[i] = maxLr / divFactor;
            this.maxLr[i] = maxLr;
            minLr[i] = initialLr[i] / finalDivFactor;
            if (cycleMomentum) {
                this.maxMomentum[i] = maxMomentum;
                this.baseMomentum[i] = baseMomentum;
                optimizer.group(i).set(mom, maxMomentum);
            }
        }
        initialStep();
    }

    private static Optimizer prepare(Optimizer optimizer, double maxLr, double divFactor) {
        for (ParamGroup g : optimizer.groups()) {
            g.setInitialLr(maxLr / divFactor);
        }
        return optimizer;
    }

    private double value(String which, int i) {
        return switch (which) {
            case "initial" -> initialLr[i];
            case "max" -> maxLr[i];
            case "min" -> minLr[i];
            default -> throw new IllegalStateException(which);
        };
    }

    private double momentumValue(String which, int i) {
        return "max".equals(which) ? maxMomentum[i] : baseMomentum[i];
    }

    private double anneal(double start, double end, double pct) {
        if (anneal == Anneal.COS) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalStateException("Tried to step " + (stepNum + 1) + " times. The specified number of total "
                    + "steps is " + totalSteps);
        }
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            double start = 0;
            double lr = Double.NaN;
            double momentum = Double.NaN;
            for (int ph = 0; ph < phaseEnd.length; ph++) {
                double end = phaseEnd[ph];
                if (stepNum <= end || ph == phaseEnd.length - 1) {
                    double pct = (stepNum - start) / (end - start);
                    lr = anneal(value(phaseStartLr[ph], i), value(phaseEndLr[ph], i), pct);
                    if (cycleMomentum) {
                        momentum = anneal(momentumValue(phaseStartMom[ph], i), momentumValue(phaseEndMom[ph], i), pct);
                    }
                    break;
                }
                start = phaseEnd[ph];
            }
            out[i] = lr;
            if (cycleMomentum) {
                optimizer.group(i).set(momentumName, momentum);
            }
        }
        return out;
    }
}
