package dev.descent.kernel;

/** Elementwise binary operations of the kernels. */
public enum BinaryOp { ADD, SUB, MUL, DIV, MAX, MIN, POW }
