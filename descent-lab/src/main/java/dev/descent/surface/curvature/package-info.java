/**
 * Curvature of a network's loss from exact Hessian-vector products
 * ({@link dev.descent.surface.curvature.HessianVectorProduct}, double backward): the methods of
 * PyHessian (Yao et al. 2020) and LL, each checked in the tests against the dense eigendecomposition
 * of the Hessian of a network small enough to form it.
 *
 * <ul>
 *   <li>{@link dev.descent.surface.curvature.PowerIteration}: top-k eigenvalues with deflation (PyHessian);</li>
 *   <li>{@link dev.descent.surface.curvature.Lanczos}: Lanczos with full reorthogonalization and Ritz pairs;</li>
 *   <li>{@link dev.descent.surface.curvature.HutchinsonTrace}: the trace from Rademacher probes;</li>
 *   <li>{@link dev.descent.surface.curvature.SpectralDensity}: stochastic Lanczos quadrature and PyHessian's smoothing;</li>
 *   <li>{@link dev.descent.surface.curvature.ConvexityMap}: LL's |λmin/λmax| over a plane;</li>
 *   <li>{@link dev.descent.surface.curvature.Sharpness}: λmax along full-batch GD against 2/lr (edge of stability).</li>
 * </ul>
 * Every operator is a {@link dev.descent.surface.curvature.LinearOperator}, so the solvers run on
 * dense test matrices as well as on Hessians.
 */
package dev.descent.surface.curvature;
