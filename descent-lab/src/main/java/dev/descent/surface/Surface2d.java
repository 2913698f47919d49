package dev.descent.surface;

import dev.descent.kernel.Parallel;
import dev.descent.nn.Module;
import dev.descent.report.Grid;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The 2-D loss surface of Li et al. (2018): {@code L(θ + αδ + βη)} and the accuracy on a grid of
 * (α, β), for a trained θ and a {@link Plane} (δ, η), on a fixed {@link EvalSet} with the model in
 * evaluation mode (batch norm uses the running statistics stored with θ, which are not perturbed).
 * LL's default grid is 51 × 51 on [−1, 1]², which is the default here.
 *
 * <pre>{@code
 * Plane plane = Plane.random(model, 123, Normalization.FILTER, true);
 * Surface2d.Result r = Surface2d.builder(() -> ModelZoo.create("resnet20", shape, 10, FLOAT32, new Generator(0)),
 *                                         model.stateDict(), plane, EvalSet.first(test, 1000, 250))
 *     .grid(-1, 1, 51, -1, 1, 51).log(Path.of("out/surface.csv")).build().run();
 * new ContourPlot(r.lossGrid()).write(Path.of("out/contour.png"));
 * }</pre>
 *
 * <p><b>Parallel evaluation.</b> With {@code workers(k)} (default: {@link Parallel#threads()}) each of
 * k workers builds its own model copy from the factory and {@code loadStateDict}, and points are
 * handed out one at a time; with {@code workers(1)} the points run in turn and each matrix product
 * uses all threads instead. Which is faster depends on the model: see {@code SurfaceQuick} in
 * descent-bench (on 2 cores: for a 784-128-10 MLP over 1,000 samples the direct path runs about as
 * fast either way, the fast path below about 1.5× faster with 2 workers; for ResNet-20 at 14 × 14 the
 * two are within noise).
 *
 * <p><b>Resuming.</b> With {@code log(file)} every finished point is appended to a CSV file and forced
 * to disk ({@link PointLog}); a new run with the same settings reads it and computes only the
 * missing points, and the final grid is identical to an uninterrupted run.
 *
 * <p><b>Fast path.</b> For an {@code Mlp} (or a {@code Sequential} that starts with a {@code Linear}),
 * the first layer is linear in its parameters and its input (the data) is fixed, so
 * {@code X(W + αD + βE)ᵀ + (b + αd + βe) = Z₀ + α Z_δ + β Z_η} with the three products computed once;
 * each point then costs an element-wise combination plus the remaining layers instead of the first
 * (largest) matrix product. The result agrees with the direct evaluation up to float rounding;
 * {@code fastPath(false)} turns it off.
 */
public final class Surface2d {
    private final Supplier<Module> factory;
    private final Map<String, Tensor> base;
    private final Plane plane;
    private final EvalSet data;
    private final double[] xs;
    private final double[] ys;
    private final Loss loss;
    private final int workers;
    private final Path log;
    private final boolean sync;
    private final boolean fastPath;
    private final PointListener listener;
    private final int limit;

    private Surface2d(Builder b) {
        this.factory = b.factory;
        this.base = b.base;
        this.plane = b.plane;
        this.data = b.data;
        this.xs = b.xs;
        this.ys = b.ys;
        this.loss = b.loss;
        this.workers = b.workers;
        this.log = b.log;
        this.sync = b.sync;
        this.fastPath = b.fastPath;
        this.listener = b.listener;
        this.limit = b.limit;
    }

    /**
     * A surface around the weights {@code base} (a state dict: parameters and buffers by name).
     *
     * @param factory builds a fresh model of the right architecture (its weights are overwritten)
     */
    public static Builder builder(Supplier<Module> factory, Map<String, Tensor> base, Plane plane, EvalSet data) {
        return new Builder(factory, base, plane, data);
    }

    /** Settings of a surface run. */
    public static final class Builder {
        private final Supplier<Module> factory;
        private final Map<String, Tensor> base;
        private final Plane plane;
        private final EvalSet data;
        private double[] xs = Grid.linspace(-1, 1, 51);
        private double[] ys = Grid.linspace(-1, 1, 51);
        private Loss loss = Loss.CROSS_ENTROPY;
        private int workers = Parallel.threads();
        private Path log;
        private boolean sync = true;
        private boolean fastPath = true;
        private PointListener listener = PointListener.NONE;
        private int limit = -1;

        private Builder(Supplier<Module> factory, Map<String, Tensor> base, Plane plane, EvalSet data) {
            this.factory = factory;
            LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
            base.forEach((k, v) -> copy.put(k, v.detach().contiguous().clone()));
            this.base = copy;
            this.plane = plane;
            this.data = data;
        }

        /** An evenly spaced grid: {@code nx} values of α in [x0, x1], {@code ny} of β in [y0, y1]. */
        public Builder grid(double x0, double x1, int nx, double y0, double y1, int ny) {
            return coordinates(Grid.linspace(x0, x1, nx), Grid.linspace(y0, y1, ny));
        }

        /** Arbitrary increasing coordinates. */
        public Builder coordinates(double[] x, double[] y) {
            new Grid(x, y, new double[y.length][x.length]); // validates
            this.xs = x.clone();
            this.ys = y.clone();
            return this;
        }

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** Number of workers (model copies) evaluating points at once; 1 runs them in turn. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("need at least one worker, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Streams finished points to {@code file} and resumes from it (see {@link PointLog}). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** Whether each logged point is forced to disk (default true). */
        public Builder sync(boolean on) {
            this.sync = on;
            return this;
        }

        public Builder fastPath(boolean on) {
            this.fastPath = on;
            return this;
        }

        public Builder listener(PointListener l) {
            this.listener = l;
            return this;
        }

        /** Computes at most {@code n} new points, then returns (a controlled interruption, for tests and budgets). */
        public Builder limit(int n) {
            this.limit = n;
            return this;
        }

        public Surface2d build() {
            return new Surface2d(this);
        }
    }

    /**
     * A computed (or partly computed) surface.
     *
     * @param x        the α coordinates
     * @param y        the β coordinates
     * @param loss     {@code loss[j][i]} at {@code (x[i], y[j])}; NaN where not computed
     * @param accuracy the same layout
     * @param computed points computed by this run
     * @param resumed  points read back from the log
     * @param seconds  wall time of this run
     * @param workers  workers used
     * @param fastPath whether the linear first-layer path was used
     */
    public record Result(double[] x, double[] y, double[][] loss, double[][] accuracy, int computed, int resumed,
                         double seconds, int workers, boolean fastPath) {
        /** Whether every point has a value. */
        public boolean complete() {
            for (double[] row : loss) {
                for (double v : row) {
                    if (Double.isNaN(v)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** The loss as a picture grid. */
        public Grid lossGrid() {
            return new Grid(x, y, loss);
        }

        /** The accuracy as a picture grid. */
        public Grid accuracyGrid() {
            return new Grid(x, y, accuracy);
        }

        /** The loss at the grid point nearest to (0, 0) (the trained weights when 0 is on the grid). */
        public double centerLoss() {
            return loss[nearest(y, 0)][nearest(x, 0)];
        }

        /** Points per second of this run. */
        public double pointsPerSecond() {
            return computed / seconds;
        }

        private static int nearest(double[] v, double t) {
            int best = 0;
            for (int i = 1; i < v.length; i++) {
                if (Math.abs(v[i] - t) < Math.abs(v[best] - t)) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** The fingerprint of this surface's definition (grid, plane, weights, data, loss). */
    public String fingerprint() {
        return new Fingerprint().add("surface2d").add(xs).add(ys).add(loss.name()).add(plane.x().tensors())
                .add(plane.y().tensors()).add(base).add(data).hex();
    }

    /** Computes the grid (resuming from the log if one is set). */
    public Result run() {
        int nx = xs.length;
        int ny = ys.length;
        int total = nx * ny;
        double[][] lossGrid = new double[ny][nx];
        double[][] accGrid = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            java.util.Arrays.fill(lossGrid[j], Double.NaN);
            java.util.Arrays.fill(accGrid[j], Double.NaN);
        }
        boolean[] done = new boolean[total];
        long t0 = System.nanoTime();
        PointLog pointLog = null;
        int resumed = 0;
        try {
            if (log != null) {
                pointLog = PointLog.open(log, fingerprint(), total, sync);
                for (var e : pointLog.finished().entrySet()) {
                    int idx = e.getKey();
                    lossGrid[idx / nx][idx % nx] = e.getValue().loss();
                    accGrid[idx / nx][idx % nx] = e.getValue().accuracy();
                    if (!done[idx]) {
                        resumed++;
                    }
                    done[idx] = true;
                }
            }
            PointLog sink = pointLog;
            int[] finished = {resumed};
            List<String> names = plane.x().names();
            LinearHead.Precomputed pre = null;
            if (fastPath && resumed < total) {
                Module probe = factory.get();
                if (LinearHead.applies(probe, names)) {
                    pre = LinearHead.precompute(probe, base, plane, data);
                }
            }
            LinearHead.Precomputed shared = pre;
            int computed = GridRunner.run(total, done, workers, w -> newWorker(names, shared), (index, m) -> {
                int i = index % nx;
                int j = index / nx;
                lossGrid[j][i] = m.loss();
                accGrid[j][i] = m.accuracy();
                if (sink != null) {
                    sink.append(index, xs[i], ys[j], m);
                }
                finished[0]++;
                listener.onPoint(index, finished[0], total, m);
            }, limit);
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Result(xs.clone(), ys.clone(), lossGrid, accGrid, computed, resumed, secs,
                    Math.max(1, Math.min(workers, total)), pre != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (pointLog != null) {
                try {
                    pointLog.close();
                } catch (IOException e) {
                    // the points are already forced to disk; nothing more to save
                }
            }
        }
    }

    private GridRunner.Worker<Metrics> newWorker(List<String> names, LinearHead.Precomputed pre) {
        Module m = factory.get();
        m.loadStateDict(base, true);
        m.eval();
        int nx = xs.length;
        if (pre != null) {
            LinearHead head = new LinearHead(m, base, plane, data, loss, pre);
            return index -> head.evaluate(xs[index % nx], ys[index / nx]);
        }
        List<Map<String, Tensor>> sources = new ArrayList<>();
        sources.add(base);
        sources.add(plane.x().tensors());
        sources.add(plane.y().tensors());
        Combiner c = new Combiner(m, names, sources);
        return index -> {
            c.set(1.0, xs[index % nx], ys[index / nx]);
            return data.evaluate(m, loss);
        };
    }
}
