package dev.descent.landscape.expr;

import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The functions an expression may call, each with its double form (used by
 * {@link Expr#evaluate}) and its tensor form (used by {@link Expr#toTensor}, which autograd
 * differentiates). The two compute the same formula, so values agree to the last bit or so.
 */
public enum Fn {
    SIN("sin", Math::sin, Tensor::sin),
    COS("cos", Math::cos, Tensor::cos),
    TAN("tan", Math::tan, Tensor::tan),
    EXP("exp", Math::exp, Tensor::exp),
    /** The natural logarithm. */
    LOG("log", Math::log, Tensor::log),
    SQRT("sqrt", Math::sqrt, Tensor::sqrt),
    TANH("tanh", Math::tanh, Tensor::tanh),
    /** 1/(1+e^-x), written in the overflow-free form of the tensor kernel. */
    SIGMOID("sigmoid", x -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x)), Tensor::sigmoid),
    /** |x|; its derivative at 0 is taken as 0, as in PyTorch. */
    ABS("abs", Math::abs, Tensor::abs);

    private final String label;
    private final DoubleUnaryOperator onDouble;
    private final UnaryOperator<Tensor> onTensor;

    Fn(String label, DoubleUnaryOperator onDouble, UnaryOperator<Tensor> onTensor) {
        this.label = label;
        this.onDouble = onDouble;
        this.onTensor = onTensor;
    }

    /** The name used in expressions, e.g. {@code sigmoid}. */
    public String label() {
        return label;
    }

    /** The function applied to a double. */
    public double apply(double x) {
        return onDouble.applyAsDouble(x);
    }

    /** The function applied elementwise to a tensor (recorded for autograd). */
    public Tensor apply(Tensor x) {
        return onTensor.apply(x);
    }

    /** The function with this name, if any. */
    public static Optional<Fn> byName(String name) {
        for (Fn f : values()) {
            if (f.label.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** All names, comma-separated, in declaration order: {@code sin, cos, tan, ...}. */
    public static String knownNames() {
        return Arrays.stream(values()).map(Fn::label).collect(Collectors.joining(", "));
    }
}
