/**
 * Classic test functions with their known critical points:
 * {@link dev.descent.landscape.functions.FunctionLibrary} is the registry,
 * {@link dev.descent.landscape.functions.TestFunction} the interface (a function of tensor
 * coordinates that an optimizer can train).
 */
package dev.descent.landscape.functions;
