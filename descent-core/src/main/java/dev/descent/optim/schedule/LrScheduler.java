package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import java.util.List;

/**
 * A learning-rate schedule bound to an {@link Optimizer}, with PyTorch's conventions: construction
 * performs one {@link #step()}, moving {@code lastEpoch} from −1 to 0 and writing the epoch-0 lr
 * into every group; call {@code step()} after {@code optimizer.step()}, once per epoch (per batch for
 * {@link OneCycleLR}). {@link #computeLr()} is <em>chainable</em>: it derives the new lr from the
 * group's current lr where PyTorch does, so several schedulers on one optimizer multiply. {@link
 * #step(int)} jumps to an epoch with the closed form (used by {@link SequentialLR}).
 *
 * <p>Base learning rates are the groups' {@link ParamGroup#initialLr()}, set from the current lr by
 * the first scheduler attached (PyTorch's {@code initial_lr}).
 */
public abstract class LrScheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch = -1;
    /** Calls of {@code step} so far (PyTorch's {@code _step_count}). */
    protected int stepCount;
    private double[] lastLr;

    protected LrScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.groups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (Double.isNaN(g.initialLr())) {
                g.setInitialLr(g.lr());
            }
            baseLrs[i] = g.initialLr();
        }
    }

    /** Subclasses call this at the end of their constructor: the construction-time step. */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /** Advances one epoch and writes the new learning rates into the groups. */
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(computeLr());
    }

    /** Jumps to {@code epoch} using the closed form (PyTorch's deprecated {@code step(epoch)}). */
    public void step(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        apply(closedFormLr());
    }

    /** The learning rate of every group for the current {@link #lastEpoch}, possibly from the current lr. */
    protected abstract double[] computeLr();

    /** The learning rates at {@link #lastEpoch} from the base learning rates alone; default {@link #computeLr()}. */
    protected double[] closedFormLr() {
        return computeLr();
    }

    protected final void apply(double[] lrs) {
        for (int i = 0; i < lrs.length; i++) {
            optimizer.group(i).setLr(lrs[i]);
        }
        lastLr = lrs.clone();
    }

    /** The current lr of group {@code i}. */
    protected final double groupLr(int i) {
        return optimizer.group(i).lr();
    }

    /** Number of groups. */
    protected final int groups() {
        return baseLrs.length;
    }

    /** The learning rates written by the last step. */
    public double[] lastLr() {
        return lastLr.clone();
    }

    /** The learning rate of the first group after the last step. */
    public double lr() {
        return lastLr[0];
    }

    /** The epoch counter (0 after construction). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** Base learning rates (each group's initial lr). */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    final void setLastEpoch(int e) {
        lastEpoch = e;
    }
}
