package dev.descent.ops;

import dev.descent.kernel.UnaryOp;
import java.util.Locale;

/**
 * An activation that {@link NnFunctional#linear(dev.descent.tensor.Tensor, dev.descent.tensor.Tensor,
 * dev.descent.tensor.Tensor, FusedActivation)} applies to the GEMM's output in place, inside the same
 * autograd node: relu, leaky relu, exact and tanh GELU, SiLU, tanh, sigmoid, or none.
 *
 * <p>The backward reads the activation's output where its derivative is a function of it (relu and
 * leaky relu with a positive slope through the sign, {@code 1 − y²} for tanh, {@code y(1 − y)} for
 * sigmoid), so no pre-activation tensor is kept for those; GELU and SiLU keep the pre-activation.
 *
 * @param op    the elementwise op, or null for none
 * @param param the negative slope of leaky relu (0 for the others)
 */
public record FusedActivation(UnaryOp op, double param) {

    /** No activation: a plain linear layer. */
    public static final FusedActivation NONE = new FusedActivation(null, 0);

    /** Checks that {@code op} is one of the fusable activations. */
    public FusedActivation {
        if (op != null) {
            switch (op) {
                case RELU, LEAKY_RELU, GELU, GELU_TANH, SILU, TANH, SIGMOID -> { }
                default -> throw new IllegalArgumentException("FusedActivation: " + op + " cannot be fused into linear"
                        + " (fusable: RELU, LEAKY_RELU, GELU, GELU_TANH, SILU, TANH, SIGMOID, or null for none)");
            }
        }
    }

    /** max(x, 0). */
    public static FusedActivation relu() {
        return new FusedActivation(UnaryOp.RELU, 0);
    }

    /** Leaky relu with the given negative slope. */
    public static FusedActivation leakyRelu(double slope) {
        return new FusedActivation(UnaryOp.LEAKY_RELU, slope);
    }

    /** Exact GELU, x·Φ(x). */
    public static FusedActivation gelu() {
        return new FusedActivation(UnaryOp.GELU, 0);
    }

    /** GELU's tanh approximation. */
    public static FusedActivation geluTanh() {
        return new FusedActivation(UnaryOp.GELU_TANH, 0);
    }

    /** SiLU, x·sigmoid(x). */
    public static FusedActivation silu() {
        return new FusedActivation(UnaryOp.SILU, 0);
    }

    /** tanh. */
    public static FusedActivation tanh() {
        return new FusedActivation(UnaryOp.TANH, 0);
    }

    /** The logistic sigmoid. */
    public static FusedActivation sigmoid() {
        return new FusedActivation(UnaryOp.SIGMOID, 0);
    }

    /**
     * The fused form of an activation by the names of {@code nn.Activation.byName} (relu,
     * leaky_relu, gelu, gelu_tanh, silu, tanh, sigmoid, identity), or null when it has none (elu).
     */
    public static FusedActivation byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "_")) {
            case "relu" -> relu();
            case "leaky_relu", "leakyrelu" -> leakyRelu(0.01);
            case "gelu" -> gelu();
            case "gelu_tanh" -> geluTanh();
            case "silu", "swish" -> silu();
            case "tanh" -> tanh();
            case "sigmoid" -> sigmoid();
            case "identity", "linear", "none" -> NONE;
            default -> null;
        };
    }

    /** True when this applies nothing. */
    public boolean isNone() {
        return op == null;
    }

    /** True when the backward can be computed from the activation's output alone (no pre-activation kept). */
    boolean backwardFromOutput() {
        return op == null || switch (op) {
            case RELU, TANH, SIGMOID -> true;
            case LEAKY_RELU -> param > 0; // the sign of y is the sign of x only for a positive slope
            default -> false;
        };
    }
}
