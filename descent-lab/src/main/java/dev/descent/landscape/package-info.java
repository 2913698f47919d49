/**
 * The landscape lab: the vocabulary shared by its parts ({@link dev.descent.landscape.PointType},
 * {@link dev.descent.landscape.Box}, {@link dev.descent.landscape.CriticalPoint}).
 *
 * <ul>
 *   <li>{@code expr}: the expression language (parser, printer, evaluation, compilation to tensors);</li>
 *   <li>{@code functions}: the test functions, usable as modules whose parameters are the coordinates;</li>
 *   <li>{@code analysis}: derivatives by autograd, the second-derivative test, critical-point search,
 *       the steepest-ascent scan;</li>
 *   <li>{@code io}: a small JSON writer;</li>
 *   <li>{@code run}: a function as a module whose parameters are its coordinates, driven by the real
 *       {@code Optimizer}; runs recorded step by step, their diagnosis and the CSV contract;</li>
 *   <li>{@code sweep}: races, learning-rate sweeps, basin maps and momentum stability maps, in
 *       parallel;</li>
 *   <li>{@code plot}: pictures of runs and sweeps (on top of {@code dev.descent.report});</li>
 *   <li>{@code tour}: {@code descent tour}, the notes' claims computed, checked and pictured.</li>
 * </ul>
 */
package dev.descent.landscape;
