package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradCheck;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Helpers of the module tests: seeded tensors, and gradient checks of a whole module with respect
 * to its input and every parameter. The parameters are swapped for the check's leaves by name
 * (package access to {@link Module#replaceParam}), so the module computes with exactly the tensors
 * being perturbed.
 */
public final class NnTesting {
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-6;
    public static final double RTOL = 1e-5;

    private NnTesting() {}

    /** float64 values uniform in [−1, 1). */
    public static Tensor uniform(SplittableRandom r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Tensor.wrap(v, shape);
    }

    /** Integer-valued float64 tensor in [0, bound). */
    public static Tensor ints(SplittableRandom r, int bound, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(bound);
        }
        return Tensor.wrap(v, shape);
    }

    /** Replaces the parameter {@code dotted} (e.g. {@code layer1.0.conv1.weight}) of {@code root}. */
    public static void setParam(Module root, String dotted, Tensor value) {
        Module m = root;
        String[] parts = dotted.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            m = m.children().get(parts[i]);
        }
        m.replaceParam(parts[parts.length - 1], value);
    }

    /** The function {@code (input, params...) -> forward(input)} for {@link GradCheck}, with the module's parameters swapped in. */
    public static Function<Tensor[], Tensor> asFunction(Module m, Function<Tensor, Tensor> forward) {
        List<String> names = new ArrayList<>(m.namedParameters().keySet());
        return xs -> {
            for (int i = 0; i < names.size(); i++) {
                setParam(m, names.get(i), xs[i + 1]);
            }
            return forward.apply(xs[0]);
        };
    }

    /** Input followed by the module's parameters (float64). */
    public static Tensor[] inputsOf(Module m, Tensor input) {
        List<Tensor> in = new ArrayList<>();
        in.add(input);
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            in.add(e.getValue().detach().clone());
        }
        return in.toArray(new Tensor[0]);
    }

    /** Asserts that the gradients of {@code forward} with respect to the input and every parameter pass a finite-difference check. */
    public static void assertGradients(String label, Module m, Tensor input, Function<Tensor, Tensor> forward) {
        Tensor[] inputs = inputsOf(m, input);
        GradCheck.Report r = GradCheck.check(asFunction(m, forward), inputs, EPS, ATOL, RTOL);
        assertTrue(r.passes(), () -> label + ": " + r + " (parameters " + m.namedParameters().keySet() + ")");
    }

    /**
     * Like {@link #assertGradients(String, Module, Tensor, Function)} for any number of
     * differentiable inputs (e.g. a sequence and its initial state) given to {@code forward}.
     */
    public static void assertGradientsMulti(String label, Module m, Tensor[] extra, Function<Tensor[], Tensor> forward) {
        List<String> names = new ArrayList<>(m.namedParameters().keySet());
        List<Tensor> in = new ArrayList<>(List.of(extra));
        for (Tensor p : m.namedParameters().values()) {
            in.add(p.detach().clone());
        }
        int k = extra.length;
        Function<Tensor[], Tensor> f = xs -> {
            for (int i = 0; i < names.size(); i++) {
                setParam(m, names.get(i), xs[k + i]);
            }
            return forward.apply(java.util.Arrays.copyOf(xs, k));
        };
        GradCheck.Report r = GradCheck.check(f, in.toArray(new Tensor[0]), EPS, ATOL, RTOL);
        assertTrue(r.passes(), () -> label + ": " + r + " (inputs 0.." + (k - 1) + ", then parameters " + names + ")");
    }

    /** Hessian-vector products (double backward) through the module against finite differences of its gradient. */
    public static void assertSecondOrder(String label, Module m, Tensor input) {
        GradCheck.Report r = GradCheck.checkSecondOrder(asFunction(m, m::forward), inputsOf(m, input), 1e-5, 1e-5, 1e-4);
        assertTrue(r.passes(), () -> label + ": second order: " + r);
    }

    /** {@link #assertGradients} with the module's own {@code forward}. */
    public static void assertGradients(String label, Module m, Tensor input) {
        assertGradients(label, m, input, m::forward);
    }

    /** Gradients of Σ w·f(xs) for fixed random weights w, with or without createGraph. */
    public static Tensor[] grads(Function<Tensor[], Tensor> f, Tensor[] inputs, boolean createGraph) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].detach().clone().requiresGrad_(true);
        }
        Tensor out = f.apply(xs);
        Tensor w = Tensor.rand(new Generator(7), out.dtype(), out.shapeRef()).add(0.5);
        return Engine.grad(new Tensor[] {out.mul(w).sum()}, null, xs, false, createGraph, true);
    }

    /** Elementwise |a − b| ≤ tol·(1 + |b|). */
    public static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            int k = i;
            assertTrue(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])),
                    () -> what + ": element " + k + " expected " + e[k] + " got " + a[k]);
        }
    }

    /** Every value in [−bound, bound], mean ≈ 0 and variance ≈ bound²/3. */
    public static void assertUniform(Tensor t, double bound, String what) {
        double[] v = t.toDoubleArray();
        double sum = 0;
        double sq = 0;
        for (double x : v) {
            assertTrue(Math.abs(x) <= bound, what + ": " + x + " outside ±" + bound);
            sum += x;
            sq += x * x;
        }
        int n = v.length;
        double mean = sum / n;
        double var = sq / n - mean * mean;
        double expectedVar = bound * bound / 3;
        // standard errors: of the mean √(var/n); of the variance ≈ var·√(0.8/n) for a uniform
        assertEquals(0, mean, 5 * Math.sqrt(expectedVar / n), what + ": mean");
        assertEquals(expectedVar, var, 5 * expectedVar * Math.sqrt(0.8 / n), what + ": variance");
        assertTrue(max(v) > 0.9 * bound && -min(v) > 0.9 * bound, what + ": the draws should fill the interval");
    }

    public static void assertNormal(Tensor t, double std, String what) {
        double[] v = t.toDoubleArray();
        double sum = 0;
        double sq = 0;
        for (double x : v) {
            sum += x;
            sq += x * x;
        }
        int n = v.length;
        double mean = sum / n;
        double var = sq / n - mean * mean;
        assertEquals(0, mean, 5 * std / Math.sqrt(n), what + ": mean");
        assertEquals(std * std, var, 5 * std * std * Math.sqrt(2.0 / n), what + ": variance");
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** A uniform integer in [lo, hi]. */
    public static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    /** A seeded float64 generator. */
    public static Generator gen(long seed) {
        return new Generator(seed);
    }

    /** float64 shorthand. */
    public static final DType F64 = DType.FLOAT64;
}
