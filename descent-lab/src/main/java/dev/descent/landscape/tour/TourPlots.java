package dev.descent.landscape.tour;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.RunResult;
import dev.descent.report.Grid;
import dev.descent.report.MarkedPoint;
import dev.descent.report.Trajectory;
import java.util.ArrayList;
import java.util.List;

/** Small helpers that turn runs and functions into the report's plain data. */
final class TourPlots {
    private TourPlots() {}

    /** f sampled on an {@code n × n} grid over {@code box}. */
    static Grid grid(Objective f, Box box, int n) {
        return Grid.sample((x, y) -> f.valueAt(x, y), box.lower(0), box.upper(0), n, box.lower(1), box.upper(1), n);
    }

    /** The path of a 2-D run, with its losses as heights. */
    static Trajectory path(String name, RunResult r) {
        return new Trajectory(name, r.coordinates(0), r.coordinates(1), r.losses());
    }

    /** The first {@code n} rows of a run's path. */
    static Trajectory path(String name, RunResult r, int n) {
        return path(name, r).prefix(n);
    }

    /** Markers for the known critical points of {@code f} (only minima when {@code minimaOnly}). */
    static List<MarkedPoint> markers(Objective f, boolean minimaOnly) {
        List<MarkedPoint> out = new ArrayList<>();
        for (CriticalPoint p : f.criticalPoints()) {
            if (p.dimension() != 2 || (minimaOnly && p.type() != PointType.MINIMUM)) {
                continue;
            }
            out.add(new MarkedPoint("", p.coordinate(0), p.coordinate(1), p.type().label()));
        }
        return out;
    }

    /**
     * Values for a log axis: everything from the first value below {@code floor} on becomes NaN, so
     * a curve that has reached round-off level ends there instead of squashing the picture.
     */
    static double[] above(double[] v, double floor) {
        double[] out = v.clone();
        boolean cut = false;
        for (int i = 0; i < out.length; i++) {
            cut |= out[i] < floor;
            if (cut) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** A series 0, 1, 2, ... */
    static double[] steps(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }
}
