/**
 * Many runs at once, in parallel over the cores (runs are independent; results come back in a
 * fixed order, so every sweep is deterministic):
 * <ul>
 *   <li>{@link dev.descent.landscape.sweep.Race}: several optimizers from one start;</li>
 *   <li>{@link dev.descent.landscape.sweep.LrSweep}: log-spaced learning rates, with 2/λmax;</li>
 *   <li>{@link dev.descent.landscape.sweep.BasinMap}: a grid of starts, coloured by the minimum
 *       each one reaches;</li>
 *   <li>{@link dev.descent.landscape.sweep.MomentumSweep}: a momentum × learning-rate stability map
 *       with the heavy-ball bound (2+2β)/λmax.</li>
 * </ul>
 */
package dev.descent.landscape.sweep;
