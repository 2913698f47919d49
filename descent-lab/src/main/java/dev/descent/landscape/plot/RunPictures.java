package dev.descent.landscape.plot;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.Numbers;
import dev.descent.landscape.PointType;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.RunResult;
import dev.descent.landscape.sweep.BasinMap;
import dev.descent.landscape.sweep.LrSweep;
import dev.descent.landscape.sweep.MomentumSweep;
import dev.descent.landscape.sweep.Race;
import dev.descent.report.Animation;
import dev.descent.report.BarChart;
import dev.descent.report.CategoryMap;
import dev.descent.report.ContourPlot;
import dev.descent.report.Figure;
import dev.descent.report.Grid;
import dev.descent.report.HeatMap;
import dev.descent.report.Levels;
import dev.descent.report.LinePlot;
import dev.descent.report.MarkedPoint;
import dev.descent.report.Series;
import dev.descent.report.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figures of runs and sweeps: a run or a race on its landscape (contour map for two variables, the
 * curve for one, loss per step otherwise), learning-rate sweeps with 2/λmax, basin maps and
 * momentum stability maps with (2+2β)/λmax.
 */
public final class RunPictures {
    private RunPictures() {}

    /** The function sampled on an {@code n × n} grid over a 2-D box. */
    public static Grid grid(Objective f, Box box, int n) {
        return Grid.sample((x, y) -> f.valueAt(x, y), box.lower(0), box.upper(0), n, box.lower(1), box.upper(1), n);
    }

    /** The path of a 2-D run (with losses as heights). */
    public static Trajectory path(String name, RunResult r) {
        return new Trajectory(name, r.coordinates(0), r.coordinates(1), r.losses());
    }

