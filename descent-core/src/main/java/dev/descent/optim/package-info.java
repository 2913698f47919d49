/**
 * Optimization: the {@link dev.descent.optim.Optimizer} (the "contractor" that binds parameters,
 * owns state and applies updates) and the {@link dev.descent.optim.Algorithm}s (the "techniques":
 * small, pure update rules, one file each, with their math in the Javadoc), plus gradient clipping
 * ({@link dev.descent.optim.Clip}), an LR range test ({@link dev.descent.optim.LrFinder}) and
 * learning-rate schedules ({@code dev.descent.optim.schedule}).
 *
 * <p>Every rule follows PyTorch 2.x's semantics and PyTorch 1.13's order of floating-point
 * operations; the parity tests compare 150-step trajectories with fixtures recorded from PyTorch.
 * The hot loops live in {@code dev.descent.kernel.OptimKernels}.
 */
package dev.descent.optim;
