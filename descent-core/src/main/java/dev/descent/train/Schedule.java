package dev.descent.train;

import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.schedule.CosineAnnealingLR;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.OneCycleLR;
import dev.descent.optim.schedule.StepLR;
import java.util.Locale;
import java.util.Objects;

/**
 * A learning-rate schedule for a {@link Trainer}: how to build an {@link LrScheduler} once the
 * number of steps is known, and whether it steps after every optimizer step or after every epoch.
 *
 * <table>
 *   <caption>the schedules of {@code descent train --lr-schedule}</caption>
 *   <tr><td>{@code none}</td><td>constant learning rate</td></tr>
 *   <tr><td>{@code cosine}</td><td>{@link CosineAnnealingLR} per step, {@code T_max} = all steps of the run, down to 0</td></tr>
 *   <tr><td>{@code step:N[,GAMMA]}</td><td>{@link StepLR} per epoch: lr × GAMMA (default 0.1) every N epochs</td></tr>
 *   <tr><td>{@code onecycle[:MAX_LR]}</td><td>{@link OneCycleLR} per step with PyTorch's defaults; the peak is
 *       MAX_LR (default: the optimizer's lr); momentum (or β1) is cycled when the optimizer has it</td></tr>
 * </table>
 *
 * <p>A schedule holds no state of its own: the scheduler's state is the number of times it has
 * stepped, and the {@link Trainer} restores it on resume by building a fresh scheduler and stepping
 * it that many times (the learning rates are a function of that count and the optimizer's
 * hyperparameters, which the optimizer checkpoint restores exactly).
 *
 * @param name    the text form, as {@link #parse} reads it
 * @param perStep true to step after every optimizer step, false after every epoch
 * @param factory builds the scheduler; returns null for a constant learning rate
 */
public record Schedule(String name, boolean perStep, Factory factory) {

    /** Builds the scheduler for one run. */
    @FunctionalInterface
    public interface Factory {
        /**
         * The scheduler bound to {@code optimizer}, or null for none.
         *
         * @param stepsPerEpoch optimizer steps in one epoch
         * @param epochs        epochs of the whole run
         */
        LrScheduler create(Optimizer optimizer, int stepsPerEpoch, int epochs);
    }

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
    }

    /** A constant learning rate. */
    public static Schedule none() {
        return new Schedule("none", false, (o, s, e) -> null);
    }

    /** Cosine annealing from the optimizer's lr to 0 over all steps of the run, stepped per batch. */
    public static Schedule cosine() {
        return new Schedule("cosine", true, (o, s, e) -> new CosineAnnealingLR(o, Math.max(1, s * e)));
    }

    /** lr × {@code gamma} every {@code everyEpochs} epochs ({@link StepLR}, stepped per epoch). */
    public static Schedule step(int everyEpochs, double gamma) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("step schedule: the period must be at least 1 epoch, got " + everyEpochs);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("step schedule: gamma must be a positive number, got " + gamma);
        }
        return new Schedule("step:" + everyEpochs + "," + gamma, false, (o, s, e) -> new StepLR(o, everyEpochs, gamma));
    }

    /**
     * The 1cycle policy over all steps of the run with peak {@code maxLr} (NaN: the optimizer's
     * learning rate); momentum or β1 is cycled between 0.85 and 0.95 when the optimizer has a
     * non-zero one.
     */
    public static Schedule oneCycle(double maxLr) {
        String name = Double.isNaN(maxLr) ? "onecycle" : "onecycle:" + maxLr;
        return new Schedule(name, true, (o, s, e) -> {
            ParamGroup g = o.group(0);
            double peak = Double.isNaN(maxLr) ? g.lr() : maxLr;
            boolean cycle = (g.has("momentum") && g.getDouble("momentum") > 0) || g.has("beta1");
            return new OneCycleLR(o, peak, Math.max(1, s * e), 0.3, OneCycleLR.Anneal.COS, cycle, 0.85, 0.95, 25.0, 1e4,
                    false);
        });
    }

    /** A custom schedule. */
    public static Schedule of(String name, boolean perStep, Factory factory) {
        return new Schedule(name, perStep, factory);
    }

    /** True when the learning rates depend on the length of the run (so it cannot change on resume). */
    public boolean dependsOnRunLength() {
        return name.equals("cosine") || name.startsWith("onecycle");
    }

    /**
     * Reads {@code none}, {@code cosine}, {@code step:N[,GAMMA]} or {@code onecycle[:MAX_LR]}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Schedule parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String usage = " (use none, cosine, step:N[,GAMMA] such as step:10,0.5, or onecycle[:MAX_LR])";
        if (t.equals("none") || t.isEmpty()) {
            return none();
        }
        if (t.equals("cosine")) {
            return cosine();
        }
        if (t.equals("onecycle")) {
            return oneCycle(Double.NaN);
        }
        if (t.startsWith("onecycle:")) {
            double max;
            try {
                max = Double.parseDouble(t.substring("onecycle:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("learning-rate schedule '" + text + "': MAX_LR is not a number" + usage);
            }
            if (!(max > 0) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("learning-rate schedule '" + text + "': MAX_LR must be positive" + usage);
            }
            return oneCycle(max);
        }
        if (t.startsWith("step:")) {
            String[] parts = t.substring("step:".length()).split(",", -1);
            try {
                if (parts.length == 1 || parts.length == 2) {
                    int n = Integer.parseInt(parts[0].strip());
                    double gamma = parts.length == 2 ? Double.parseDouble(parts[1].strip()) : 0.1;
                    return step(n, gamma);
                }
            } catch (NumberFormatException e) {
                // fall through to the usage message
            }
            throw new IllegalArgumentException("learning-rate schedule '" + text + "': expected step:N or step:N,GAMMA"
                    + usage);
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + text + "'" + usage);
    }

    @Override
    public String toString() {
        return name;
    }
}
