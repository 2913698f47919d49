package dev.descent.nn;

import dev.descent.ops.Conv;
import dev.descent.ops.Padding;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation) of {@code [N, Cin, H, W]} inputs, as {@code torch.nn.Conv2d};
 * see {@link Conv#conv2d(Tensor, Tensor, Tensor, int, int, int, int, int, int, int)} for the exact
 * formula and output size. PyTorch's string padding is taken too: "valid" (none) and "same"
 * (stride 1; output size = input size, an odd total padding's extra row/column at the bottom/right).
 *
 * <p>Parameters: {@code weight [Cout, Cin/groups, kH, kW]} and {@code bias [Cout]}. Default
 * initialisation as PyTorch: {@code kaiming_uniform_(a = √5)} for the weight, which reduces to
 * U(−1/√fan_in, 1/√fan_in) with {@code fan_in = Cin/groups·kH·kW}, and the same bound for the bias.
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int kH;
    private final int kW;
    private final int sH;
    private final int sW;
    private final int pH;
    private final int pW;
    private final int dH;
    private final int dW;
    private final int groups;
    private final boolean bias;
    /** The odd element of "same" padding that goes on the bottom/right only (0 otherwise). */
    private final int extraH;
    private final int extraW;
    /** "same" or "valid" when built with string padding, else null. */
    private final String paddingMode;

    /** A float32 layer with a square kernel, stride 1, no padding, from the default generator. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    /** A float32 layer with square kernel, stride and padding, with bias, from the default generator. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 1, 1, true, DType.FLOAT32, Init.defaultGenerator());
    }

    /** A layer with square kernel, stride, padding and dilation. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  DType dtype, Generator gen) {
        this(in, out, kernel, kernel, stride, stride, padding, padding, dilation, dilation, groups, bias, dtype, gen);
    }

    /** The general layer: kernel, stride, padding and dilation per axis. */
    public Conv2d(int in, int out, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, int groups,
                  boolean bias, DType dtype, Generator gen) {
        this(in, out, kH, kW, sH, sW, new StringPadding(pH, 0), new StringPadding(pW, 0), null, dH, dW, groups, bias,
                dtype, gen);
    }

    /**
     * The general layer with PyTorch's string padding: "valid" (none) or "same" (stride 1 only; an odd
     * total padding puts the extra row/column at the bottom/right, as PyTorch).
     */
    public Conv2d(int in, int out, int kH, int kW, int sH, int sW, String padding, int dH, int dW, int groups,
                  boolean bias, DType dtype, Generator gen) {
        this(in, out, kH, kW, sH, sW, StringPadding.of("Conv2d", padding, kH, sH, dH),
                StringPadding.of("Conv2d", padding, kW, sW, dW), padding.toLowerCase(java.util.Locale.ROOT), dH, dW,
                groups, bias, dtype, gen);
    }

    private Conv2d(int in, int out, int kH, int kW, int sH, int sW, StringPadding padH, StringPadding padW,
                   String paddingMode, int dH, int dW, int groups, boolean bias, DType dtype, Generator gen) {
        int pH = padH.before();
        int pW = padW.before();
        checkChannels("Conv2d", in, out, groups);
        if (kH < 1 || kW < 1 || sH < 1 || sW < 1 || dH < 1 || dW < 1 || pH < 0 || pW < 0) {
            throw new IllegalArgumentException("Conv2d: kernel " + kH + "x" + kW + ", stride " + sH + "x" + sW
                    + " and dilation " + dH + "x" + dW + " must be positive and padding " + pH + "x" + pW
                    + " non-negative");
        }
        this.in = in;
        this.out = out;
        this.kH = kH;
        this.kW = kW;
        this.sH = sH;
        this.sW = sW;
        this.pH = pH;
        this.pW = pW;
        this.dH = dH;
        this.dW = dW;
        this.groups = groups;
        this.bias = bias;
        this.extraH = padH.extra();
        this.extraW = padW.extra();
        this.paddingMode = paddingMode;
        int fanIn = in / groups * kH * kW;
        param("weight", Init.defaultUniform(dtype, fanIn, gen, out, in / groups, kH, kW));
        if (bias) {
            param("bias", Init.defaultUniform(dtype, fanIn, gen, out));
        }
    }

    static void checkChannels(String layer, int in, int out, int groups) {
        if (in < 1 || out < 1 || groups < 1) {
            throw new IllegalArgumentException(layer + ": in channels " + in + ", out channels " + out + " and groups "
                    + groups + " must be positive");
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + ": in channels " + in + " and out channels " + out
                    + " must both be divisible by groups " + groups);
        }
    }

    /** The weight {@code [Cout, Cin/groups, kH, kW]}. */
    public Tensor weight() {
        return p("weight");
    }

    /** The bias {@code [Cout]}, or null. */
    public Tensor bias() {
        return bias ? p("bias") : null;
    }

    /** Input channels. */
    public int inChannels() {
        return in;
    }

    /** Output channels. */
    public int outChannels() {
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (extraH > 0 || extraW > 0) {
            x = Padding.constant(Padding.constant(x, -2, 0, extraH, 0), -1, 0, extraW, 0);
        }
        return Conv.conv2d(x, weight(), bias(), sH, sW, pH, pW, dH, dW, groups);
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + ", " + out + ", kernel_size=" + pair(kH, kW) + ", stride=" + pair(sH, sW)
                + (paddingMode != null ? ", padding=" + paddingMode : pH != 0 || pW != 0 ? ", padding=" + pair(pH, pW) : "")
                + (dH != 1 || dW != 1 ? ", dilation=" + pair(dH, dW) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias ? "" : ", bias=false") + ")";
    }

    static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }
}
