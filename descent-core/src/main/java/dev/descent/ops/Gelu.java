package dev.descent.ops;

import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.Tensor;

/**
 * GELU by PyTorch's {@code approximate} name, and the tanh approximation
 * ({@code F.gelu(x, approximate="tanh")}):
 * <pre>
 *   gelu_tanh(x) = ½·x·(1 + tanh(u)),   u = √(2/π)·(x + 0.044715·x³)
 *   d/dx         = ½·(1 + tanh(u)) + ½·x·(1 − tanh²(u))·√(2/π)·(1 + 3·0.044715·x²)
 * </pre>
 * The exact form x·Φ(x) is {@link Unary#gelu}. The tanh form is the elementwise op
 * {@link UnaryOp#GELU_TANH} (vector kernel, one-pass fused backward, and the formula above as a
 * differentiable expression under {@code createGraph}), evaluated as the equal {@code x·sigmoid(2u)},
 * which keeps its relative accuracy in the negative tail where {@code 1 + tanh(u)} cancels.
 */
public final class Gelu {
    /** √(2/π). */
    static final double K = Math.sqrt(2 / Math.PI);
    /** The cubic coefficient of the approximation. */
    static final double C = 0.044715;

    private Gelu() {}

    /** GELU with {@code approximate="tanh"}. */
    public static Tensor tanhApprox(Tensor x) {
        return Unary.geluTanh(x);
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

    /** The derivative in double, for the mixed-dtype fallback of {@link Fused}. */
    static double derivative(double x) {
        double t = Math.tanh(K * (x + C * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
    }
}
