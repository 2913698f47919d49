/**
 * Optimization: the {@link dev.descent.optim.Optimizer} (the "contractor" that binds parameters,
 * owns state and applies updates) and the {@link dev.descent.optim.Algorithm}s (the "techniques":
 * small, pure update rules, one file each, with their math in the Javadoc), plus gradient clipping
 * ({@link dev.descent.optim.Clip}), an LR range test ({@link dev.descent.optim.LrFinder}) and
 * learning-rate schedules ({@code dev.descent.optim.schedule}).
 *
 * <p>Every rule follows PyTorch 2.x's semantics and PyTorch 1.13's order of floating-point
 * operations, including ATen's fused multiply-adds ({@code add(x, alpha)} and {@code addcmul} are
 * {@code fma} on the CPU, {@code addcdiv} is not): float64 trajectories on the parity fixtures are
 * bit-identical to PyTorch's, step by step ({@code TorchParityTest}). The hot loops live in {@code
 * dev.descent.kernel.OptimKernels}: one fused pass per parameter, Vector API fast paths for Adam,
 * AdamW and SGD, threads for large tensors and across many tensors.
 *
 * <p>Design note. DESIGN.md suggests Optax-style composable blocks (weight decay, momentum, scaling,
 * maximize). Here the blocks are shared <em>inside</em> the fused kernels instead: {@code maximize}
 * negates the gradient first, L2 decay is {@code g ← fma(λ, θ, g)}, decoupled decay multiplies θ by
 * {@code 1 − lr·λ} (a factor of exactly 1 when off), and AdamW/NAdamW/RAdamW reuse their parent's
 * kernel with that factor. A chain of separate passes would read memory once per block and could not
 * reproduce PyTorch's rounding; the fused form does both.
 */
package dev.descent.optim;
