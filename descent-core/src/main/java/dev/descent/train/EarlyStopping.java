package dev.descent.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops a run when the validation loss has not improved (by more than {@code minDelta}) for
 * {@code patience} epochs in a row. Needs a validation set. Its state (best loss, its epoch, epochs
 * since) is checkpointed, so a resumed run stops where the uninterrupted one would.
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int wait;

    /** Patience in epochs, any improvement counts. */
    public EarlyStopping(int patience) {
        this(patience, 0);
    }

    /** Patience in epochs; an improvement must exceed {@code minDelta}. */
    public EarlyStopping(int patience, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping: patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping: min delta must be >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** The patience in epochs. */
    public int patience() {
        return patience;
    }

    /** The best validation loss so far. */
    public double best() {
        return best;
    }

    /** The epoch (1-based) of the best validation loss, 0 before the first. */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onTrainStart(Trainer trainer) {
        if (!trainer.hasValidation()) {
            throw new IllegalStateException("early stopping watches the validation loss: give the trainer a validation "
                    + "set (validation(...) or validationSplit(...), --val-split on the command line)");
        }
    }

    @Override
    public void onEpochEnd(EpochEnd e) {
        double v = e.valLoss();
        if (v < best - minDelta) {
            best = v;
            bestEpoch = e.epoch();
            wait = 0;
            return;
        }
        wait++;
        if (wait >= patience) {
            e.trainer().requestStop("early stopping: the validation loss has not improved for " + wait + " epoch"
                    + (wait == 1 ? "" : "s") + " (best " + DivergenceGuard.number(best) + " after epoch " + bestEpoch + ")");
        }
    }

    @Override
    public String stateKey() {
        return "early_stopping";
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", JsonValues.num(best));
        m.put("best_epoch", (long) bestEpoch);
        m.put("wait", (long) wait);
        return m;
    }

    @Override
    public void loadState(Map<String, Object> state) {
        best = JsonValues.dbl(state.get("best"));
        bestEpoch = JsonValues.integer(state.get("best_epoch"));
        wait = JsonValues.integer(state.get("wait"));
    }
}
