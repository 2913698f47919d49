/**
 * Pictures and reports: contour plots, 3-D surfaces, line and bar charts, heat and basin maps,
 * race animations, and the self-contained HTML report.
 *
 * <p>This layer draws from plain data ({@code double[]}, {@code double[][]} and small records such
 * as {@link dev.descent.report.Series}, {@link dev.descent.report.Trajectory} and
 * {@link dev.descent.report.Grid}); it knows nothing about tensors, so the landscape lab and the
 * CLI feed it whatever they computed.
 *
 * <p>Every picture is a {@link dev.descent.report.Figure}: it draws itself once onto a
 * {@link dev.descent.report.Canvas}, and the same drawing code yields a PNG (Java2D, optionally at
 * 2&times; scale) and an SVG (real {@code <text>} elements and {@code <g class="axes">},
 * {@code <g class="series">}, {@code <g class="legend">} groups). Everything renders headless and
 * every file is written atomically.
 */
package dev.descent.report;