    /** Markers for the known critical points. */
    public static List<MarkedPoint> markers(Objective f, boolean minimaOnly) {
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
     * The box to draw: the function's domain (for a library function), grown to hold the runs'
     * finite points but not beyond three times its size (a diverging run leaves the picture); for an expression, the runs' bounding box with
     * a margin.
     */
    public static Box viewBox(Objective f, List<RunResult> runs) {
        int n = f.dimension();
        double[] lo = new double[n];
        double[] hi = new double[n];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        Box domain = f.function().map(t -> t.domain()).orElse(null);
        for (RunResult r : runs) {
            double[] s = r.point(0);
            for (int k = 0; k < r.rows(); k++) {
                if (!r.finite(k)) {
                    break;
                }
                double[] p = r.point(k);
                boolean far = RunResult.distance(p, s) > 1e3 * (1 + norm(s));
                if (far) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    lo[i] = Math.min(lo[i], p[i]);
                    hi[i] = Math.max(hi[i], p[i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (domain != null) {
                double w = domain.upper(i) - domain.lower(i);
                lo[i] = Math.max(Math.min(lo[i], domain.lower(i)), domain.lower(i) - w);
                hi[i] = Math.min(Math.max(hi[i], domain.upper(i)), domain.upper(i) + w);
            } else {
                double w = Math.max(hi[i] - lo[i], 1);
                double c = (hi[i] + lo[i]) / 2;
                lo[i] = c - 0.6 * w;
                hi[i] = c + 0.6 * w;
            }
        }
        return new Box(lo, hi);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** One run: on its contour map (two variables), on its curve (one), or its loss per step. */
    public static Figure run(RunResult r, String name, String title) {
        return runs(List.of(r), List.of(name), title);
    }

    /** Several runs of one function, drawn together. */
    public static Figure runs(List<RunResult> rs, List<String> names, String title) {
        Objective f = rs.getFirst().objective();
        if (f.dimension() == 2) {
            return contour(rs, names, title);
        }
        if (f.dimension() == 1) {
            Box box = viewBox(f, rs);
            double[] xs = Grid.linspace(box.lower(0), box.upper(0), 400);
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                ys[i] = f.valueAt(xs[i]);
            }
            LinePlot p = new LinePlot().size(720, 460).title(title).labels(f.variables().getFirst(), "f")
                    .series(new Series("f(" + f.variables().getFirst() + ")", xs, ys));
            for (int i = 0; i < rs.size(); i++) {
                RunResult r = rs.get(i);
                int m = r.lastFiniteRow() + 1;
                p.scatter(new Series(names.get(i), java.util.Arrays.copyOf(r.coordinates(0), m),
                        java.util.Arrays.copyOf(r.losses(), m)));
            }
            return p;
        }
        LinePlot p = new LinePlot().size(720, 460).title(title).labels("step", "loss");
        boolean positive = true;
        for (RunResult r : rs) {
            for (double v : r.losses()) {
                positive &= !(v <= 0);
            }
        }
        p.logY(positive);
        for (int i = 0; i < rs.size(); i++) {
            p.series(Series.ofSteps(names.get(i), rs.get(i).losses()));
        }
        return p;
    }

    /** The contour map of a two-variable function with the runs on it. */
    public static ContourPlot contour(List<RunResult> rs, List<String> names, String title) {
        Objective f = rs.getFirst().objective();
        Box box = viewBox(f, rs);
        Grid g = grid(f, box, 181);
        List<Trajectory> paths = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            paths.add(path(names.get(i), rs.get(i)));
        }
        ContourPlot c = new ContourPlot(g).size(720, 600).title(title).trajectories(paths).points(markers(f, false))
                .labels(f.variables().get(0), f.variables().get(1), "f");
        double lo = g.zMin();
        double hi = g.zMax();
        if (Double.isFinite(lo) && Double.isFinite(hi) && hi - lo > 1e3 * Math.max(1e-12, medianSpread(g))) {
            c.logLevels(4);
        }
        return c;
    }

    /** The spread of the grid's lower half (to decide between linear and log-spaced levels). */
    private static double medianSpread(Grid g) {
        List<Double> v = new ArrayList<>();
        for (double[] row : g.z()) {
            for (double x : row) {
                if (Double.isFinite(x)) {
                    v.add(x);
                }
            }
        }
        if (v.isEmpty()) {
            return 1;
        }
        java.util.Collections.sort(v);
        return v.get(v.size() / 2) - v.getFirst();
    }

    /** A race: every runner on the landscape. */
    public static Figure race(Race.Result r) {
        List<RunResult> rs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Race.Entry e : r.entries()) {
            rs.add(e.result());
            names.add(e.label());
        }
        return runs(rs, names, r.objective().name() + ": race from " + vec(r.start()));
    }

    /** The race as an animated GIF (two-variable functions only). */
    public static Animation raceAnimation(Race.Result r, int frames) {
        if (r.objective().dimension() != 2) {
            throw new IllegalArgumentException("a race animation needs a function of two variables");
        }
        List<RunResult> rs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Race.Entry e : r.entries()) {
            rs.add(e.result());
            names.add(e.label());
        }
        return Animation.race(contour(rs, names, r.objective().name() + ": race")).maxFrames(frames).timing(90, 2000);
    }

    /** Steps to tolerance per runner. */
    public static Figure raceBars(Race.Result r) {
        List<String> names = new ArrayList<>();
        double[] v = new double[r.entries().size()];
        for (int i = 0; i < v.length; i++) {
            Race.Entry e = r.entries().get(i);
            names.add(e.label());
            v[i] = e.stepsToTolerance() < 0 ? Double.NaN : e.stepsToTolerance();
        }
        return new BarChart(names, v).size(640, 400).title("steps to within " + Numbers.format(r.tolerance()))
                .labels("optimizer", "steps");
    }

    /** Steps to tolerance and final loss against the learning rate, with the stability bound. */
    public static Figure lrSweep(LrSweep.Result r, int steps) {
        int n = r.points().size();
        double[] x = new double[n];
        double[] st = new double[n];
        double[] slow = new double[n];
        double[] blew = new double[n];
        for (int i = 0; i < n; i++) {
            LrSweep.Point p = r.points().get(i);
            x[i] = p.lr();
            boolean diverged = p.diagnosis().verdict() == Diagnosis.Verdict.DIVERGED;
            st[i] = p.stepsToTolerance() < 0 ? Double.NaN : p.stepsToTolerance();
            slow[i] = p.stepsToTolerance() < 0 && !diverged ? steps : Double.NaN;
            blew[i] = diverged ? steps : Double.NaN;
        }
        LinePlot p = new LinePlot().size(720, 440).title(r.objective().name() + ": " + r.algorithm().name()
                        + ", steps to tolerance per learning rate").labels("learning rate", "steps").logX(true).logY(true)
                .series(new Series("settled", x, st)).scatter(new Series("not within " + steps + " steps", x, slow))
                .scatter(new Series("diverged", x, blew));
        r.bound().ifPresent(b -> p.verticalLine(b.bound(), b.formula() + " = " + fmt(b.bound())));
        return p;
    }

    /** A basin map with the function's iso-lines and minima. */
    public static Figure basins(BasinMap.Result r) {
        List<String> names = new ArrayList<>();
        for (CriticalPoint m : r.minima()) {
            names.add(BasinMap.name(m) + " f = " + fmt(m.value()));
        }
        Grid g = grid(r.objective(), r.box(), 161);
        return new CategoryMap(r.x(), r.y(), r.category(), names).size(760, 560)
                .title(r.objective().name() + ": basins of " + r.algorithm().name() + " (lr " + fmt(r.algorithm().lr()) + ")")
                .contours(g, Levels.linear(g.zMin(), g.zMax(), 12)).points(markers(r.objective(), true));
    }

    /** Steps to tolerance over (lr, β), diverged cells dark, with the (2+2β)/λmax curve. */
    public static Figure momentumSweep(MomentumSweep.Result r) {
        double[][] m = r.stepsMatrix();
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Double.isInfinite(row[j]) ? Double.NaN : Double.isNaN(row[j]) ? r.steps() : row[j];
            }
        }
        return new HeatMap(r.lrs(), r.betas(), m).size(760, 500).title(r.objective().name()
                        + ": heavy-ball stability, steps to tolerance").labels("learning rate", "momentum β", "steps")
                .logAxes(true, false).logValues(true).nonFiniteLabel("diverged")
                .curve(new Series("(2+2β)/λmax", r.theoreticalBound(), r.betas()));
    }

    /** {@code (1.5, -2)}. */
    public static String vec(double[] p) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < p.length; i++) {
            sb.append(i > 0 ? ", " : "").append(fmt(p[i]));
        }
        return sb.append(')').toString();
    }

    /** Four significant digits. */
    public static String fmt(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Numbers.format(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.4g", v);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
    }
}
