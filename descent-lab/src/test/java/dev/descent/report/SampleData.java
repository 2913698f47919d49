package dev.descent.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic inputs for tests and the demo: Himmelblau's function, its critical points, and paths
 * of plain gradient descent and heavy-ball momentum computed right here in a few lines of Java.
 */
final class SampleData {

    private SampleData() {
    }

    static double himmelblau(double x, double y) {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        return a * a + b * b;
    }

    static double[] himmelblauGradient(double x, double y) {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        return new double[] {4 * x * a + 2 * b, 2 * a + 4 * y * b};
    }

    static double rosenbrock(double x, double y) {
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    }

    static Grid himmelblauGrid(int n) {
        return Grid.sample(SampleData::himmelblau, -5, 5, n, -5, 5, n);
    }

    static List<MarkedPoint> himmelblauPoints() {
        return List.of(
            new MarkedPoint("A", 3, 2, "min"),
            new MarkedPoint("B", -2.805118, 3.131312, "min"),
            new MarkedPoint("C", -3.779310, -3.283186, "min"),
            new MarkedPoint("D", 3.584428, -1.848126, "min"),
            new MarkedPoint("max", -0.270845, -0.923039, "max"),
            new MarkedPoint("S1", 0.086677, 2.884254, "saddle"),
            new MarkedPoint("S2", -3.073026, -0.081353, "saddle"),
            new MarkedPoint("S3", 3.385154, 0.073852, "saddle"),
            new MarkedPoint("S4", -0.127961, -1.953715, "saddle"));
    }

    /** Heavy-ball descent on Himmelblau: {@code beta = 0} is plain gradient descent. */
    static Trajectory descent(String name, double x0, double y0, double lr, double beta, int steps) {
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        double[] zs = new double[steps + 1];
        double x = x0;
        double y = y0;
        double vx = 0;
        double vy = 0;
        for (int k = 0; ; k++) {
            xs[k] = x;
            ys[k] = y;
            zs[k] = himmelblau(x, y);
            if (k == steps) {
                break;
            }
            double[] g = himmelblauGradient(x, y);
            vx = beta * vx + g[0];
            vy = beta * vy + g[1];
            x -= lr * vx;
            y -= lr * vy;
        }
        return new Trajectory(name, xs, ys, zs);
    }

    static List<Trajectory> race() {
        List<Trajectory> ts = new ArrayList<>();
        ts.add(descent("sgd lr=0.01", -0.5, 0.5, 0.01, 0, 40));
        ts.add(descent("momentum β=0.9", -0.5, 0.5, 0.004, 0.9, 40));
        ts.add(descent("sgd lr=0.002", 0.5, -4.5, 0.002, 0, 40));
        return ts;
    }

    /**
     * Which Himmelblau minimum gradient descent reaches from each start of an n × n grid: index into
     * {@link #himmelblauPoints()} (first four), or a {@link CategoryMap} special code.
     */
    static int[][] basins(double[] xs, double[] ys, double lr, int steps) {
        List<MarkedPoint> minima = himmelblauPoints().subList(0, 4);
        int[][] cat = new int[ys.length][xs.length];
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                double y = ys[j];
                int k = 0;
                for (; k < steps && Double.isFinite(x) && Math.abs(x) < 1e6; k++) {
                    double[] g = himmelblauGradient(x, y);
                    x -= lr * g[0];
                    y -= lr * g[1];
                }
                int found = CategoryMap.NOT_CONVERGED;
                if (!Double.isFinite(x) || Math.abs(x) >= 1e6 || Math.abs(y) >= 1e6) {
                    found = CategoryMap.DIVERGED;
                } else {
                    for (int m = 0; m < minima.size(); m++) {
                        if (Math.hypot(x - minima.get(m).x(), y - minima.get(m).y()) < 1e-2) {
                            found = m;
                        }
                    }
                }
                cat[j][i] = found;
            }
        }
        return cat;
    }

    /**
     * Final loss of heavy-ball momentum on the quadratic 0.5·(x² + 25·y²) from (1, 1) after
     * {@code steps} steps, for each (lr, β): infinite where it blew up. The classic stability map.
     */
    static double[][] momentumSweep(double[] lrs, double[] betas, int steps) {
        double[][] z = new double[betas.length][lrs.length];
        for (int j = 0; j < betas.length; j++) {
            for (int i = 0; i < lrs.length; i++) {
                double x = 1;
                double y = 1;
                double vx = 0;
                double vy = 0;
                for (int k = 0; k < steps; k++) {
                    vx = betas[j] * vx + x;
                    vy = betas[j] * vy + 25 * y;
                    x -= lrs[i] * vx;
                    y -= lrs[i] * vy;
                }
                double loss = 0.5 * (x * x + 25 * y * y);
                z[j][i] = Double.isFinite(loss) && loss < 1e6 ? loss : Double.POSITIVE_INFINITY;
            }
        }
        return z;
    }

    static double[] logspace(double a, double b, int n) {
        double[] v = Grid.linspace(Math.log10(a), Math.log10(b), n);
        for (int i = 0; i < n; i++) {
            v[i] = Math.pow(10, v[i]);
        }
        return v;
    }

    /** Loss curves: each trajectory's z against its step. */
    static List<Series> lossCurves(List<Trajectory> ts) {
        return ts.stream().map(t -> Series.ofSteps(t.name(), t.z())).toList();
    }
}
