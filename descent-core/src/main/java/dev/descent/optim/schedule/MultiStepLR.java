package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import java.util.Arrays;

/** lr = base·γ^(number of milestones ≤ e); a milestone listed twice counts twice, as in PyTorch. */
public final class MultiStepLR extends LrScheduler {
    private final int[] milestones;
    private final double gamma;

    /** PyTorch's {@code MultiStepLR(optimizer, milestones, gamma)}. */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    private int count(int e) {
        int c = 0;
        for (int m : milestones) {
            if (m == e) {
                c++;
            }
        }
        return c;
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[groups()];
        int c = count(lastEpoch);
        for (int i = 0; i < out.length; i++) {
            out[i] = c == 0 ? groupLr(i) : groupLr(i) * Math.pow(gamma, c);
        }
        return out;
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) {
            if (m <= lastEpoch) {
                passed++;
            }
        }
        double[] out = new double[groups()];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseLrs[i] * Math.pow(gamma, passed);
        }
        return out;
    }
}
