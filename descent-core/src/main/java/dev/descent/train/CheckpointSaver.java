package dev.descent.train;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a checkpoint every N optimizer steps and when the run ends (unless it diverged, or a
 * checkpoint of that very position was just written), through {@link Trainer#saveCheckpoint()}. Stale
 * temporary folders of an earlier crash are removed when training starts. A {@link Trainer} with an
 * output folder has one by default.
 */
public final class CheckpointSaver implements Callback {
    private final int everySteps;
    private String lastSaved = "";

    /** Checkpoints every {@code everySteps} steps (0: only at the end). */
    public CheckpointSaver(int everySteps) {
        if (everySteps < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 steps (0 = only at the end), got "
                    + everySteps);
        }
        this.everySteps = everySteps;
    }

    /** The interval in steps (0: only at the end). */
    public int everySteps() {
        return everySteps;
    }

    @Override
    public void onTrainStart(Trainer trainer) {
        try {
            Checkpoint.removeStale(trainer.checkpointsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + trainer.checkpointsDir() + ": " + e.getMessage(), e);
        }
        lastSaved = trainer.position();
    }

    @Override
    public void onStepEnd(StepEnd s) {
        if (everySteps > 0 && s.step() % everySteps == 0 && !s.diverged()) {
            save(s.trainer());
        }
    }

    @Override
    public void onTrainEnd(TrainResult r) {
        if (!r.diverged() && !r.trainer().position().equals(lastSaved)) {
            save(r.trainer());
        }
    }

    private void save(Trainer t) {
        try {
            t.saveCheckpoint();
            lastSaved = t.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of step " + t.step() + " into "
                    + t.checkpointsDir() + ": " + e.getMessage(), e);
        }
    }
}
