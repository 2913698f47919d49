package dev.descent.nn.zoo;

import dev.descent.nn.BatchNorm2d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Module;
import dev.descent.nn.Residual;
import dev.descent.nn.Sequential;
import dev.descent.ops.Padding;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * The two-layer residual block of He et al. (2016), as torchvision's {@code BasicBlock}:
 * <pre>
 *   y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))        conv 3×3, padding 1, no bias; conv1 has the stride
 * </pre>
 * When the block changes the shape (stride ≠ 1 or channels differ) the shortcut is
 * {@link ResNet.Shortcut#A} (subsample by the stride, pad the new channels with zeros: no
 * parameters) or {@link ResNet.Shortcut#B} (child {@code downsample}: 1×1 convolution with the
 * stride and batch norm). With {@code skip = false} there is no shortcut at all (the plain twin).
 */
public final class BasicBlock extends Module {
    private final int in;
    private final int out;
    private final int stride;
    private final ResNet.Shortcut shortcut;
    private final boolean skip;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    /** A block from {@code in} to {@code out} channels with {@code stride}. */
    public BasicBlock(int in, int out, int stride, ResNet.Shortcut shortcut, boolean skip, DType dtype, Generator gen) {
        this.in = in;
        this.out = out;
        this.stride = stride;
        this.shortcut = shortcut;
        this.skip = skip;
        conv1 = child("conv1", new Conv2d(in, out, 3, stride, 1, 1, 1, false, dtype, gen));
        bn1 = child("bn1", new BatchNorm2d(out, dtype));
        conv2 = child("conv2", new Conv2d(out, out, 3, 1, 1, 1, 1, false, dtype, gen));
        bn2 = child("bn2", new BatchNorm2d(out, dtype));
        boolean project = skip && (stride != 1 || in != out) && shortcut == ResNet.Shortcut.B;
        downsample = project ? child("downsample", Residual.convProjection(in, out, stride, dtype, gen)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = conv2.call(bn1.callRelu(conv1.call(x)));
        if (!skip) {
            return bn2.callRelu(y);
        }
        // relu(bn2(y) + shortcut) as one op: one pass forward, and backward the masked gradient is written
        // once, for the shortcut and for bn2
        return bn2.callAddRelu(y, downsample != null ? downsample.call(x) : identityShortcut(x));
    }

    /** Option A: x itself, or x subsampled by the stride with the extra channels zero-padded half before, half after. */
    private Tensor identityShortcut(Tensor x) {
        if (stride == 1 && in == out) {
            return x;
        }
        Tensor s = stride == 1 ? x : x.slice(2, 0, x.size(2), stride).slice(3, 0, x.size(3), stride);
        if (in == out) {
            return s;
        }
        int before = (out - in) / 2;
        return Padding.constant(s, 1, before, out - in - before, 0);
    }

    @Override
    public String toString() {
        return "BasicBlock(" + in + ", " + out + ", stride=" + stride + (skip ? ", shortcut=" + shortcut : ", skip=false")
                + ")";
    }
}
