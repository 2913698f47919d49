package dev.descent.train;

/**
 * What happened in one training step.
 *
 * @param trainer       the trainer (to read its state or {@linkplain Trainer#requestStop stop} it)
 * @param epoch         the epoch of this step, 0-based
 * @param batch         the batch's index within the epoch, 0-based
 * @param batches       batches per epoch
 * @param step          optimizer steps taken so far, this one included (1-based)
 * @param batchSize     examples in this batch
 * @param loss          the batch loss (NaN or infinite when the run diverged)
 * @param accuracy      the fraction of the batch classified correctly, NaN when not a classification
 * @param lr            the learning rate used for this step (first parameter group)
 * @param samples       examples seen so far in the whole run
 * @param seconds       training time so far in the whole run
 * @param updated       false when the parameters were not updated because the loss or a gradient was
 *                      not finite
 * @param nonFinite     null, or what was not finite ({@code "the loss is NaN"}, {@code "the gradient of
 *                      parameter 'fc.weight' is not finite"})
 * @param lastFiniteLoss the last finite batch loss before this step (NaN if none)
 * @param lastFiniteStep the step of {@code lastFiniteLoss} (0 if none)
 */
public record StepEnd(Trainer trainer, int epoch, int batch, int batches, long step, int batchSize, double loss,
                      double accuracy, double lr, long samples, double seconds, boolean updated, String nonFinite,
                      double lastFiniteLoss, long lastFiniteStep) {
    /** True when the loss or a gradient was NaN or infinite. */
    public boolean diverged() {
        return nonFinite != null;
    }
}
