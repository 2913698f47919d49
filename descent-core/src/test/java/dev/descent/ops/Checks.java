package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradCheck;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Gradient assertions shared by the property tests: central finite differences (float64, step
 * 1e-6) of first and second order, and agreement between the fused backward used without
 * {@code createGraph} and the tensor-operation backward used with it.
 */
final class Checks {
    static final double EPS = 1e-6;
    static final double ATOL = 1e-6;
    static final double RTOL = 1e-5;
    static final double ATOL2 = 1e-5;
    static final double RTOL2 = 1e-4;

    private Checks() {}

    /** First-order check, fused-versus-graph agreement, and (when {@code secondOrder}) the Hessian-vector check. */
    static void gradients(String label, Function<Tensor[], Tensor> f, boolean secondOrder, Tensor... inputs) {
        String what = label + " at " + describe(inputs);
        GradCheck.Report first = GradCheck.check(f, inputs, EPS, ATOL, RTOL);
        assertTrue(first.passes(), () -> what + ": first order: " + first);
        backwardsAgree(what, f, inputs);
        if (secondOrder) {
            GradCheck.Report second = GradCheck.checkSecondOrder(f, inputs, EPS, ATOL2, RTOL2);
            assertTrue(second.passes(), () -> what + ": second order: " + second);
        }
    }

    /** The same gradient with and without {@code createGraph} (fused kernels versus tensor operations). */
    static void backwardsAgree(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] plain = grads(f, inputs, false);
        Tensor[] graph = grads(f, inputs, true);
        for (int i = 0; i < inputs.length; i++) {
            if (plain[i] == null || graph[i] == null) {
                assertEquals(plain[i] == null, graph[i] == null || isZero(graph[i]),
                        what + ": input " + i + " has a gradient in only one mode");
                continue;
            }
            assertArrayEquals(plain[i].shape(), graph[i].shape(), what + ": gradient shape of input " + i);
            assertArrayEquals(plain[i].toDoubleArray(), graph[i].toDoubleArray(), 1e-10,
                    what + ": fused and graph backward differ for input " + i);
        }
    }

    private static boolean isZero(Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static Tensor[] grads(Function<Tensor[], Tensor> f, Tensor[] inputs, boolean createGraph) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].detach().clone().requiresGrad_(true);
        }
        Tensor out = f.apply(xs);
        Tensor w = Tensor.rand(new Generator(7), DType.FLOAT64, out.shapeRef()).add(0.5);
        Tensor loss = out.mul(w).sum();
        return Engine.grad(new Tensor[] {loss}, null, xs, false, createGraph, true);
    }

    static String describe(Tensor... inputs) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : inputs) {
            sb.append(sb.isEmpty() ? "" : ", ").append(Shape.str(t.shapeRef()));
            if (t.numel() <= 8) {
                sb.append('=').append(Arrays.toString(t.toDoubleArray()));
            }
        }
        return sb.toString();
    }
}
