package dev.descent.nn;

import dev.descent.ops.FusedActivation;
import dev.descent.ops.Gelu;
import dev.descent.tensor.Tensor;
import java.util.function.UnaryOperator;

/** Parameter-free elementwise layers: ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, Identity. */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> fn;
    /** The same function as an activation a linear layer can apply in its own op, or null. */
    private final FusedActivation fused;

    private Activation(String name, UnaryOperator<Tensor> fn) {
        this(name, fn, null);
    }

    private Activation(String name, UnaryOperator<Tensor> fn, FusedActivation fused) {
        this.name = name;
        this.fn = fn;
        this.fused = fused;
    }

    /** The fused form that {@link Sequential} runs together with a preceding {@link Linear}, or null. */
    FusedActivation fused() {
        return fused;
    }

    /** max(x, 0). */
    public static Activation relu() {
        return new Activation("ReLU", Tensor::relu, FusedActivation.relu());
    }

    /** Leaky ReLU (PyTorch's default slope 0.01). */
    public static Activation leakyRelu(double slope) {
        return new Activation("LeakyReLU(" + slope + ")", x -> x.leakyRelu(slope), FusedActivation.leakyRelu(slope));
    }

    /** ELU (PyTorch's default alpha 1.0). */
    public static Activation elu(double alpha) {
        return new Activation("ELU(" + alpha + ")", x -> x.elu(alpha));
    }

    /** GELU, exact. */
    public static Activation gelu() {
        return new Activation("GELU", Tensor::gelu, FusedActivation.gelu());
    }

    /**
     * GELU by PyTorch's {@code approximate} option: "none" (exact x·Φ(x), as {@link #gelu()}) or
     * "tanh" (½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), see {@link Gelu}).
     */
    public static Activation gelu(String approximate) {
        return switch (approximate) {
            case "none" -> gelu();
            case "tanh" -> new Activation("GELU(approximate='tanh')", Gelu::tanhApprox,
                    FusedActivation.geluTanh());
            default -> throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '"
                    + approximate + "'");
        };
    }

    /** SiLU / swish. */
    public static Activation silu() {
        return new Activation("SiLU", Tensor::silu, FusedActivation.silu());
    }

    /** Logistic sigmoid. */
    public static Activation sigmoid() {
        return new Activation("Sigmoid", Tensor::sigmoid, FusedActivation.sigmoid());
    }

    /** tanh. */
    public static Activation tanh() {
        return new Activation("Tanh", Tensor::tanh, FusedActivation.tanh());
    }

    /** Softmax over {@code dim}. */
    public static Activation softmax(int dim) {
        return new Activation("Softmax(dim=" + dim + ")", x -> x.softmax(dim));
    }

    /** The identity (a placeholder layer); {@link Identity} is the same as its own class. */
    public static Activation identity() {
        return new Activation("Identity", x -> x);
    }

    /** Flattens all dimensions after the batch dimension; {@link Flatten} also takes the dimension range. */
    public static Activation flatten() {
        return new Activation("Flatten", x -> x.flatten(1, -1));
    }

    /** An activation by its common name: relu, leaky_relu, elu, gelu, gelu_tanh, silu, sigmoid, tanh, identity. */
    public static Activation byName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT).replace("-", "_")) {
            case "relu" -> relu();
            case "leaky_relu", "leakyrelu" -> leakyRelu(0.01);
            case "elu" -> elu(1.0);
            case "gelu" -> gelu();
            case "gelu_tanh" -> gelu("tanh");
            case "silu", "swish" -> silu();
            case "sigmoid" -> sigmoid();
            case "tanh" -> tanh();
            case "identity", "linear", "none" -> identity();
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "' (known: relu, leaky_relu, elu, gelu, gelu_tanh, silu, sigmoid, tanh, identity)");
        };
    }

    @Override
    public Tensor forward(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public String toString() {
        return name;
    }
}
