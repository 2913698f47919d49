/**
 * Neural loss landscapes: the methods of Li et al. (2018, "Visualizing the Loss Landscape of Neural
 * Nets", code tomgoldstein/loss-landscape, "LL" below) on Descent's own models.
 *
 * <ul>
 *   <li>{@link dev.descent.surface.Direction}, {@link dev.descent.surface.Plane}: seeded Gaussian
 *       directions with filter ({@link dev.descent.surface.Normalization#FILTER}), layer or no
 *       normalization and LL's {@code biasbn} rule, stored with their settings in safetensors;</li>
 *   <li>{@link dev.descent.surface.Interpolation1d}: {@code L((1−α)θ₀ + αθ₁)}, batch-norm statistics
 *       interpolated too ({@code states});</li>
 *   <li>{@link dev.descent.surface.Surface2d}: {@code L(θ + αδ + βη)} on a grid, in parallel on model
 *       copies, streamed to an fsync'ed log and resumable ({@link dev.descent.surface.EvalSet} fixes
 *       the samples);</li>
 *   <li>{@link dev.descent.surface.PcaDirections}: the plane of an optimizer's path, its explained
 *       variance, the projected path and the true loss beside the plane's value;</li>
 *   <li>{@link dev.descent.surface.Roughness}, {@link dev.descent.surface.Pictures}: numbers and
 *       pictures for comparisons, such as {@link dev.descent.surface.SkipConnections}, the experiment
 *       behind the notes' "ResNet smooths the landscape";</li>
 *   <li>{@link dev.descent.surface.CheckpointReader}: models saved by {@code descent train}, and
 *       {@link dev.descent.surface.ModelData}: the data they were trained on, loaded by the train
 *       path's own {@link dev.descent.train.DataSources};</li>
 *   <li>{@code curvature}: Hessian-vector products and the spectrum (PyHessian's methods, LL's
 *       convexity map, the edge of stability).</li>
 * </ul>
 */
package dev.descent.surface;
