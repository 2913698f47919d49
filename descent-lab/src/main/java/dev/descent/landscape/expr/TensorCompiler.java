package dev.descent.landscape.expr;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Turns a tree into tensor operations. A sub-expression without variables stays a double and meets
 * tensors through the scalar forms ({@code add(double)}, {@code pow(double)}, ...), so a constant
 * exponent becomes {@code x.pow(2)} rather than a tensor power with a log in its backward.
 */
final class TensorCompiler {
    private TensorCompiler() {}

    /** A compiled sub-expression: a tensor, or (when {@code tensor} is null) a constant. */
    private record Value(Tensor tensor, double constant) {
        static Value of(double c) {
            return new Value(null, c);
        }

        static Value of(Tensor t) {
            return new Value(t, 0);
        }

        boolean isConstant() {
            return tensor == null;
        }
    }

    static Tensor compile(Expr e, Map<String, Tensor> variables) {
        Value v = new TensorCompiler.Run(variables).value(e);
        if (!v.isConstant()) {
            return v.tensor();
        }
        DType dtype = variables.values().stream().findFirst().map(Tensor::dtype).orElse(DType.FLOAT64);
        return Tensor.scalar(dtype, v.constant());
    }

    private record Run(Map<String, Tensor> variables) {
        Value value(Expr e) {
            return switch (e) {
                case Expr.Num n -> Value.of(n.value());
                case Expr.Const c -> Value.of(c.value());
                case Expr.Var v -> {
                    Tensor t = variables.get(v.name());
                    if (t == null) {
                        throw Expr.unknownVariable(v.name(), variables.keySet());
                    }
                    yield Value.of(t);
                }
                case Expr.Neg n -> {
                    Value a = value(n.operand());
                    yield a.isConstant() ? Value.of(-a.constant()) : Value.of(a.tensor().neg());
                }
                case Expr.Call c -> {
                    Value a = value(c.argument());
                    yield a.isConstant() ? Value.of(c.fn().apply(a.constant())) : Value.of(c.fn().apply(a.tensor()));
                }
                case Expr.Binary b -> binary(b.op(), value(b.left()), value(b.right()));
            };
        }

        private static Value binary(Op op, Value a, Value b) {
            if (a.isConstant() && b.isConstant()) {
                return Value.of(op.apply(a.constant(), b.constant()));
            }
            Tensor ta = a.tensor();
            Tensor tb = b.tensor();
            return Value.of(switch (op) {
                case ADD -> a.isConstant() ? tb.add(a.constant()) : b.isConstant() ? ta.add(b.constant()) : ta.add(tb);
                // c - t = (-t) + c and t - c = t + (-c) exactly in IEEE arithmetic
                case SUB -> a.isConstant() ? tb.rsub(a.constant()) : b.isConstant() ? ta.sub(b.constant()) : ta.sub(tb);
                case MUL -> a.isConstant() ? tb.mul(a.constant()) : b.isConstant() ? ta.mul(b.constant()) : ta.mul(tb);
                // a true division (t.div(double) multiplies by the reciprocal, which rounds differently)
                case DIV -> a.isConstant() ? Tensor.scalar(tb.dtype(), a.constant()).div(tb)
                        : b.isConstant() ? ta.div(Tensor.scalar(ta.dtype(), b.constant())) : ta.div(tb);
                case POW -> {
                    if (b.isConstant()) {
                        yield ta.pow(b.constant());
                    }
                    if (a.isConstant()) {
                        // c^t = exp(t ln c) needs c > 0 for a real derivative; otherwise fall back to the general power
                        yield a.constant() > 0 ? Tensor.pow(a.constant(), tb)
                                : Tensor.scalar(tb.dtype(), a.constant()).pow(tb);
                    }
                    yield ta.pow(tb);
                }
            });
        }
    }
}
