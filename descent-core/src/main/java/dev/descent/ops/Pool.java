package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.kernel.PoolAxis;
import dev.descent.kernel.PoolFloat;
import dev.descent.kernel.PoolPlan;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * 2-D pooling over {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) inputs, as in
 * {@code torch.nn.functional} with {@code ceil_mode=False}. Output size along each axis:
 * {@code ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1}; padding may be at most half the kernel.
 *
 * <p>Backwards are differentiable to every order: average pooling is linear, its backward is its
 * adjoint (each gradient spread over its window), whose backward is average pooling again; max
 * pooling routes the gradient to the saved argmax with a scatter whose backward is a gather.
 */
public final class Pool {
    private Pool() {}

    /** {@code maxPool2d} with stride = kernel and no padding (PyTorch's defaults). */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, kernel, kernel, kernel, kernel, 0, 0, 1, 1);
    }

    /** {@code maxPool2d} with a square kernel, stride and padding, dilation 1. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return maxPool2d(x, kernel, kernel, stride, stride, padding, padding, 1, 1);
    }

    /**
     * Maximum over each window {@code x[n, c, i·sH − pH + ki·dH, j·sW − pW + kj·dW]} (padding never
     * wins). The gradient goes to the first maximal element of the window (row-major order), as
     * PyTorch's CPU kernel; a NaN in the window is the maximum.
     */
    public static Tensor maxPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
        if (x.dim() == 3) {
            return maxPool2d(x.unsqueeze(0), kH, kW, sH, sW, pH, pW, dH, dW).squeeze(0);
        }
        String op = "maxPool2d";
        checkInput(op, x);
        checkWindow(op, kH, kW, sH, sW, pH, pW);
        NnUtil.checkPositive(op, "dilation", dH, dW);
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int oh = Math.floorDiv(h + 2 * pH - dH * (kH - 1) - 1, sH) + 1;
        int ow = Math.floorDiv(w + 2 * pW - dW * (kW - 1) - 1, sW) + 1;
        checkOutput(op, x, oh, ow);
        int missRow = windowInPadding(h, kH, sH, pH, dH, oh);
        int missCol = windowInPadding(w, kW, sW, pW, dW, ow);
        if (missRow >= 0 || missCol >= 0) {
            throw new IllegalArgumentException(op + ": the window of output " + (missRow >= 0 ? "row " + missRow
                    : "column " + missCol) + " lies entirely in the padding (kernel " + kH + "x" + kW + ", dilation "
                    + dH + "x" + dW + ", padding " + pH + "x" + pW + ", input " + h + "x" + w + ")");
        }
        int[] argmax = new int[n * c * oh * ow];
        Tensor y;
        if (x.dtype() == DType.FLOAT32) {
            Tensor xc = Dispatch.contiguous(x.detach());
            y = Tensor.empty(DType.FLOAT32, n, c, oh, ow);
            PoolFloat.max(n * c, h, w, kH, kW, sH, sW, pH, pW, dH, dW, oh, ow, xc.storage().floats(), xc.offset(),
                    y.storage().floats(), y.offset(), argmax);
        } else {
            double[] out = new double[argmax.length];
            PoolKernels.maxPool(NnUtil.doubles(x), n * c, h, w, kH, kW, sH, sW, pH, pW, dH, dW, oh, ow, out, argmax);
            y = NnUtil.tensor(out, x.dtype(), n, c, oh, ow);
        }
        return NnUtil.recording(x) ? y.withGradFn(new MaxPoolBackward(x, argmax, oh * ow)) : y;
    }

    /** {@code avgPool2d} with a square kernel, stride and padding, counting padding in the divisor. */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return avgPool2d(x, kernel, kernel, stride, stride, padding, padding, true);
    }

    /**
     * Mean over each window of the zero-padded input: {@code Σ_window x / divisor} with divisor
     * {@code kH·kW} when {@code countIncludePad} (PyTorch's default), else the number of window
     * elements inside the image.
     */
    public static Tensor avgPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, boolean countIncludePad) {
        if (x.dim() == 3) {
            return avgPool2d(x.unsqueeze(0), kH, kW, sH, sW, pH, pW, countIncludePad).squeeze(0);
        }
        String op = "avgPool2d";
        checkInput(op, x);
        checkWindow(op, kH, kW, sH, sW, pH, pW);
        PoolPlan plan = new PoolPlan(x.size(0) * x.size(1),
                PoolAxis.sliding(x.size(2), kH, sH, pH), PoolAxis.sliding(x.size(3), kW, sW, pW),
                countIncludePad);
        checkOutput(op, x, plan.rows().out(), plan.cols().out());
        return avg(x, plan);
    }

    /**
     * Average pooling to a fixed output size: output cell {@code (i, j)} averages rows
     * {@code [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉)} and the matching columns, as PyTorch's
     * {@code adaptive_avg_pool2d}. {@code (1, 1)} is global average pooling.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        if (x.dim() == 3) {
            return adaptiveAvgPool2d(x.unsqueeze(0), outH, outW).squeeze(0);
        }
        String op = "adaptiveAvgPool2d";
        checkInput(op, x);
        NnUtil.checkPositive(op, "output size", outH, outW);
        PoolPlan plan = new PoolPlan(x.size(0) * x.size(1),
                PoolAxis.adaptive(x.size(2), outH), PoolAxis.adaptive(x.size(3), outW), true);
        return avg(x, plan);
    }

    // ---------------------------------------------------------------- checks

    private static void checkInput(String op, Tensor x) {
        if (x.dim() != 4 || x.size(2) < 1 || x.size(3) < 1) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W] or [C, H, W] with H, W >= 1, got "
                    + Shape.str(x.shapeRef()));
        }
    }

    private static void checkWindow(String op, int kH, int kW, int sH, int sW, int pH, int pW) {
        NnUtil.checkPositive(op, "kernel size", kH, kW);
        NnUtil.checkPositive(op, "stride", sH, sW);
        NnUtil.checkNonNegative(op, "padding", pH, pW);
        if (pH > kH / 2 || pW > kW / 2) {
            throw new IllegalArgumentException(op + ": padding " + pH + "x" + pW + " must be at most half the kernel "
                    + kH + "x" + kW + " (padding <= " + (kH / 2) + "x" + (kW / 2) + "), as in PyTorch");
        }
    }

    /**
     * With dilation a window may miss the input altogether (every tap in the padding; PyTorch then
     * gives −∞): the first such output along one axis, or −1. Checked before any work.
     */
    private static int windowInPadding(int in, int k, int s, int p, int d, int out) {
        for (int o = 0; o < out; o++) {
            boolean hit = false;
            for (int t = 0; t < k && !hit; t++) {
                int i = o * s - p + t * d;
                hit = i >= 0 && i < in;
            }
            if (!hit) {
                return o;
            }
        }
        return -1;
    }

    private static void checkOutput(String op, Tensor x, int oh, int ow) {
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shapeRef()) + " gives output size "
                    + oh + "x" + ow + ", which is too small: use a smaller kernel or more padding");
        }
    }

    // ---------------------------------------------------------------- average pooling and its adjoint

    private static Tensor avg(Tensor x, PoolPlan plan) {
        int[] shape = x.shape();
        shape[2] = plan.rows().out();
        shape[3] = plan.cols().out();
        Tensor y;
        if (x.dtype() == DType.FLOAT32) {
            Tensor xc = Dispatch.contiguous(x.detach());
            y = Tensor.empty(DType.FLOAT32, shape);
            PoolFloat.avg(plan, xc.storage().floats(), xc.offset(), y.storage().floats(), y.offset());
        } else {
            y = NnUtil.tensor(PoolKernels.avgPool(NnUtil.doubles(x), plan), x.dtype(), shape);
        }
        return NnUtil.recording(x) ? y.withGradFn(new AvgPoolBackward(x, plan)) : y;
    }

    private static Tensor avgAdjoint(Tensor g, PoolPlan plan, int[] inShape) {
        Tensor y;
        if (g.dtype() == DType.FLOAT32) {
            Tensor gc = Dispatch.contiguous(g.detach());
            y = Tensor.empty(DType.FLOAT32, inShape);
            PoolFloat.avgAdjoint(plan, gc.storage().floats(), gc.offset(), y.storage().floats(), y.offset());
        } else {
            y = NnUtil.tensor(PoolKernels.avgPoolAdjoint(NnUtil.doubles(g), plan), g.dtype(), inShape);
        }
        return NnUtil.recording(g) ? y.withGradFn(new AvgPoolAdjointBackward(g, plan)) : y;
    }

    static final class AvgPoolBackward extends Node {
        private final PoolPlan plan;
        private final int[] inShape;

        AvgPoolBackward(Tensor x, PoolPlan plan) {
            super(x);
            this.plan = plan;
            this.inShape = x.shapeRef();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {avgAdjoint(g, plan, inShape)};
        }
    }

    /** The adjoint is linear too: its backward is average pooling of the incoming gradient. */
    static final class AvgPoolAdjointBackward extends Node {
        private final PoolPlan plan;

        AvgPoolAdjointBackward(Tensor g, PoolPlan plan) {
            super(g);
            this.plan = plan;
        }

        @Override
        protected Tensor[] backward(Tensor gg) {
            return new Tensor[] {avg(gg, plan)};
        }
    }

    /** Routes each output gradient to its argmax; written as a scatter so it can be differentiated again. */
    static final class MaxPoolBackward extends Node {
        private int[] argmax;
        private final int[] inShape;
        private final int outPlane;

        MaxPoolBackward(Tensor x, int[] argmax, int outPlane) {
            super(x);
            this.argmax = argmax;
            this.inShape = x.shapeRef();
            this.outPlane = outPlane;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            if (g.dtype() != DType.FLOAT32 || GradMode.isEnabled()) {
                return new Tensor[] {BlockIndex.scatterAdd(g, argmax, 1, inShape)};
            }
            // no graph to record: the same scatter as a float kernel, plane by plane in parallel
            Tensor gc = Dispatch.contiguous(g);
            Tensor dx = Tensor.empty(DType.FLOAT32, inShape);
            int planes = inShape[0] * inShape[1];
            PoolFloat.maxAdjoint(planes, inShape[2] * inShape[3], outPlane, gc.storage().floats(), gc.offset(), argmax,
                    dx.storage().floats(), dx.offset());
            return new Tensor[] {dx};
        }

        /** The argmax is as large as the output: not kept alive with the graph once it was used. */
        @Override
        protected boolean onRelease() {
            argmax = null;
            return true;
        }
    }
}
