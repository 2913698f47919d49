/**
 * {@code descent tour}: the study notes' claims, each computed, checked and pictured. A {@link
 * dev.descent.landscape.tour.Tour} runs a list of {@link dev.descent.landscape.tour.TourSection}s
 * in order; each adds headings, pictures and text to one HTML report through a {@link
 * dev.descent.landscape.tour.TourContext} and records its measured facts and the verdicts on the
 * notes' claims in a {@link dev.descent.landscape.tour.TourSummary}. More sections (the network
 * part of the notes) plug in by adding to {@link dev.descent.landscape.tour.Tour#standard()}'s list.
 */
package dev.descent.landscape.tour;
