package dev.descent.surface.curvature;

import dev.descent.data.Batch;
import dev.descent.nn.Module;
import dev.descent.report.Grid;
import dev.descent.surface.GridRunner;
import dev.descent.surface.Loss;
import dev.descent.surface.Plane;
import dev.descent.surface.Perturbation;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * LL's convexity map ({@code plot_hessian_eigen.py}): at each point {@code θ + αδ + βη} of a grid,
 * the extreme Hessian eigenvalues λmax and λmin and the ratio {@code |λmin/λmax|}, small where the
 * surface is locally convex (negative curvature negligible) and large where it is not; LL draws it
 * with the colour range 0–0.5.
 *
 * <p>The method is LL's: {@code eigsh(k=1, tol=1e-2)} (ARPACK's Lanczos) gives the eigenvalue λ₁ of
 * largest magnitude, then the same on the shifted operator {@code H − σI} with {@code σ = 0.51·λ₁}
 * gives {@code μ}, and the other end of the spectrum is {@code μ + σ}: if H has any eigenvalue below
 * {@code 0.02·λ₁}, it is farther from σ than λ₁ is (if none is, the second solve returns λ₁'s end
 * again, and a third solve with {@code σ = λ₁} finds the other end; LL would report λ₁ twice). Here each solve is {@link Lanczos} with full
 * reorthogonalization, stopped by the residual bound at {@code tol} or after {@code steps} products.
 * {@link Method#SINGLE_KRYLOV} instead reads both ends off one Lanczos run of {@code 2·steps} steps
 * (same cost; Krylov spaces are shift-invariant, so the second LL solve only restarts the first).
 *
 * <p>The Hessian is that of the mean loss on the given batches, with the model in evaluation mode,
 * with respect to the parameters of dimension above 1 by default (LL's {@code hess_vec_prod}).
 * Points are evaluated one after the other on the given model (each HVP's kernels use all threads),
 * or on several model copies at once with {@link #workers}, which is faster for convolutional nets
 * whose small products do not split well across threads.
 */
public final class ConvexityMap {
    /** How λmin is found. */
    public enum Method {
        /** LL: largest-magnitude eigenvalue, then the largest-magnitude one of the shifted operator. */
        SHIFTED,
        /** Both ends from one Lanczos run of twice the steps. */
        SINGLE_KRYLOV
    }

    private final Module model;
    private final Map<String, Tensor> base;
    private final Plane plane;
    private final List<Batch> batches;
    private double[] xs = Grid.linspace(-1, 1, 11);
    private double[] ys = Grid.linspace(-1, 1, 11);
    private int steps = 20;
    private double tol = 1e-2;
    private long seed = 0;
    private Method method = Method.SHIFTED;
    private HessianVectorProduct.Params params = HessianVectorProduct.Params.WEIGHTS;
    private Loss loss = Loss.CROSS_ENTROPY;
    private IntConsumer progress = i -> { };
    private java.util.function.Supplier<Module> factory;
    private int workers = 1;

    private ConvexityMap(Module model, Map<String, Tensor> base, Plane plane, List<Batch> batches) {
        this.model = model;
        this.base = base;
        this.plane = plane;
        this.batches = batches;
    }

    /**
     * A map around {@code base} (a state dict) on {@code plane}, computed on {@code model} (its
     * parameters are overwritten and restored to {@code base} at the end).
     */
    public static ConvexityMap of(Module model, Map<String, Tensor> base, Plane plane, List<Batch> batches) {
        return new ConvexityMap(model, base, plane, batches);
    }

    public ConvexityMap grid(double x0, double x1, int nx, double y0, double y1, int ny) {
        this.xs = Grid.linspace(x0, x1, nx);
        this.ys = Grid.linspace(y0, y1, ny);
        return this;
    }

    /** The Lanczos step limit of each eigenvalue solve (default 20). */
    public ConvexityMap steps(int s) {
        if (s < 2) {
            throw new IllegalArgumentException("need at least 2 Lanczos steps, got " + s);
        }
        this.steps = s;
        return this;
    }

    /** The residual tolerance of each solve, relative to the eigenvalue (LL: 1e-2). */
    public ConvexityMap tol(double t) {
        this.tol = t;
        return this;
    }

    public ConvexityMap seed(long s) {
        this.seed = s;
        return this;
    }

    public ConvexityMap method(Method m) {
        this.method = m;
        return this;
    }

    public ConvexityMap params(HessianVectorProduct.Params p) {
        this.params = p;
        return this;
    }

    public ConvexityMap loss(Loss l) {
        this.loss = l;
        return this;
    }

    /**
     * Evaluates points on {@code workers} model copies at once, each built by {@code factory} (the
     * weights are loaded from the base). Every point uses its own seeded start vectors, so the map
     * does not depend on the number of workers.
     */
    public ConvexityMap workers(int workers, java.util.function.Supplier<Module> factory) {
        if (workers < 1) {
            throw new IllegalArgumentException("need at least one worker, got " + workers);
        }
        this.workers = workers;
        this.factory = factory;
        return this;
    }

    /** Called with the index of each finished point. */
    public ConvexityMap progress(IntConsumer p) {
        this.progress = p;
        return this;
    }

    /**
     * The map.
     *
     * @param x         α coordinates
     * @param y         β coordinates
     * @param lambdaMax {@code [ny][nx]} largest eigenvalue
     * @param lambdaMin {@code [ny][nx]} smallest eigenvalue
     * @param ratio     {@code [ny][nx]} |λmin/λmax|
     * @param converged {@code [ny][nx]} whether every solve at the point met the tolerance (LL's eigsh would
     *                  iterate until it does; with few steps λmin is often not resolved)
     * @param products  Hessian-vector products in all
     * @param samples   samples behind each Hessian
     * @param seconds   wall time
     */
    public record Result(double[] x, double[] y, double[][] lambdaMax, double[][] lambdaMin, double[][] ratio,
                         boolean[][] converged, int products, int samples, double seconds, int steps, double tol, Method method) {
        /** The number of points whose solves all met the tolerance within the step limit. */
        public int convergedCount() {
            int n = 0;
            for (boolean[] row : converged) {
                for (boolean c : row) {
                    n += c ? 1 : 0;
                }
            }
            return n;
        }

        public Grid ratioGrid() {
            return new Grid(x, y, ratio);
        }

        public Grid lambdaMaxGrid() {
            return new Grid(x, y, lambdaMax);
        }

        public Grid lambdaMinGrid() {
            return new Grid(x, y, lambdaMin);
        }
    }

    /** Extreme eigenvalues of one operator: {λmin, λmax, products, converged (1 or 0)}. */
    public static double[] extremes(LinearOperator h, Method method, int steps, double tol, Generator gen) {
        if (method == Method.SINGLE_KRYLOV) {
            Lanczos.Run run = Lanczos.run(h, Vectors.gaussian(h.dim(), gen), 2 * steps);
            var e = run.ritz();
            double tnorm = Math.max(Math.abs(e.min()), Math.abs(e.max()));
            boolean ok = run.residual(e.vectors()[0]) <= tol * Math.max(Math.abs(e.min()), 1e-12 * tnorm)
                    && run.residual(e.vectors()[e.size() - 1]) <= tol * Math.max(Math.abs(e.max()), 1e-12 * tnorm);
            return new double[] {e.min(), e.max(), run.products(), ok ? 1 : 0};
        }
        Eigenpairs first = Lanczos.eigenpairs(h, 1, Lanczos.Which.LARGEST_MAGNITUDE, steps, tol, gen);
        double l1 = first.values()[0];
        int products = first.products();
        boolean ok = first.allConverged();
        double other = l1;
        if (l1 != 0) {
            double sigma = 0.51 * l1;
            Eigenpairs second = Lanczos.eigenpairs(h.shifted(sigma), 1, Lanczos.Which.LARGEST_MAGNITUDE, steps, tol, gen);
            other = second.values()[0] + sigma;
            products += second.products();
            ok &= second.allConverged();
            if (Math.abs(other - l1) <= Math.max(tol, 1e-9) * Math.abs(l1)) {
                // the shifted solve found λ₁'s end again: no eigenvalue lies beyond 0.02·λ₁ on the other side
                // (never the case for a network's Hessian, whose bulk sits at 0); shift by λ₁ itself, which maps
                // the spectrum into [−2|λ₁|, 0] with the other end largest in magnitude
                Eigenpairs third = Lanczos.eigenpairs(h.shifted(l1), 1, Lanczos.Which.LARGEST_MAGNITUDE, steps, tol, gen);
                other = third.values()[0] + l1;
                products += third.products();
                ok = first.allConverged() && third.allConverged();
            }
        }
        return new double[] {Math.min(l1, other), Math.max(l1, other), products, ok ? 1 : 0};
    }

    public Result run() {
        long t0 = System.nanoTime();
        int nx = xs.length;
        int ny = ys.length;
        double[][] lmax = new double[ny][nx];
        double[][] lmin = new double[ny][nx];
        double[][] ratio = new double[ny][nx];
        boolean[][] conv = new boolean[ny][nx];
        int[] products = {0};
        int[] samples = {0};
        int total = nx * ny;
        if (factory == null || workers == 1) {
            Perturbation p = Perturbation.of(model, base, plane);
            try {
                for (int idx = 0; idx < total; idx++) {
                    store(idx, point(model, p, idx), lmin, lmax, ratio, conv, products, samples);
                    progress.accept(idx);
                }
            } finally {
                p.set(0, 0);
            }
        } else {
            GridRunner.<double[]>run(total, new boolean[total], workers, w -> {
                Module m = factory.get();
                Perturbation p = Perturbation.of(m, base, plane);
                return idx -> point(m, p, idx);
            }, (idx, e) -> {
                store(idx, e, lmin, lmax, ratio, conv, products, samples);
                progress.accept(idx);
            }, -1);
        }
        return new Result(xs.clone(), ys.clone(), lmax, lmin, ratio, conv, products[0], samples[0],
                (System.nanoTime() - t0) / 1e9, steps, tol, method);
    }

    /** {λmin, λmax, products, converged, samples} at grid point {@code idx}, on a model moved there by {@code p}. */
    private double[] point(Module m, Perturbation p, int idx) {
        int nx = xs.length;
        p.set(xs[idx % nx], ys[idx / nx]);
        HessianVectorProduct h = new HessianVectorProduct(m, batches, loss, params, true);
        double[] e = extremes(h, method, steps, tol, new Generator(seed * 1_000_003L + idx));
        return new double[] {e[0], e[1], e[2], e[3], h.samples()};
    }

    private void store(int idx, double[] e, double[][] lmin, double[][] lmax, double[][] ratio, boolean[][] conv,
                       int[] products, int[] samples) {
        int nx = xs.length;
        int i = idx % nx;
        int j = idx / nx;
        lmin[j][i] = e[0];
        lmax[j][i] = e[1];
        ratio[j][i] = Math.abs(e[0] / e[1]);
        conv[j][i] = e[3] == 1;
        products[0] += (int) e[2];
        samples[0] = (int) e[4];
    }
}
