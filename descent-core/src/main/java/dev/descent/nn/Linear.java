package dev.descent.nn;

import dev.descent.ops.FusedActivation;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * y = x·Wᵀ + b with W of shape [out, in], one fused GEMM ({@link NnFunctional#linear}). Default initialisation as PyTorch: W and b uniform in
 * ±1/√in (kaiming_uniform with a = √5 reduces to that bound).
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final boolean bias;

    /** A float32 layer initialised from the default generator. */
    public Linear(int in, int out) {
        this(in, out, true, DType.FLOAT32, Init.defaultGenerator());
    }

    /** A layer of the given type, with bias, from the default generator. */
    public Linear(int in, int out, DType dtype) {
        this(in, out, true, dtype, Init.defaultGenerator());
    }

    /** A layer with explicit bias flag, type and generator. */
    public Linear(int in, int out, boolean bias, DType dtype, Generator gen) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: in and out features must be positive, got " + in + " and " + out);
        }
        this.in = in;
        this.out = out;
        this.bias = bias;
        param("weight", Init.defaultUniform(dtype, in, gen, out, in));
        if (bias) {
            param("bias", Init.defaultUniform(dtype, in, gen, out));
        }
    }

    /** The weight [out, in]. */
    public Tensor weight() {
        return p("weight");
    }

    /** The bias [out], or null. */
    public Tensor bias() {
        return bias ? p("bias") : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, FusedActivation.NONE);
    }

    /**
     * This layer followed by the activation {@code act}, as one op: the activation runs in place over
     * the GEMM's output and shares the layer's graph node ({@link NnFunctional#linear(Tensor, Tensor,
     * Tensor, FusedActivation)}). {@link Sequential} uses it for a Linear followed by an {@link Activation}.
     */
    public Tensor forward(Tensor x, FusedActivation act) {
        if (x.size(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): expected input with last dimension "
                    + in + ", got shape " + dev.descent.tensor.Shape.str(x.shapeRef()));
        }
        return NnFunctional.linear(x, weight(), bias(), act);
    }

    @Override
    public String toString() {
        return "Linear(" + in + ", " + out + ", bias=" + bias + ")";
    }
}
