package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.Tensor;

/**
 * Elementwise functions. Each backward is written twice on purpose: as tensor operations (so that
 * under {@code createGraph} it can be differentiated again) and as one fused pass used when no graph
 * is being recorded, which is the common, fast case.
 */
public final class Unary {
    private Unary() {}

    /** The recorded elementwise op {@code kind}. */
    static Tensor op(UnaryOp kind, double p1, double p2, Tensor x) {
        Tensor out = Dispatch.unary(kind, p1, p2, x);
        return Tensor.recording(x) ? out.withGradFn(new UnaryBackward(kind, p1, p2, x, out)) : out;
    }

    /** e^x. */
    public static Tensor exp(Tensor x) {
        return op(UnaryOp.EXP, 0, 0, x);
    }

    /** ln x. */
    public static Tensor log(Tensor x) {
        return op(UnaryOp.LOG, 0, 0, x);
    }

    /** ln(1+x). */
    public static Tensor log1p(Tensor x) {
        return op(UnaryOp.LOG1P, 0, 0, x);
    }

    /** √x. */
    public static Tensor sqrt(Tensor x) {
        return op(UnaryOp.SQRT, 0, 0, x);
    }

    /** 1/√x. */
    public static Tensor rsqrt(Tensor x) {
        return op(UnaryOp.RSQRT, 0, 0, x);
    }

    /** |x|. */
    public static Tensor abs(Tensor x) {
        return op(UnaryOp.ABS, 0, 0, x);
    }

    /** sin x. */
    public static Tensor sin(Tensor x) {
        return op(UnaryOp.SIN, 0, 0, x);
    }

    /** cos x. */
    public static Tensor cos(Tensor x) {
        return op(UnaryOp.COS, 0, 0, x);
    }

    /** tan x. */
    public static Tensor tan(Tensor x) {
        return op(UnaryOp.TAN, 0, 0, x);
    }

    /** tanh x. */
    public static Tensor tanh(Tensor x) {
        return op(UnaryOp.TANH, 0, 0, x);
    }

    /** 1/(1+e^−x). */
    public static Tensor sigmoid(Tensor x) {
        return op(UnaryOp.SIGMOID, 0, 0, x);
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return op(UnaryOp.RELU, 0, 0, x);
    }

    /** Leaky ReLU with the given negative slope. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return op(UnaryOp.LEAKY_RELU, slope, 0, x);
    }

    /** ELU with the given alpha. */
    public static Tensor elu(Tensor x, double alpha) {
        return op(UnaryOp.ELU, alpha, 0, x);
    }

    /** GELU, exact form x·Φ(x). */
    public static Tensor gelu(Tensor x) {
        return op(UnaryOp.GELU, 0, 0, x);
    }

    /** GELU's tanh approximation, torch's {@code approximate="tanh"} (see {@link Gelu}). */
    public static Tensor geluTanh(Tensor x) {
        return op(UnaryOp.GELU_TANH, 0, 0, x);
    }

    /** softplus with beta 1 and threshold 20. */
    public static Tensor softplus(Tensor x) {
        return op(UnaryOp.SOFTPLUS, 0, 0, x);
    }

    /** x·sigmoid(x). */
    public static Tensor silu(Tensor x) {
        return op(UnaryOp.SILU, 0, 0, x);
    }

    /** clamp into [min, max]. */
    public static Tensor clamp(Tensor x, double min, double max) {
        return op(UnaryOp.CLAMP, min, max, x);
    }

    /** Φ(x), the standard normal CDF (used by GELU's backward). */
    public static Tensor normalCdf(Tensor x) {
        // Φ(x) = (gelu(x)/x) would divide by zero; compute it directly from erf.
        Tensor out = Dispatch.unary(UnaryOp.GELU, 0, 0, x);
        Tensor cdf = Dispatch.binary("normalCdf", dev.descent.kernel.BinaryOp.DIV, out, x.detach());
        int n = cdf.numel();
        Tensor xc = Dispatch.contiguous(x.detach());
        for (int i = 0; i < n; i++) {
            double v = Loops.read(xc.storage(), xc.offset() + i);
            Loops.write(cdf.storage(), i, 0.5 * (1 + Erf.erf(v / Math.sqrt(2))));
        }
        return Tensor.recording(x) ? cdf.withGradFn(new NormalCdfBackward(x)) : cdf;
    }

    static final class NormalCdfBackward extends Node {
        private final Saved x;

        NormalCdfBackward(Tensor x) {
            super(x);
            this.x = save(x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xv = x.get();
            return new Tensor[] {g.mul(xv.mul(xv).mul(-0.5).exp().mul(1.0 / Math.sqrt(2 * Math.PI)))};
        }
    }

