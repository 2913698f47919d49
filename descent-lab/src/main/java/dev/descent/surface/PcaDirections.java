package dev.descent.surface;

import dev.descent.nn.Module;
import dev.descent.surface.curvature.Eigenpairs;
import dev.descent.surface.curvature.LinearOperator;
import dev.descent.surface.curvature.PowerIteration;
import dev.descent.surface.curvature.Vectors;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The plane of an optimizer's path (LL's {@code projection.py}): from saved parameters θ₀ … θ_n,
 * the rows {@code d_i = θ_i − θ_n} (entries of biases and batch-norm parameters zeroed with
 * {@code ignoreBiasBn}, LL's default), centred by their mean as {@code sklearn.PCA} does; the first two
 * principal components span the plane. Since the number of snapshots is small and the dimension
 * large, they come from the n × n Gram matrix {@code G = X Xᵀ}: power iteration with deflation gives
 * its top eigenpairs (σ_k², u_k), refined by Rayleigh–Ritz on their span, and {@code pc_k = Xᵀu_k / ‖Xᵀu_k‖}. The explained-variance ratio of
 * pc_k is σ_k² / tr G. The components are unit vectors and are <em>not</em> filter-normalized.
 *
 * <p>Each snapshot projects to {@code x_i = ⟨θ_i − θ_n, pc₁⟩}, {@code y_i = ⟨θ_i − θ_n, pc₂⟩} (LL's
 * {@code cos} method; the components have unit norm). The contour under the path is the loss on the
 * plane around θ_n, which need not equal the loss at the path's points (LL issue #1): {@link #pathLosses}
 * evaluates both.
 */
public final class PcaDirections {
    private PcaDirections() {}

    /**
     * The fitted plane and the projected path.
     *
     * @param plane      pc₁ and pc₂ as directions over the parameters (metadata {@code kind=pca})
     * @param explained  explained-variance ratios of pc₁ and pc₂
     * @param x          projection of each snapshot on pc₁
     * @param y          projection of each snapshot on pc₂
     * @param iterations power iterations spent on each component
     */
    public record Result(Plane plane, double[] explained, double[] x, double[] y, int[] iterations) {
        /**
         * A square-ish range around the path: its bounding box widened by {@code margin} times its
         * span on each side (at least ±{@code minHalfWidth} around 0).
         *
         * @return {x0, x1, y0, y1}
         */
        public double[] range(double margin, double minHalfWidth) {
            double[] r = new double[4];
            double[][] both = {x, y};
            for (int a = 0; a < 2; a++) {
                double lo = 0;
                double hi = 0;
                for (double v : both[a]) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                double span = Math.max(hi - lo, 1e-12);
                lo = Math.min(lo - margin * span, -minHalfWidth);
                hi = Math.max(hi + margin * span, minHalfWidth);
                r[2 * a] = lo;
                r[2 * a + 1] = hi;
            }
            return r;
        }
    }

    /**
     * Fits the plane to a path of parameter snapshots (each a map name → tensor; the last is θ_n).
     * Names and shapes must agree across snapshots.
     */
    public static Result fit(List<Map<String, Tensor>> path, boolean ignoreBiasBn) {
        if (path.size() < 3) {
            throw new IllegalArgumentException("PCA of a path needs at least 3 snapshots (two differences), got " + path.size());
        }
        Map<String, Tensor> last = path.getLast();
        List<String> names = new ArrayList<>(last.keySet());
        int n = path.size();
        double[] end = flatten(last, names, null);
        boolean[] keep = mask(last, names, ignoreBiasBn);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] v = flatten(path.get(i), names, last);
            for (int k = 0; k < v.length; k++) {
                v[k] = keep[k] ? v[k] - end[k] : 0;
            }
            rows[i] = v;
        }
        int dim = end.length;
        double[] mean = new double[dim];
        for (double[] r : rows) {
            Vectors.axpy(1.0 / n, r, mean);
        }
        double[][] centred = new double[n][];
        for (int i = 0; i < n; i++) {
            centred[i] = rows[i].clone();
            Vectors.axpy(-1, mean, centred[i]);
        }
        double[][] gram = new double[n][n];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double g = Vectors.dot(centred[i], centred[j]);
                gram[i][j] = g;
                gram[j][i] = g;
            }
            trace += gram[i][i];
        }
        if (!(trace > 0)) {
            throw new IllegalArgumentException("the snapshots are all equal (after removing biases and batch-norm parameters): "
                    + "there is no path to project");
        }
        Eigenpairs top = PowerIteration.top(LinearOperator.dense(gram), 2, 20_000, 1e-15, new Generator(0));
        double[][] u = ritz(gram, top.vectors()[0], top.vectors()[1]);
        double[][] pcs = new double[2][];
        double[] explained = new double[2];
        for (int k = 0; k < 2; k++) {
            double[] pc = new double[dim];
            for (int i = 0; i < n; i++) {
                Vectors.axpy(u[k][i], centred[i], pc);
            }
            double norm = Vectors.norm(pc);
            if (!(norm > 0)) {
                throw new IllegalArgumentException("the path spans fewer than two dimensions: no second principal component");
            }
            pcs[k] = Vectors.scale(1 / norm, pc);
            explained[k] = Math.max(0, u[2][k]) / trace;
        }
        // exact orthogonality of the components, whatever the rounding
        Vectors.axpy(-Vectors.dot(pcs[0], pcs[1]), pcs[0], pcs[1]);
        Vectors.normalize(pcs[1]);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Vectors.dot(rows[i], pcs[0]);
            y[i] = Vectors.dot(rows[i], pcs[1]);
        }
        Map<String, Tensor> like = new LinkedHashMap<>();
        for (String name : names) {
            like.put(name, last.get(name));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "pca");
        meta.put("ignore", ignoreBiasBn ? "biasbn" : "none");
        meta.put("snapshots", Integer.toString(n));
        meta.put("explained_variance_ratio", explained[0] + "," + explained[1]);
        Plane plane = new Plane(Direction.fromFlat(like, pcs[0]), Direction.fromFlat(like, pcs[1]), meta);
        return new Result(plane, explained, x, y, top.iterations());
    }

    /**
     * Rayleigh–Ritz on span(a, b): the exact eigenpairs of G restricted to the plane of the two power-iteration
     * vectors (a 2 × 2 problem), so that the pair is orthonormal and sorted even if power iteration stopped with
     * the two top eigenvectors mixed. Returns {u₁, u₂, {μ₁, μ₂}}.
     */
    static double[][] ritz(double[][] g, double[] a, double[] b) {
        double[] q1 = Vectors.normalize(a.clone());
        double[] q2 = b.clone();
        Vectors.orthogonalize(q2, List.of(q1));
        Vectors.normalize(q2);
        LinearOperator op = LinearOperator.dense(g);
        double[] g1 = op.apply(q1);
        double[] g2 = op.apply(q2);
        double h11 = Vectors.dot(q1, g1);
        double h12 = 0.5 * (Vectors.dot(q1, g2) + Vectors.dot(q2, g1));
        double h22 = Vectors.dot(q2, g2);
        double mean = 0.5 * (h11 + h22);
        double rad = Math.hypot(0.5 * (h11 - h22), h12);
        double mu1 = mean + rad;
        double mu2 = mean - rad;
        double angle = 0.5 * Math.atan2(2 * h12, h11 - h22); // rotation that diagonalizes [[h11, h12], [h12, h22]]
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[] u1 = new double[q1.length];
        double[] u2 = new double[q1.length];
        for (int i = 0; i < q1.length; i++) {
            u1[i] = c * q1[i] + s * q2[i];
            u2[i] = -s * q1[i] + c * q2[i];
        }
        return new double[][] {u1, u2, {mu1, mu2}};
    }

    private static double[] flatten(Map<String, Tensor> m, List<String> names, Map<String, Tensor> shapeOf) {
        int total = 0;
        for (String k : names) {
            Tensor t = m.get(k);
            if (t == null) {
                throw new IllegalArgumentException("a snapshot lacks parameter '" + k + "'");
            }
            if (shapeOf != null && !java.util.Arrays.equals(t.shapeRef(), shapeOf.get(k).shapeRef())) {
                throw new IllegalArgumentException("parameter '" + k + "' changes shape along the path");
            }
            total += t.numel();
        }
        double[] out = new double[total];
        int o = 0;
        for (String k : names) {
            double[] d = m.get(k).detach().contiguous().toDoubleArray();
            System.arraycopy(d, 0, out, o, d.length);
            o += d.length;
        }
        return out;
    }

    private static boolean[] mask(Map<String, Tensor> m, List<String> names, boolean ignoreBiasBn) {
        int total = 0;
        for (String k : names) {
            total += m.get(k).numel();
        }
        boolean[] keep = new boolean[total];
        int o = 0;
        for (String k : names) {
            Tensor t = m.get(k);
            boolean on = !(ignoreBiasBn && t.dim() <= 1);
            java.util.Arrays.fill(keep, o, o + t.numel(), on);
            o += t.numel();
        }
        return keep;
    }

    /**
     * The loss at each snapshot and on the plane at its projection.
     *
     * @param trueLoss  L(θ_i), with θ_i's own buffers
     * @param planeLoss L(θ_n + x_i·pc₁ + y_i·pc₂), with θ_n's buffers (what the contour shows there)
     */
    public record PathLosses(double[] trueLoss, double[] planeLoss) {
        /** The largest |true − plane| along the path. */
        public double maxGap() {
            double g = 0;
            for (int i = 0; i < trueLoss.length; i++) {
                g = Math.max(g, Math.abs(trueLoss[i] - planeLoss[i]));
            }
            return g;
        }
    }

    /**
     * Evaluates both losses along the path.
     *
     * @param states the full state dicts (parameters and buffers) of the snapshots, last = θ_n
     */
    public static PathLosses pathLosses(Result fit, Supplier<Module> factory, List<Map<String, Tensor>> states, EvalSet data,
                                        Loss loss) {
        int n = states.size();
        if (n != fit.x().length) {
            throw new IllegalArgumentException(n + " states for a path of " + fit.x().length + " snapshots");
        }
        Module m = factory.get();
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) {
            m.loadStateDict(states.get(i), true);
            truth[i] = data.evaluate(m, loss).loss();
        }
        m.loadStateDict(states.getLast(), true);
        Combiner c = new Combiner(m, fit.plane().x().names(),
                List.of(states.getLast(), fit.plane().x().tensors(), fit.plane().y().tensors()));
        double[] onPlane = new double[n];
        for (int i = 0; i < n; i++) {
            c.set(1.0, fit.x()[i], fit.y()[i]);
            onPlane[i] = data.evaluate(m, loss).loss();
        }
        return new PathLosses(truth, onPlane);
    }
}
