package dev.descent.autograd;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.function.Function;

/**
 * Central finite-difference checks of first and second derivatives, in float64. The function is
 * reduced to a scalar with fixed random weights so that every output element is checked.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Result of a check: the largest absolute and relative differences found, and where. */
    public record Report(double maxAbsError, double maxRelError, String where) {
        /** True when every entry agrees within {@code atol + rtol·|expected|}. */
        public boolean passes() {
            return where == null;
        }
    }

    /**
     * Compares the autograd gradient of {@code f} at {@code inputs} (float64 leaves) with central
     * differences of step {@code eps}. Entries pass when {@code |a − n| ≤ atol + rtol·|n|}.
     */
    public static Report check(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol) {
        Tensor[] xs = leaves(inputs);
        Tensor out = f.apply(xs);
        Tensor weights = weightsFor(out);
        Tensor scalar = out.mul(weights).sum();
        Tensor[] grads = Engine.grad(new Tensor[] {scalar}, null, xs, false, false, true);
        return compare(xs, grads, () -> f.apply(xs).mul(weights).sum().item(), eps, atol, rtol);
    }

    /**
     * Checks the second derivative: the Hessian-vector product obtained by double backward against
     * finite differences of the first gradient along a random direction.
     */
    public static Report checkSecondOrder(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps,
                                          double atol, double rtol) {
        Tensor[] xs = leaves(inputs);
        Tensor out = f.apply(xs);
        Tensor weights = weightsFor(out);
        dev.descent.tensor.Generator gen = new dev.descent.tensor.Generator(99);
        Tensor[] dirs = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            dirs[i] = Tensor.randn(gen, DType.FLOAT64, xs[i].shapeRef());
        }
        Tensor scalar = out.mul(weights).sum();
        Tensor[] g = Engine.grad(new Tensor[] {scalar}, null, xs, true, true, true);
        Tensor dot = Tensor.zeros(DType.FLOAT64);
        for (int i = 0; i < xs.length; i++) {
            if (g[i] != null && g[i].requiresGrad()) {
                dot = dot.add(g[i].mul(dirs[i]).sum());
            }
        }
        Tensor[] hv = dot.requiresGrad()
                ? Engine.grad(new Tensor[] {dot}, null, xs, false, false, true) : new Tensor[xs.length];
        // finite differences of the gradient along dirs
        double worstAbs = 0;
        double worstRel = 0;
        String where = null;
        Tensor[] plus = shifted(xs, dirs, eps);
        Tensor[] minus = shifted(xs, dirs, -eps);
        Tensor[] gp = Engine.grad(new Tensor[] {f.apply(plus).mul(weights).sum()}, null, plus, false, false, true);
        Tensor[] gm = Engine.grad(new Tensor[] {f.apply(minus).mul(weights).sum()}, null, minus, false, false, true);
        for (int i = 0; i < xs.length; i++) {
            double[] expected = new double[xs[i].numel()];
            double[] p = gp[i] == null ? new double[expected.length] : gp[i].toDoubleArray();
            double[] m = gm[i] == null ? new double[expected.length] : gm[i].toDoubleArray();
            for (int j = 0; j < expected.length; j++) {
                expected[j] = (p[j] - m[j]) / (2 * eps);
            }
            double[] actual = hv[i] == null ? new double[expected.length] : hv[i].toDoubleArray();
            for (int j = 0; j < expected.length; j++) {
                double abs = Math.abs(actual[j] - expected[j]);
                double rel = abs / Math.max(Math.abs(expected[j]), 1e-12);
                worstAbs = Math.max(worstAbs, abs);
                worstRel = Math.max(worstRel, Math.min(rel, abs));
                if (!(abs <= atol + rtol * Math.abs(expected[j])) && where == null) {
                    where = "input " + i + " element " + j + ": Hv " + actual[j] + " vs finite difference " + expected[j];
                }
            }
        }
        return new Report(worstAbs, worstRel, where);
    }

    private static Tensor[] shifted(Tensor[] xs, Tensor[] dirs, double eps) {
        Tensor[] r = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            try (var s = GradMode.noGrad()) {
                r[i] = xs[i].add(dirs[i].mul(eps));
            }
            r[i].requiresGrad_(true);
        }
        return r;
    }

    private static Tensor[] leaves(Tensor[] inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradient checks run in float64; input " + i + " is " + inputs[i].dtype());
            }
            xs[i] = inputs[i].detach().clone().requiresGrad_(true);
        }
        return xs;
    }

    private static Tensor weightsFor(Tensor out) {
        dev.descent.tensor.Generator gen = new dev.descent.tensor.Generator(12345);
        return Tensor.rand(gen, DType.FLOAT64, out.shapeRef()).add(0.5);
    }

    private interface Eval {
        double value();
    }

    private static Report compare(Tensor[] xs, Tensor[] grads, Eval eval, double eps, double atol, double rtol) {
        double worstAbs = 0;
        double worstRel = 0;
        String where = null;
        for (int i = 0; i < xs.length; i++) {
            Tensor x = xs[i];
            double[] analytic = grads[i] == null ? new double[x.numel()] : grads[i].toDoubleArray();
            int[] shape = x.shapeRef();
            int n = x.numel();
            int[] idx = new int[shape.length];
            for (int j = 0; j < n; j++) {
                unravel(j, shape, idx);
                double orig = x.get(idx);
                x.storage().doubles()[offsetOf(x, idx)] = orig + eps;
                double up = eval.value();
                x.storage().doubles()[offsetOf(x, idx)] = orig - eps;
                double down = eval.value();
                x.storage().doubles()[offsetOf(x, idx)] = orig;
                double numeric = (up - down) / (2 * eps);
                double abs = Math.abs(analytic[j] - numeric);
                worstAbs = Math.max(worstAbs, abs);
                worstRel = Math.max(worstRel, Math.min(abs / Math.max(Math.abs(numeric), 1e-12), abs));
                if (!(abs <= atol + rtol * Math.abs(numeric)) && where == null) {
                    where = "input " + i + " " + Shape.str(shape) + " element " + j + ": autograd " + analytic[j]
                            + " vs finite difference " + numeric;
                }
            }
        }
        return new Report(worstAbs, worstRel, where);
    }

    private static int offsetOf(Tensor x, int[] idx) {
        int p = x.offset();
        int[] st = x.stridesRef();
        for (int i = 0; i < idx.length; i++) {
            p += idx[i] * st[i];
        }
        return p;
    }

    private static void unravel(int flat, int[] shape, int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
    }
}
