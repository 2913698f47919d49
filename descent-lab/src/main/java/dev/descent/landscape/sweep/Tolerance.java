package dev.descent.landscape.sweep;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.RunResult;
import java.util.List;

/**
 * "Steps to tolerance", the sweeps' measure of speed: the first step from which on the run stays
 * within {@code tolerance} of a global minimum of the function (the one nearest to where it ended),
 * so a lucky pass through the minimum does not count. For a function without a known global minimum,
 * the first step from which on |∇f| stays at most {@code tolerance}.
 */
public final class Tolerance {
    private Tolerance() {}

    /** Steps to tolerance, or -1 when the run never settled. */
    public static int steps(RunResult r, double tolerance) {
        Objective f = r.objective();
        List<CriticalPoint> minima = f.globalMinima();
        if (!minima.isEmpty()) {
            double[] end = r.point(Math.max(0, r.lastFiniteRow()));
            CriticalPoint best = minima.getFirst();
            for (CriticalPoint p : minima) {
                if (RunResult.distance(end, p.location()) < RunResult.distance(end, best.location())) {
                    best = p;
                }
            }
            return r.settledWithin(best.location(), tolerance);
        }
        int first = -1;
        for (int k = r.rows() - 1; k >= 0; k--) {
            if (r.gradientNorm(k) <= tolerance) {
                first = k;
            } else {
                break;
            }
        }
        return first;
    }

    /** Log-spaced values from {@code lo} to {@code hi} inclusive. */
    public static double[] logspace(double lo, double hi, int n) {
        if (!(lo > 0) || !(hi >= lo) || n < 1) {
            throw new IllegalArgumentException("log-spaced values need 0 < lo <= hi and n >= 1, got lo " + lo + ", hi "
                    + hi + ", n " + n);
        }
        double[] v = new double[n];
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? lo : Math.pow(10, a + (b - a) * i / (n - 1));
        }
        v[0] = lo;
        if (n > 1) {
            v[n - 1] = hi;
        }
        return v;
    }

    /** Evenly spaced values from {@code lo} to {@code hi} inclusive. */
    public static double[] linspace(double lo, double hi, int n) {
        if (!(hi >= lo) || n < 1) {
            throw new IllegalArgumentException("evenly spaced values need lo <= hi and n >= 1, got lo " + lo + ", hi "
                    + hi + ", n " + n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
        }
        if (n > 1) {
            v[n - 1] = hi;
        }
        return v;
    }
}
