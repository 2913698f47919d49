package dev.descent.surface.curvature;

import dev.descent.data.Batch;
import dev.descent.nn.Module;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.optim.SGD;
import dev.descent.report.LinePlot;
import dev.descent.report.Series;
import dev.descent.surface.Loss;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Sharpness along a full-batch gradient-descent run (Cohen et al. 2021, "edge of stability"): every
 * {@code every} steps, λmax of the Hessian of the training loss, next to the stability threshold of
 * the update rule: {@code 2/lr} for GD (on a quadratic, GD is stable iff λmax &lt; 2/lr), and
 * {@code (2 + 2β)/lr} for heavy-ball momentum β. Cohen et al. observe progressive sharpening:
 * λmax rises until it reaches the threshold, then hovers at or just above it while the loss keeps
 * falling non-monotonically.
 *
 * <p>The run uses the library's own {@link Optimizer} with {@link SGD} (momentum, optionally
 * Nesterov); each step's gradient is that of the mean loss over all the given batches (full batch).
 * λmax comes from {@link Lanczos} (as Cohen et al.'s {@code eigsh}) on the exact HVP over the same
 * batches. Models with batch norm are measured in evaluation mode and trained in training mode, so
 * prefer models without it (Cohen et al.'s fc-tanh nets).
 */
public final class Sharpness {
    private final Module model;
    private final List<Batch> data;
    private double lr = 0.01;
    private double momentum = 0;
    private boolean nesterov = false;
    private int steps = 200;
    private int every = 10;
    private int lanczosSteps = 20;
    private double tol = 1e-3;
    private Loss loss = Loss.HALF_SQUARE_ONE_HOT;
    private long seed = 0;
    private Consumer<String> progress = s -> { };

    private Sharpness(Module model, List<Batch> data) {
        this.model = model;
        this.data = List.copyOf(data);
    }

    /** Full-batch training of {@code model} (in place) on {@code data}, with sharpness tracking. */
    public static Sharpness of(Module model, List<Batch> data) {
        return new Sharpness(model, data);
    }

    public Sharpness lr(double v) {
        this.lr = v;
        return this;
    }

    /** Heavy-ball momentum β (PyTorch's form) and whether it is Nesterov's. */
    public Sharpness momentum(double beta, boolean nesterov) {
        this.momentum = beta;
        this.nesterov = nesterov;
        return this;
    }

    public Sharpness steps(int n) {
        this.steps = n;
        return this;
    }

    /** Measure λmax every {@code n} steps (and at step 0). */
    public Sharpness every(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + n);
        }
        this.every = n;
        return this;
    }

    /** Lanczos step limit and residual tolerance of each λmax. */
    public Sharpness eigen(int lanczosSteps, double tol) {
        this.lanczosSteps = lanczosSteps;
        this.tol = tol;
        return this;
    }

    /** The training loss (default Cohen et al.'s ½‖f − onehot(y)‖²). */
    public Sharpness loss(Loss l) {
        this.loss = l;
        return this;
    }

    public Sharpness seed(long s) {
        this.seed = s;
        return this;
    }

    public Sharpness progress(Consumer<String> p) {
        this.progress = p;
        return this;
    }

    /**
     * The trace.
     *
     * @param measuredAt steps at which λmax was measured
     * @param lambdaMax  λmax at those steps
     * @param loss       the training loss before each step 0..steps (length steps + 1)
     * @param lr         learning rate
     * @param momentum   β
     * @param products   Hessian-vector products spent
     */
    public record Result(int[] measuredAt, double[] lambdaMax, double[] loss, double lr, double momentum, boolean nesterov,
                         int products, double seconds) {
        /** 2/lr: the GD stability threshold. */
        public double gdThreshold() {
            return 2 / lr;
        }

        /** (2 + 2β)/lr: the heavy-ball threshold (equal to 2/lr without momentum). */
        public double momentumThreshold() {
            return (2 + 2 * momentum) / lr;
        }

        /** The threshold that applies to this run. */
        public double threshold() {
            return momentum == 0 ? gdThreshold() : momentumThreshold();
        }

        /** λmax against the step, with the threshold(s) as flat lines. */
        public LinePlot figure() {
            double[] xs = new double[measuredAt.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = measuredAt[i];
            }
            double[] flatX = {0, Math.max(1, loss.length - 1)};
            LinePlot p = new LinePlot().title(String.format(Locale.ROOT, "Sharpness under full-batch %s, lr %s",
                            momentum == 0 ? "GD" : (nesterov ? "Nesterov β=" : "momentum β=") + (momentum == 0 ? "" : fmt(momentum)),
                            fmt(lr)))
                    .labels("step", "λmax of the Hessian").markers(true)
                    .series(new Series("λmax", xs, lambdaMax))
                    .series(new Series("2/lr = " + fmt(gdThreshold()), flatX, new double[] {gdThreshold(), gdThreshold()}));
            if (momentum != 0) {
                p.series(new Series("(2+2β)/lr = " + fmt(momentumThreshold()), flatX,
                        new double[] {momentumThreshold(), momentumThreshold()}));
            }
            return p;
        }

        /** The training loss against the step. */
        public LinePlot lossFigure() {
            return new LinePlot().title("Training loss (full batch)").labels("step", "loss").logY(true)
                    .series(Series.ofSteps("loss", loss));
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
    }

    public Result run() {
        long t0 = System.nanoTime();
        SGD rule = Momentum.of(lr, momentum).nesterov(nesterov);
        if (momentum == 0) {
            rule = SGD.withLr(lr);
        }
        Optimizer opt = new Optimizer(model.namedParameters(), rule);
        Generator gen = new Generator(seed);
        int total = 0;
        for (Batch b : data) {
            total += b.size();
        }
        List<Integer> at = new ArrayList<>();
        List<Double> lam = new ArrayList<>();
        double[] losses = new double[steps + 1];
        int products = 0;
        for (int s = 0; s <= steps; s++) {
            if (s % every == 0 || s == steps) {
                HessianVectorProduct h = new HessianVectorProduct(model, data, loss, HessianVectorProduct.Params.ALL, true);
                Eigenpairs e = Lanczos.top(h, 1, lanczosSteps, tol, gen);
                at.add(s);
                lam.add(e.values()[0]);
                products += e.products();
                progress.accept(String.format(Locale.ROOT, "step %d: λmax %.4g (threshold %.4g)", s, e.values()[0],
                        momentum == 0 ? 2 / lr : (2 + 2 * momentum) / lr));
            }
            model.train();
            opt.zeroGrad();
            Tensor l = null;
            for (Batch b : data) {
                Tensor part = loss.sum(model.forward(b.x()), b.y()).div(total);
                l = l == null ? part : l.add(part);
            }
            losses[s] = l.item();
            if (!Double.isFinite(losses[s])) {
                throw new ArithmeticException("the training loss became " + losses[s] + " at step " + s + " (lr " + lr
                        + " is above the stability threshold by too much: the run diverged)");
            }
            if (s == steps) {
                break;
            }
            l.backward();
            opt.step();
        }
        model.eval();
        return new Result(at.stream().mapToInt(Integer::intValue).toArray(), lam.stream().mapToDouble(Double::doubleValue)
                .toArray(), losses, lr, momentum, nesterov, products, (System.nanoTime() - t0) / 1e9);
    }
}