    /** sign(x), no gradient. */
    public static Tensor sign(Tensor x) {
        return Dispatch.unary(UnaryOp.SIGN, 0, 0, x);
    }

    /** The backward of every elementwise function, selected by its kind. */
    static final class UnaryBackward extends Node {
        private final UnaryOp kind;
        private final double p1;
        private final double p2;
        private final Saved x;
        private final Saved out;

        UnaryBackward(UnaryOp kind, double p1, double p2, Tensor x, Tensor out) {
            super(x);
            this.kind = kind;
            this.p1 = p1;
            this.p2 = p2;
            boolean usesOut = derivativeUsesOutput(kind);
            this.out = usesOut ? save(out) : null;
            this.x = usesOut && kind != UnaryOp.SIGMOID ? null : save(x);
        }

        @Override
        public String name() {
            if (kind == UnaryOp.GELU_TANH) {
                return "GeluTanhBackward";
            }
            String k = kind.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
            return Character.toUpperCase(k.charAt(0)) + k.substring(1) + "Backward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            if (!GradMode.isEnabled()) {
                return new Tensor[] {Fused.unaryBackward(kind, p1, p2, g,
                        x == null ? null : x.get(), out == null ? null : out.get())};
            }
            return new Tensor[] {g.mul(derivative(kind, p1, p2, x == null ? null : x.get(), out == null ? null : out.get()))};
        }
    }

    /** True when the backward of {@code kind} reads the forward output (else it reads the input). */
    static boolean derivativeUsesOutput(UnaryOp kind) {
        return switch (kind) {
            case EXP, SQRT, RSQRT, TAN, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    /**
     * The derivative f'(x) of the elementwise function {@code kind} as a differentiable tensor
     * expression, from the forward input {@code x} and/or output {@code out} (either may be null when
     * {@code kind} does not read it: see {@link #derivativeUsesOutput}; SIGMOID reads both).
     */
    static Tensor derivative(UnaryOp kind, double p1, double p2, Tensor x, Tensor out) {
        Tensor xv = x;
        return switch (kind) {
            case EXP -> out;
            case LOG -> xv.pow(-1.0);
            case LOG1P -> xv.add(1.0).pow(-1.0);
            case SQRT -> out.pow(-1.0).mul(0.5);
            case RSQRT -> out.pow(3.0).mul(-0.5);
            case ABS -> xv.sign();
            case SIN -> xv.cos();
            case COS -> xv.sin().neg();
            case TAN -> out.pow(2.0).add(1.0);
            case TANH -> out.pow(2.0).rsub(1.0);
            case SIGMOID -> {
                Tensor s = out;
                yield s.mul(s.rsub(1.0));
            }
            case RELU -> Dispatch.unary(UnaryOp.STEP, 0, 0, xv);
            case LEAKY_RELU -> {
                Tensor step = Dispatch.unary(UnaryOp.STEP, 0, 0, xv);
                yield step.mul(1.0 - p1).add(p1);
            }
            case ELU -> {
                Tensor step = Dispatch.unary(UnaryOp.STEP, 0, 0, xv);
                yield Tensor.where(step, Tensor.onesLike(xv), xv.exp().mul(p1));
            }
            case GELU -> {
                Tensor pdf = xv.mul(xv).mul(-0.5).exp().mul(1.0 / Math.sqrt(2 * Math.PI));
                yield normalCdf(xv).add(xv.mul(pdf));
            }
            case GELU_TANH -> {
                // d/dx of x/2 (1 + t), t = tanh(K (x + C x^3)): (1 + t)/2 + x/2 (1 - t^2) K (1 + 3 C x^2)
                Tensor x2 = xv.mul(xv);
                Tensor t = xv.add(xv.mul(x2).mul(Gelu.C)).mul(Gelu.K).tanh();
                yield t.add(1.0).mul(0.5)
                        .add(xv.mul(t.mul(t).rsub(1.0)).mul(x2.mul(3 * Gelu.C).add(1.0)).mul(0.5 * Gelu.K));
            }
            case SOFTPLUS -> {
                Tensor big = xv.gt(20.0);
                yield Tensor.where(big, Tensor.onesLike(xv), xv.sigmoid());
            }
            case SILU -> {
                Tensor s = xv.sigmoid();
                yield s.mul(xv.mul(s.rsub(1.0)).add(1.0));
            }
            case CLAMP -> {
                Tensor inside = Tensor.onesLike(xv);
                if (!Double.isNaN(p1)) {
                    inside = inside.mul(xv.ge(Tensor.scalar(xv.dtype(), p1)));
                }
                if (!Double.isNaN(p2)) {
                    inside = inside.mul(xv.le(Tensor.scalar(xv.dtype(), p2)));
                }
                yield inside;
            }
            default -> throw new IllegalStateException("no derivative for " + kind);
        };
    }
}
