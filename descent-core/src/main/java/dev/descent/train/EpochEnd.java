package dev.descent.train;

/**
 * The metrics of one finished epoch.
 *
 * @param trainer       the trainer
 * @param epoch         epochs completed, this one included (1-based)
 * @param step          optimizer steps taken so far
 * @param trainLoss     mean batch loss over the epoch, weighted by batch size
 * @param trainAccuracy fraction of the epoch's training examples classified correctly (NaN if n/a)
 * @param valLoss       validation loss (NaN without a validation set)
 * @param valAccuracy   validation accuracy (NaN without a validation set or for regression)
 * @param lr            the learning rate of the epoch's last step
 * @param samples       examples seen so far
 * @param seconds       training time so far
 */
public record EpochEnd(Trainer trainer, int epoch, long step, double trainLoss, double trainAccuracy, double valLoss,
                       double valAccuracy, double lr, long samples, double seconds) {}
