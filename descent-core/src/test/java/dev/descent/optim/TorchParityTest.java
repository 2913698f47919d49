package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trajectories of every algorithm on 2-D test functions, step by step against PyTorch (fixtures from
 * {@code scripts/torch_fixtures/optim_fixtures.py}): float64 within 1e-10 relative, and a small
 * float32 MLP within 1e-5.
 */
class TorchParityTest {
    static final double TOL64 = 1e-10;
    static final double TOL32 = 1e-5;

    static final Map<String, Object> TRAJ = Json.resource("/fixtures/torch/optim_trajectories.json");

    /** Value and gradient with the same formula and operation order as the fixture script. */
    static double[] function(String name, double x, double y) {
        switch (name) {
            case "rosenbrock" -> {
                double a = 1.0 - x;
                double b = y - x * x;
                return new double[] {a * a + 100.0 * b * b, -2.0 * a - 400.0 * x * b, 200.0 * b};
            }
            case "quadratic" -> {
                return new double[] {0.5 * (x * x + 100.0 * y * y), x, 100.0 * y};
            }
            case "himmelblau" -> {
                double a = x * x + y - 11.0;
                double b = x + y * y - 7.0;
                return new double[] {a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b};
            }
            case "beale" -> {
                double t1 = 1.5 - x + x * y;
                double t2 = 2.25 - x + x * y * y;
                double t3 = 2.625 - x + x * y * y * y;
                double f = t1 * t1 + t2 * t2 + t3 * t3;
                double gx = 2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y * y - 1.0) + 2.0 * t3 * (y * y * y - 1.0);
                double gy = 2.0 * t1 * x + 2.0 * t2 * (2.0 * x * y) + 2.0 * t3 * (3.0 * x * y * y);
                return new double[] {f, gx, gy};
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    static Algorithm defaults(String name) {
        return switch (name) {
            case "SGD" -> SGD.defaults();
            case "Adagrad" -> Adagrad.defaults();
            case "RMSprop" -> RMSprop.defaults();
            case "Adadelta" -> Adadelta.defaults();
            case "Adam" -> Adam.defaults();
            case "AdamW" -> AdamW.defaults();
            case "Adamax" -> Adamax.defaults();
            case "NAdam" -> NAdam.defaults();
            case "RAdam" -> RAdam.defaults();
            case "ASGD" -> ASGD.defaults();
            case "Rprop" -> Rprop.defaults();
            case "LBFGS" -> LBFGS.defaults();
            case "Lion" -> Lion.defaults();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Algorithm build(Map<String, Object> run) {
        Algorithm a = defaults((String) run.get("algorithm"));
        for (Map.Entry<String, Object> e : Json.map(run.get("hyper")).entrySet()) {
            a = a.with(e.getKey(), e.getValue());
        }
        return a;
    }

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (Object o : Json.list(TRAJ.get("runs"))) {
            Map<String, Object> r = Json.map(o);
            out.add(Arguments.of(r.get("algorithm") + " " + r.get("hyper") + " on " + r.get("function") + " ["
                    + r.get("path") + "]", r));
        }
        return out.stream();
    }

    /** |a − b| / max(|b|, 1e-3): relative, with a floor so that coordinates converging to 0 compare absolutely. */
    static double rel(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), 1e-3);
    }

    static double worst = 0;

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void trajectoryMatchesTorch(String label, Map<String, Object> run) {
        Algorithm alg = build(run);
        String fn = (String) run.get("function");
        boolean negate = Boolean.TRUE.equals(alg.hyperparameters().get("maximize"));
        double[] start = Json.doubles(run.get("start"));
        double[] steps = Json.doubles(run.get("steps"));
        double[] xs = Json.doubles(run.get("x"));
        double[] ys = Json.doubles(run.get("y"));
        Tensor p = Tensor.of(new double[] {start[0], start[1]}).requiresGrad_(true);
        Optimizer opt = new Optimizer(List.of(p), alg);
        int last = (int) steps[steps.length - 1];
        int rec = 0;
        double maxErr = 0;
        for (int k = 1; k <= last; k++) {
            if (alg.needsClosure()) {
                opt.step(() -> {
                    opt.zeroGrad();
                    double[] f = function(fn, p.get(0), p.get(1));
                    p.setGrad(Tensor.of(new double[] {f[1], f[2]}));
                    return Tensor.scalar(DType.FLOAT64, f[0]);
                });
            } else {
                opt.zeroGrad();
                double[] f = function(fn, p.get(0), p.get(1));
                double s = negate ? -1 : 1;
                p.setGrad(Tensor.of(new double[] {s * f[1], s * f[2]}));
                opt.step();
            }
            if (k == (int) steps[rec]) {
                double ex = rel(p.get(0), xs[rec]);
                double ey = rel(p.get(1), ys[rec]);
                maxErr = Math.max(maxErr, Math.max(ex, ey));
                if (!(ex <= TOL64 && ey <= TOL64)) {
                    throw new AssertionError(label + ": step " + k + " Descent (" + p.get(0) + ", " + p.get(1)
                            + ") vs torch (" + xs[rec] + ", " + ys[rec] + "), relative error " + Math.max(ex, ey));
                }
                rec++;
            }
        }
        synchronized (TorchParityTest.class) {
            worst = Math.max(worst, maxErr);
        }
        assertEquals(steps.length, rec);
    }

    @Test
    void mlpFloat32MatchesTorch() {
        Map<String, Object> m = Json.resource("/fixtures/torch/optim_mlp.json");
        Map<String, Object> shapes = Json.map(m.get("shapes"));
        Map<String, Object> init = Json.map(m.get("init"));
        int n = shape(shapes, "X")[0];
        Tensor x = tensor32(Json.doubles(m.get("X")), shape(shapes, "X"));
        double[] yv = Json.doubles(m.get("Y"));
        int classes = shape(shapes, "b2")[0];
        float[] onehot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            onehot[i * classes + (int) yv[i]] = 1f;
        }
        Tensor oh = Tensor.of(onehot, n, classes);
        for (Object ro : Json.list(m.get("runs"))) {
            Map<String, Object> run = Json.map(ro);
            Algorithm alg = build(run);
            String[] names = {"W1", "b1", "W2", "b2"};
            Map<String, Tensor> params = new java.util.LinkedHashMap<>();
            for (String nm : names) {
                params.put(nm, tensor32(Json.doubles(init.get(nm)), shape(shapes, nm)).requiresGrad_(true));
            }
            Optimizer opt = new Optimizer(params, alg);
            List<Object> expectedParams = Json.list(run.get("params_after_step"));
            double[] expectedLoss = Json.doubles(run.get("loss_before_step"));
            double worstParam = 0;
            double worstLoss = 0;
            for (int k = 0; k < expectedLoss.length; k++) {
                opt.zeroGrad();
                Tensor h = x.matmul(params.get("W1").t()).add(params.get("b1")).tanh();
                Tensor logits = h.matmul(params.get("W2").t()).add(params.get("b2"));
                Tensor loss = logSoftmax(logits).mul(oh).sum().mul(-1.0 / n);
                loss.backward();
                opt.step();
                worstLoss = Math.max(worstLoss, Math.abs(loss.item() - expectedLoss[k]) / Math.abs(expectedLoss[k]));
                double[] want = Json.doubles(expectedParams.get(k));
                int off = 0;
                for (String nm : names) {
                    double[] got = params.get(nm).toDoubleArray();
                    for (double g : got) {
                        worstParam = Math.max(worstParam, Math.abs(g - want[off]) / Math.max(Math.abs(want[off]), 1e-2));
                        off++;
                    }
                }
            }
            String label = run.get("algorithm") + " " + run.get("hyper");
            assertTrue(worstLoss <= TOL32, label + ": loss relative error " + worstLoss);
            assertTrue(worstParam <= TOL32, label + ": parameter relative error " + worstParam);
            System.out.printf("MLP float32 %s: max relative error params %.2e, loss %.2e%n", label, worstParam, worstLoss);
        }
    }

    /** log_softmax over dim 1 from elementary ops: z − c − log Σ exp(z − c), c the (constant) row max. */
    static Tensor logSoftmax(Tensor z) {
        int rows = z.shape()[0];
        int cols = z.shape()[1];
        float[] c = new float[rows];
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < cols; k++) {
                m = Math.max(m, (float) z.get(r, k));
            }
            c[r] = m;
        }
        Tensor shifted = z.sub(Tensor.of(c, rows, 1));
        return shifted.sub(shifted.exp().sum(1, true).log());
    }

    static int[] shape(Map<String, Object> shapes, String name) {
        double[] d = Json.doubles(shapes.get(name));
        int[] s = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = (int) d[i];
        }
        return s;
    }

    static Tensor tensor32(double[] v, int[] shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, shape);
    }

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("float64 trajectories: worst relative error %.3e (tolerance %.0e)%n", worst, TOL64);
    }
}
