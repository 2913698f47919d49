package dev.descent.train;

import java.util.Map;

/**
 * Hooks into a {@link Trainer}'s loop. Progress reporting ({@link ProgressBar}), the divergence
 * guard ({@link DivergenceGuard}), early stopping ({@link EarlyStopping}) and checkpointing
 * ({@link CheckpointSaver}) are callbacks; so can be anything else that watches a run.
 *
 * <p>Callbacks run on the training thread in the order they were added. A callback stops the run
 * with {@link Trainer#requestStop(String)} (the current step or epoch finishes first) or aborts it
 * by throwing. A callback with state that must survive a resume returns it from {@link #state()}
 * (JSON-friendly values: numbers, strings, booleans, lists, maps) under a unique {@link #stateKey()};
 * the trainer saves it in {@code trainer.json} and hands it back to {@link #loadState(Map)}.
 */
public interface Callback {
    /** Before the first step of {@link Trainer#fit()} (after a resume's state is restored). */
    default void onTrainStart(Trainer trainer) {}

    /** After every optimizer step (or skipped step, see {@link StepEnd#updated()}). */
    default void onStepEnd(StepEnd step) {}

    /** After every epoch, once the validation metrics are known. */
    default void onEpochEnd(EpochEnd epoch) {}

    /** When the run ends: all epochs done, stopped, or diverged ({@link TrainResult#diverged()}). */
    default void onTrainEnd(TrainResult result) {}

    /** The key of this callback's state in checkpoints, or null for a stateless callback. */
    default String stateKey() {
        return null;
    }

    /** The state to checkpoint. */
    default Map<String, Object> state() {
        return Map.of();
    }

    /** Restores a state returned by {@link #state()}. */
    default void loadState(Map<String, Object> state) {}
}
