package dev.descent.surface;

import dev.descent.kernel.Parallel;
import dev.descent.nn.Module;
import dev.descent.report.Grid;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Linear interpolation between two sets of weights (Goodfellow, Vinyals and Saxe 2015; LL's 1-D
 * plots between two minimizers): loss and accuracy of {@code θ(α) = (1 − α)θ₀ + αθ₁} on a grid of α,
 * on a fixed evaluation set in evaluation mode.
 *
 * <p>With {@code states(true)} (the default, LL's {@code --dir_type states}) the batch-norm running
 * means and variances are interpolated too, as LL's README requires when two solutions share one
 * plot: otherwise the statistics of θ₀ would be used with the weights of θ(α), which is a model
 * neither run trained. With {@code states(false)} only the parameters move and every buffer keeps
 * θ₀'s value. LL's interpolation grid is {@code −0.5:1.5:401}; the default here is 41 points on the
 * same interval.
 */
public final class Interpolation1d {
    private final Supplier<Module> factory;
    private final Map<String, Tensor> theta0;
    private final Map<String, Tensor> theta1;
    private final EvalSet data;
    private double[] alphas = Grid.linspace(-0.5, 1.5, 41);
    private boolean states = true;
    private Loss loss = Loss.CROSS_ENTROPY;
    private int workers = Parallel.threads();

    private Interpolation1d(Supplier<Module> factory, Map<String, Tensor> theta0, Map<String, Tensor> theta1, EvalSet data) {
        this.factory = factory;
        this.theta0 = copy(theta0);
        this.theta1 = copy(theta1);
        this.data = data;
        if (!this.theta0.keySet().equals(this.theta1.keySet())) {
            throw new IllegalArgumentException("the two weight sets name different tensors: " + this.theta0.keySet() + " and "
                    + this.theta1.keySet());
        }
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> m) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.detach().contiguous().clone()));
        return out;
    }

    /** An interpolation from state dict {@code theta0} (α = 0) to {@code theta1} (α = 1). */
    public static Interpolation1d between(Supplier<Module> factory, Map<String, Tensor> theta0, Map<String, Tensor> theta1,
                                          EvalSet data) {
        return new Interpolation1d(factory, theta0, theta1, data);
    }

    /** The α values (increasing). */
    public Interpolation1d alphas(double[] a) {
        new Grid(a, new double[] {0, 1}, new double[2][a.length]); // validates: increasing, at least 2
        this.alphas = a.clone();
        return this;
    }

    /** Whether buffers (batch-norm running statistics) are interpolated too (default true). */
    public Interpolation1d states(boolean on) {
        this.states = on;
        return this;
    }

    public Interpolation1d loss(Loss l) {
        this.loss = l;
        return this;
    }

    public Interpolation1d workers(int w) {
        if (w < 1) {
            throw new IllegalArgumentException("need at least one worker, got " + w);
        }
        this.workers = w;
        return this;
    }

    /**
     * @param alpha    the α values
     * @param loss     loss at each α
     * @param accuracy accuracy at each α
     * @param states   whether buffers were interpolated
     * @param seconds  wall time
     */
    public record Result(double[] alpha, double[] loss, double[] accuracy, boolean states, double seconds) {
        /** The largest rise of the loss above the straight line between its end values at α = 0 and 1 (a barrier). */
        public double barrier() {
            double l0 = Double.NaN;
            double l1 = Double.NaN;
            for (int i = 0; i < alpha.length; i++) {
                if (alpha[i] == 0) {
                    l0 = loss[i];
                }
                if (alpha[i] == 1) {
                    l1 = loss[i];
                }
            }
            double worst = 0;
            for (int i = 0; i < alpha.length; i++) {
                if (alpha[i] >= 0 && alpha[i] <= 1) {
                    worst = Math.max(worst, loss[i] - ((1 - alpha[i]) * l0 + alpha[i] * l1));
                }
            }
            return worst;
        }
    }

    public Result run() {
        long t0 = System.nanoTime();
        Module probe = factory.get();
        List<String> names = new ArrayList<>(states ? probe.stateDict().keySet() : probe.namedParameters().keySet());
        names.removeIf(n -> !theta0.containsKey(n));
        int n = alphas.length;
        double[] l = new double[n];
        double[] acc = new double[n];
        GridRunner.<Metrics>run(n, new boolean[n], workers, w -> {
            Module m = factory.get();
            m.loadStateDict(theta0, true);
            m.eval();
            Combiner c = new Combiner(m, names, List.of(theta0, theta1));
            return index -> {
                c.set(1 - alphas[index], alphas[index]);
                return data.evaluate(m, loss);
            };
        }, (index, m) -> {
            l[index] = m.loss();
            acc[index] = m.accuracy();
        }, -1);
        return new Result(alphas.clone(), l, acc, states, (System.nanoTime() - t0) / 1e9);
    }
}
