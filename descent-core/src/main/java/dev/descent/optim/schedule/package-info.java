/**
 * Learning-rate schedules with PyTorch's formulas and conventions (construction performs the
 * epoch-0 step; {@code step()} after {@code optimizer.step()}; recursive, chainable updates), checked
 * against sequences recorded from PyTorch. Schedulers change the groups' hyperparameters through
 * {@link dev.descent.optim.ParamGroup#setLr(double)} and {@link dev.descent.optim.ParamGroup#set}.
 */
package dev.descent.optim.schedule;
