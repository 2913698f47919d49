/**
 * The landscape lab: the vocabulary shared by its parts ({@link dev.descent.landscape.PointType},
 * {@link dev.descent.landscape.Box}, {@link dev.descent.landscape.CriticalPoint}).
 *
 * <ul>
 *   <li>{@code expr}: the expression language (parser, printer, evaluation, compilation to tensors);</li>
 *   <li>{@code functions}: the test functions, usable as modules whose parameters are the coordinates;</li>
 *   <li>{@code analysis}: derivatives by autograd, the second-derivative test, critical-point search,
 *       the steepest-ascent scan;</li>
 *   <li>{@code io}: a small JSON writer.</li>
 * </ul>
 */
package dev.descent.landscape;
