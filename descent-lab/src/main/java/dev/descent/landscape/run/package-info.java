/**
 * Runs of an optimizer on a test function: the function becomes a {@link
 * dev.descent.landscape.run.FunctionModule} whose parameters are the coordinates, and the very same
 * {@link dev.descent.optim.Optimizer} and {@link dev.descent.optim.Algorithm} objects that train
 * networks move them. Nothing here re-implements an update rule.
 *
 * <ul>
 *   <li>{@link dev.descent.landscape.run.Objective}: a test function or an expression over named
 *       coordinates;</li>
 *   <li>{@link dev.descent.landscape.run.OptimizerFactory}: the command line's optimizers by name,
 *       over {@link dev.descent.optim.Algorithms} (names, kebab-case flags, PyTorch's defaults), plus
 *       the race's {@code NAME:FLAG=VALUE} form;</li>
 *   <li>{@link dev.descent.landscape.run.Run} and {@link dev.descent.landscape.run.RunResult}: one
 *       run, recorded step by step (point, loss, gradient norm, step length);</li>
 *   <li>{@link dev.descent.landscape.run.Diagnosis}: what happened, in words, with the local
 *       stability bounds of {@link dev.descent.landscape.run.Stability};</li>
 *   <li>{@link dev.descent.landscape.run.RunCsv}: the CSV contract of {@code descent optimize}.</li>
 * </ul>
 */
package dev.descent.landscape.run;
