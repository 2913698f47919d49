package dev.descent.nn;

import dev.descent.ops.Conv;
import dev.descent.ops.Padding;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * 1-D convolution of {@code [N, Cin, L]} inputs, as {@code torch.nn.Conv1d}: output length
 * {@code ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1}. PyTorch's string padding is taken too: "valid" (none) and
 * "same" (stride 1; output length L, an odd total padding's extra element on the right).
 *
 * <p>Parameters: {@code weight [Cout, Cin/groups, k]} and {@code bias [Cout]}, both initialised
 * U(−1/√fan_in, 1/√fan_in) with {@code fan_in = Cin/groups·k} (PyTorch's {@code kaiming_uniform_(a = √5)}).
 */
public final class Conv1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final boolean bias;
    /** The odd element of "same" padding that goes on the right only (0 otherwise). */
    private final int extra;
    /** "same" or "valid" when built with string padding, else null. */
    private final String paddingMode;

    /** A float32 layer, stride 1, no padding, from the default generator. */
    public Conv1d(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0, 1, 1, true, DType.FLOAT32, Init.defaultGenerator());
    }

    /** The general layer. */
    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  DType dtype, Generator gen) {
        this(in, out, kernel, stride, new StringPadding(padding, 0), null, dilation, groups, bias, dtype, gen);
    }

    /**
     * The general layer with PyTorch's string padding: "valid" (none) or "same" (stride 1 only; an odd
     * total padding puts the extra element on the right, as PyTorch).
     */
    public Conv1d(int in, int out, int kernel, int stride, String padding, int dilation, int groups, boolean bias,
                  DType dtype, Generator gen) {
        this(in, out, kernel, stride, StringPadding.of("Conv1d", padding, kernel, stride, dilation),
                padding.toLowerCase(java.util.Locale.ROOT), dilation, groups, bias, dtype, gen);
    }

    private Conv1d(int in, int out, int kernel, int stride, StringPadding pad, String paddingMode, int dilation,
                   int groups, boolean bias, DType dtype, Generator gen) {
        int padding = pad.before();
        Conv2d.checkChannels("Conv1d", in, out, groups);
        if (kernel < 1 || stride < 1 || dilation < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv1d: kernel " + kernel + ", stride " + stride + " and dilation "
                    + dilation + " must be positive and padding " + padding + " non-negative");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.bias = bias;
        this.extra = pad.extra();
        this.paddingMode = paddingMode;
        int fanIn = in / groups * kernel;
        param("weight", Init.defaultUniform(dtype, fanIn, gen, out, in / groups, kernel));
        if (bias) {
            param("bias", Init.defaultUniform(dtype, fanIn, gen, out));
        }
    }

    /** The weight {@code [Cout, Cin/groups, k]}. */
    public Tensor weight() {
        return p("weight");
    }

    /** The bias {@code [Cout]}, or null. */
    public Tensor bias() {
        return bias ? p("bias") : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor in = extra > 0 ? Padding.constant(x, -1, 0, extra, 0) : x;
        return Conv.conv1d(in, weight(), bias(), stride, padding, dilation, groups);
    }

    @Override
    public String toString() {
        return "Conv1d(" + in + ", " + out + ", kernel_size=" + kernel + ", stride=" + stride
                + (paddingMode != null ? ", padding=" + paddingMode : padding != 0 ? ", padding=" + padding : "") + (dilation != 1 ? ", dilation=" + dilation : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias ? "" : ", bias=false") + ")";
    }
}
