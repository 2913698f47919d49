package dev.descent.train;

import java.util.List;
import java.util.Map;

/**
 * How a run of {@link Trainer#fit()} ended.
 *
 * @param trainer       the trainer
 * @param epochs        epochs completed
 * @param steps         optimizer steps taken
 * @param trainLoss     the last completed epoch's mean training loss (or the mean since the last
 *                      epoch ended when no epoch completed)
 * @param trainAccuracy the same for accuracy (NaN if n/a)
 * @param valLoss       the last validation loss (NaN without a validation set)
 * @param valAccuracy   the last validation accuracy (NaN if n/a)
 * @param samples       examples seen
 * @param seconds       training time (over all sessions of a resumed run)
 * @param stopReason    null when every epoch ran; else why the run stopped early
 * @param diverged      true when the run stopped on a NaN or infinite loss or gradient
 * @param metrics       every metrics row written (see {@link MetricsLog})
 */
public record TrainResult(Trainer trainer, int epochs, long steps, double trainLoss, double trainAccuracy,
                          double valLoss, double valAccuracy, long samples, double seconds, String stopReason,
                          boolean diverged, List<Map<String, Object>> metrics) {
    public TrainResult {
        metrics = List.copyOf(metrics);
    }

    /** Examples per second of training time. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }
}
