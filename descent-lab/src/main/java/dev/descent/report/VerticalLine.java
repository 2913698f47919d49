package dev.descent.report;

/** A labelled vertical line across a line plot, such as a threshold "2/λmax". */
public record VerticalLine(double x, String label) {
}
