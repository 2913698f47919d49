/**
 * Pictures of runs and sweeps: turns the lab's results into the report's plain data (grids,
 * trajectories, series) and figures. Used by the command line and the tour.
 */
package dev.descent.landscape.plot;
