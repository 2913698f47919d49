/**
 * Local analysis of a function: {@link dev.descent.landscape.analysis.Derivatives} (value, gradient
 * and Hessian by double backward), {@link dev.descent.landscape.analysis.Classification} (the
 * second-derivative test), {@link dev.descent.landscape.analysis.SymmetricEigen} (Jacobi),
 * {@link dev.descent.landscape.analysis.CriticalPoints} (Newton from a grid) and
 * {@link dev.descent.landscape.analysis.SteepestAscent} (the gradient is the steepest direction).
 */
package dev.descent.landscape.analysis;
