package dev.descent.surface;

/**
 * Loss and accuracy of a model on an evaluation set.
 *
 * @param loss     the mean loss over the samples
 * @param accuracy the fraction of samples whose arg-max output is the label (NaN for regression)
 * @param samples  the number of samples
 */
public record Metrics(double loss, double accuracy, int samples) {}
