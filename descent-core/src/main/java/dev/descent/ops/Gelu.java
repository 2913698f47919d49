package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.Tensor;

/**
 * GELU's tanh approximation, as PyTorch's {@code F.gelu(x, approximate="tanh")}:
 * <pre>
 *   gelu_tanh(x) = ½·x·(1 + tanh(u)),   u = √(2/π)·(x + 0.044715·x³)
 *   d/dx         = ½·(1 + tanh(u)) + ½·x·(1 − tanh²(u))·√(2/π)·(1 + 3·0.044715·x²)
 * </pre>
 * The exact form x·Φ(x) is {@link Unary#gelu}. Like the other elementwise functions, the backward is
 * a plain loop when no graph is recorded and a tensor expression (differentiable again) under
 * {@code createGraph}. Values are computed in double and rounded once, so float32 agrees with
 * PyTorch's float32 to within an ulp or two.
 */
public final class Gelu {
    /** √(2/π). */
    static final double K = Math.sqrt(2 / Math.PI);
    /** The cubic coefficient of the approximation. */
    static final double C = 0.044715;

    private Gelu() {}

    /** GELU with {@code approximate="tanh"}. */
    public static Tensor tanhApprox(Tensor x) {
        Tensor out = map(x, false);
        return Tensor.recording(x) ? out.withGradFn(new TanhBackward(x)) : out;
    }

    /** GELU by PyTorch's {@code approximate} name: "none" (exact, x·Φ(x)) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        return switch (approximate) {
            case "none" -> Unary.gelu(x);
            case "tanh" -> tanhApprox(x);
            default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '"
                    + approximate + "'");
        };
    }

    static double value(double x) {
        return 0.5 * x * (1 + Math.tanh(K * (x + C * x * x * x)));
    }

    static double derivative(double x) {
        double t = Math.tanh(K * (x + C * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
    }

    /** The value (or the derivative) of every element of {@code x}, as a new contiguous tensor. */
    private static Tensor map(Tensor x, boolean derivative) {
        Tensor xc = Dispatch.contiguous(x.detach());
        Tensor out = Tensor.empty(x.dtype(), x.shapeRef());
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            double v = Loops.read(xc.storage(), xc.offset() + i);
            Loops.write(out.storage(), i, derivative ? derivative(v) : value(v));
        }
        return out;
    }

    static final class TanhBackward extends Node {
        private final Saved x;

        TanhBackward(Tensor x) {
            super(x);
            this.x = save(x);
        }

        @Override
        public String name() {
            return "GeluTanhBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xv = x.get();
            if (!GradMode.isEnabled()) {
                return new Tensor[] {g.mul(map(xv, true))};
            }
            Tensor x2 = xv.mul(xv);
            Tensor t = xv.add(xv.mul(x2).mul(C)).mul(K).tanh();
            Tensor local = t.add(1.0).mul(0.5)
                    .add(xv.mul(t.mul(t).rsub(1.0)).mul(x2.mul(3 * C).add(1.0)).mul(0.5 * K));
            return new Tensor[] {g.mul(local)};
        }
    }
}
