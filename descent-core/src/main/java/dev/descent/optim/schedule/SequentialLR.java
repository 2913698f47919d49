package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import java.util.List;

/**
 * Runs schedulers one after another, switching at the milestones (PyTorch's {@code SequentialLR}):
 * construction resets every group's lr to its initial lr, rewinds the sub-schedulers and steps only
 * the first; at an exact milestone the next scheduler restarts with {@code step(0)} (its closed form
 * at epoch 0, so it starts from the base lr), and otherwise the active scheduler steps.
 */
public final class SequentialLR extends LrScheduler {
    private final List<LrScheduler> schedulers;
    private final int[] milestones;

    /** {@code milestones.length == schedulers.size() − 1}; all schedulers on {@code optimizer}. */
    public SequentialLR(Optimizer optimizer, List<LrScheduler> schedulers, int[] milestones) {
        super(optimizer);
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers provided to be one "
                    + "more than the number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.length);
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != optimizer) {
                throw new IllegalArgumentException("scheduler " + i + " belongs to another optimizer");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        lastEpoch = 0;
        for (int i = 0; i < groups(); i++) {
            optimizer.group(i).setLr(optimizer.group(i).initialLr());
        }
        for (LrScheduler s : this.schedulers) {
            s.setLastEpoch(s.lastEpoch() - 1);
        }
        this.schedulers.get(0).initialStep();
        apply(this.schedulers.get(0).lastLr());
    }

    @Override
    public void step() {
        stepCount++;
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) {
            idx++;
        }
        LrScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) {
            s.step(0);
        } else {
            s.step();
        }
        apply(s.lastLr());
    }

    @Override
    protected double[] computeLr() {
        throw new UnsupportedOperationException("SequentialLR delegates to its schedulers");
    }
}
