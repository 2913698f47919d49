/**
 * Expressions such as {@code x^2*sin(x)}: {@link dev.descent.landscape.expr.Parser} (a
 * recursive-descent parser for the grammar of DESIGN.md), the tree {@link dev.descent.landscape.expr.Expr}
 * (printing that round-trips, plain evaluation, compilation to tensor operations for autograd) and
 * {@link dev.descent.landscape.expr.ParseException} (errors with a column).
 */
package dev.descent.landscape.expr;
