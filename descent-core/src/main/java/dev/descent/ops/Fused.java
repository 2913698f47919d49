package dev.descent.ops;

import dev.descent.kernel.FusedBackward;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/** One-pass backward formulas used when no graph is recorded (the usual training case). */
final class Fused {
    private Fused() {}

    /** g·f'(x) for the elementwise function {@code kind}, given x and/or the forward output y. */
    static Tensor unaryBackward(UnaryOp kind, double p1, double p2, Tensor g, Tensor x, Tensor y) {
        Tensor gc = Dispatch.contiguous(g);
        Tensor xc = x == null ? null : Dispatch.contiguous(x);
        Tensor yc = y == null ? null : Dispatch.contiguous(y);
        Tensor out = Tensor.uninitialized(g.dtype(), g.shapeRef());
        int n = out.numel();
        if (kernel(kind, p1, n, gc, xc, yc, out)) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            double gv = Loops.read(gc.storage(), gc.offset() + i);
            double xv = xc == null ? 0 : Loops.read(xc.storage(), xc.offset() + i);
            double yv = yc == null ? 0 : Loops.read(yc.storage(), yc.offset() + i);
            Loops.write(out.storage(), i, gv * derivative(kind, p1, p2, xv, yv));
        }
        return out;
    }

    /** The vectorized one-pass kernels for the common activations; false when there is none. */
    private static boolean kernel(UnaryOp kind, double p1, int n, Tensor g, Tensor x, Tensor y, Tensor out) {
        if (g.dtype() != out.dtype() || (x != null && x.dtype() != g.dtype()) || (y != null && y.dtype() != g.dtype())) {
            return false;
        }
        if (g.dtype() == DType.FLOAT32) {
            float[] gf = g.storage().floats();
            float[] of = out.storage().floats();
            int go = g.offset();
            switch (kind) {
                case RELU -> FusedBackward.reluBackward(n, gf, go, x.storage().floats(), x.offset(), of, 0);
                case SIGMOID -> FusedBackward.sigmoidBackward(n, gf, go, y.storage().floats(), y.offset(), of, 0);
                case TANH -> FusedBackward.tanhBackward(n, gf, go, y.storage().floats(), y.offset(), of, 0);
                case GELU -> FusedBackward.geluBackward(n, gf, go, x.storage().floats(), x.offset(), of, 0);
                case GELU_TANH -> FusedBackward.geluTanhBackward(n, gf, go, x.storage().floats(), x.offset(), of, 0);
                case SILU -> FusedBackward.siluBackward(n, gf, go, x.storage().floats(), x.offset(), of, 0);
                case ELU -> FusedBackward.eluBackward(p1, n, gf, go, x.storage().floats(), x.offset(), of, 0);
                case LEAKY_RELU -> FusedBackward.leakyReluBackward(p1, n, gf, go, x.storage().floats(), x.offset(), of, 0);
                case SOFTPLUS -> FusedBackward.softplusBackward(n, gf, go, x.storage().floats(), x.offset(), of, 0);
                default -> {
                    return false;
                }
            }
        } else {
            double[] gd = g.storage().doubles();
            double[] od = out.storage().doubles();
            int go = g.offset();
            switch (kind) {
                case RELU -> FusedBackward.reluBackward(n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                case SIGMOID -> FusedBackward.sigmoidBackward(n, gd, go, y.storage().doubles(), y.offset(), od, 0);
                case TANH -> FusedBackward.tanhBackward(n, gd, go, y.storage().doubles(), y.offset(), od, 0);
                case GELU -> FusedBackward.geluBackward(n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                case GELU_TANH -> FusedBackward.geluTanhBackward(n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                case SILU -> FusedBackward.siluBackward(n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                case ELU -> FusedBackward.eluBackward(p1, n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                case LEAKY_RELU -> FusedBackward.leakyReluBackward(p1, n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                case SOFTPLUS -> FusedBackward.softplusBackward(n, gd, go, x.storage().doubles(), x.offset(), od, 0);
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    static double derivative(UnaryOp kind, double p1, double p2, double x, double y) {
        return switch (kind) {
            case EXP -> y;
            case LOG -> 1.0 / x;
            case LOG1P -> 1.0 / (1.0 + x);
            case SQRT -> 0.5 / y;
            case RSQRT -> -0.5 * y * y * y;
            case ABS -> Math.signum(x);
            case SIN -> Math.cos(x);
            case COS -> -Math.sin(x);
            case TAN -> 1.0 + y * y;
            case TANH -> 1.0 - y * y;
            case SIGMOID -> y * (1.0 - y);
            case RELU -> x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> x > 0 ? 1.0 : p1;
            case ELU -> x > 0 ? 1.0 : p1 * Math.exp(x);
            case GELU -> 0.5 * (1 + Erf.erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case GELU_TANH -> Gelu.derivative(x);
            case SOFTPLUS -> x > 20 ? 1.0 : 1.0 / (1.0 + Math.exp(-x));
            case SILU -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1 + x * (1 - s));
            }
            case CLAMP -> (Double.isNaN(p1) || x >= p1) && (Double.isNaN(p2) || x <= p2) ? 1.0 : 0.0;
            default -> throw new IllegalStateException("no derivative for " + kind);
        };
    }
}
