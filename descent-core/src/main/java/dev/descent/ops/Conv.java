package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.ConvKernels;
import dev.descent.kernel.ConvShape;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;

/**
 * Convolutions as in {@code torch.nn.functional}: {@code conv1d}, {@code conv2d} and
 * {@code convTranspose2d}, with stride, zero padding, dilation and groups.
 *
 * <p>Forward and the no-graph backward run im2col + GEMM over chunks of the batch, so the column
 * buffer stays bounded and only the input and weight are kept for backward. When the backward is
 * itself recorded ({@code createGraph}), it is written with the differentiable {@link Im2Col}
 * pair and matmul instead, which gives derivatives of every order:
 * <pre>
 *   grad x = col2im(Wᵀ·G)      grad W = G·im2col(x)ᵀ      grad b = Σ_{n,i,j} G
 * </pre>
 * with {@code G} the output gradient as a {@code [groups, Cout/groups, N·oh·ow]} matrix.
 */
public final class Conv {
    private Conv() {}

    /**
     * Column-buffer budget (elements) per chunk of the batch: bounds memory, keeps GEMMs large.
     * Not final so that tests can shrink it to exercise partial chunks.
     */
    static int colsBudget = 1 << 22;

    /**
     * Whether float32 convolutions run the per-image kernels of {@link ConvKernels} (the default)
     * or the chunked path below, which stays as their reference and serves float64. Tests flip it.
     */
    static boolean perImageKernels = true;

    /** {@code conv2d} with stride 1, no padding, dilation 1, one group. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b) {
        return conv2d(x, w, b, 1, 1, 0, 0, 1, 1, 1);
    }

    /** {@code conv2d} with square stride and padding, dilation 1, one group. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        return conv2d(x, w, b, stride, stride, padding, padding, 1, 1, 1);
    }

    /**
     * 2-D cross-correlation, as {@code torch.nn.functional.conv2d}:
     * <pre>
     *   out[n, o, i, j] = b[o] + Σ_{c ∈ group(o), ki, kj} w[o, c, ki, kj] · x[n, g·Cin/groups + c, i·sH − pH + ki·dH, j·sW − pW + kj·dW]
     * </pre>
     * (x is zero outside the image) with output size {@code oh = ⌊(H + 2pH − dH(kH−1) − 1)/sH⌋ + 1}.
     *
     * @param x input {@code [N, Cin, H, W]} (or unbatched {@code [Cin, H, W]})
     * @param w weight {@code [Cout, Cin/groups, kH, kW]}
     * @param b bias {@code [Cout]}, or null
     * @return {@code [N, Cout, oh, ow]}
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int strideH, int strideW, int padH, int padW,
                                int dilH, int dilW, int groups) {
        if (x.dim() == 3) {
            return conv2d(x.unsqueeze(0), w, b, strideH, strideW, padH, padW, dilH, dilW, groups).squeeze(0);
        }
        DType dt = NnUtil.promote(x, w, b);
        x = x.to(dt);
        w = w.to(dt);
        b = NnUtil.to(b, dt);
        Im2Col.Geometry g = geometry("conv2d", x, w, b, strideH, strideW, padH, padW, dilH, dilW, groups);
        Tensor out = forward(x, w, b, g, groups);
        return NnUtil.recording(x, w, b) ? out.withGradFn(new ConvBackward(x, w, b, g, groups)) : out;
    }

    /**
     * 1-D cross-correlation, as {@code torch.nn.functional.conv1d}: the 2-D case with height 1.
     *
     * @param x input {@code [N, Cin, L]} (or unbatched {@code [Cin, L]})
     * @param w weight {@code [Cout, Cin/groups, k]}
     * @param b bias {@code [Cout]}, or null
     * @return {@code [N, Cout, ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1]}
     */
    public static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
        if (x.dim() == 2) {
            return conv1d(x.unsqueeze(0), w, b, stride, padding, dilation, groups).squeeze(0);
        }
        if (x.dim() != 3 || w.dim() != 3) {
            throw new IllegalArgumentException("conv1d: expected input [N, C, L] and weight [Cout, C/groups, k], got "
                    + Shape.str(x.shapeRef()) + " and " + Shape.str(w.shapeRef()));
        }
        checkParams("conv1d", stride, stride, padding, padding, dilation, dilation, groups);
        int c = w.size(1) * groups;
        if (x.size(1) != c) {
            throw new IllegalArgumentException("conv1d: expected input [N, C, L] with C = " + c + " (weight "
                    + Shape.str(w.shapeRef()) + ", groups " + groups + "), got " + Shape.str(x.shapeRef()));
        }
        int span = dilation * (w.size(2) - 1) + 1;
        if (x.size(2) + 2 * padding < span) {
            throw new IllegalArgumentException("conv1d: kernel " + w.size(2) + " with dilation " + dilation + " spans "
                    + span + ", more than the padded input length " + (x.size(2) + 2 * padding) + " (input "
                    + Shape.str(x.shapeRef()) + ", padding " + padding + ")");
        }
        return conv2d(x.unsqueeze(2), w.unsqueeze(2), b, 1, stride, 0, padding, 1, dilation, groups).squeeze(2);
    }

    /**
     * Transposed 2-D convolution (the adjoint of {@link #conv2d} in {@code x}), as
     * {@code torch.nn.functional.conv_transpose2d}: every input pixel scatters {@code x·w} into its
     * window of the output. Output size {@code (H−1)·sH − 2pH + dH(kH−1) + outPadH + 1}.
     *
     * @param x input {@code [N, Cin, H, W]}
     * @param w weight {@code [Cin, Cout/groups, kH, kW]}
     * @param b bias {@code [Cout]}, or null
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int strideH, int strideW, int padH, int padW,
                                         int outPadH, int outPadW, int dilH, int dilW, int groups) {
        if (x.dim() == 3) {
            return convTranspose2d(x.unsqueeze(0), w, b, strideH, strideW, padH, padW, outPadH, outPadW, dilH, dilW,
                    groups).squeeze(0);
        }
        String op = "convTranspose2d";
        DType dt = NnUtil.promote(x, w, b);
        x = x.to(dt);
        w = w.to(dt);
        b = NnUtil.to(b, dt);
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, Cin, H, W] and weight [Cin, Cout/groups, kH, kW], got "
                    + Shape.str(x.shapeRef()) + " and " + Shape.str(w.shapeRef()));
        }
        checkParams(op, strideH, strideW, padH, padW, dilH, dilW, groups);
        NnUtil.checkNonNegative(op, "output padding", outPadH, outPadW);
        if ((outPadH >= strideH && outPadH >= dilH) || (outPadW >= strideW && outPadW >= dilW)) {
            throw new IllegalArgumentException(op + ": output padding " + outPadH + "x" + outPadW
                    + " must be smaller than either the stride " + strideH + "x" + strideW + " or the dilation "
                    + dilH + "x" + dilW);
        }
        int n = x.size(0);
        int cin = x.size(1);
        if (w.size(0) != cin || cin % groups != 0) {
            throw new IllegalArgumentException(op + ": expected input [N, Cin, H, W] with Cin = " + w.size(0)
                    + " divisible by groups " + groups + " (weight " + Shape.str(w.shapeRef()) + "), got "
                    + Shape.str(x.shapeRef()));
        }
        int cout = w.size(1) * groups;
        checkBias(op, b, cout);
        int kh = w.size(2);
        int kw = w.size(3);
        int h = x.size(2);
        int wi = x.size(3);
        int hOut = (h - 1) * strideH - 2 * padH + dilH * (kh - 1) + outPadH + 1;
        int wOut = (wi - 1) * strideW - 2 * padW + dilW * (kw - 1) + outPadW + 1;
        if (hOut < 1 || wOut < 1) {
            throw new IllegalArgumentException(op + ": output size " + hOut + "x" + wOut + " is too small (input "
                    + Shape.str(x.shapeRef()) + ", weight " + Shape.str(w.shapeRef()) + ", padding " + padH + "x" + padW + ")");
        }
        Im2Col.Geometry g = new Im2Col.Geometry(n, cout, hOut, wOut, kh, kw, strideH, strideW, padH, padW, dilH, dilW, h, wi);
        int cinG = cin / groups;
        int rowsG = g.rows() / groups;
        Tensor xm = x.reshape(n, groups, cinG, h * wi).permute(1, 2, 0, 3).reshape(groups, cinG, n * h * wi);
        Tensor wm = w.reshape(groups, cinG, rowsG).transpose(1, 2);
        Tensor out = Im2Col.col2im(wm.matmul(xm).reshape(g.rows(), n * h * wi), g);
        return b == null ? out : out.add(b.reshape(1, cout, 1, 1));
    }

    // ---------------------------------------------------------------- validation

    private static void checkParams(String op, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
        NnUtil.checkPositive(op, "stride", sh, sw);
        NnUtil.checkNonNegative(op, "padding", ph, pw);
        NnUtil.checkPositive(op, "dilation", dh, dw);
        NnUtil.checkPositive(op, "groups", groups);
    }

    private static void checkBias(String op, Tensor b, int cout) {
        if (b != null && (b.dim() != 1 || b.size(0) != cout)) {
            throw new IllegalArgumentException(op + ": expected bias [" + cout + "] (one per output channel), got "
                    + Shape.str(b.shapeRef()));
        }
    }

    private static Im2Col.Geometry geometry(String op, Tensor x, Tensor w, Tensor b, int sh, int sw, int ph, int pw,
                                            int dh, int dw, int groups) {
        if (w.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected weight [Cout, Cin/groups, kH, kW], got "
                    + Shape.str(w.shapeRef()));
        }
        checkParams(op, sh, sw, ph, pw, dh, dw, groups);
        int c = w.size(1) * groups;
        if (x.dim() != 4 || x.size(1) != c) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W] with C = " + c + " (weight "
                    + Shape.str(w.shapeRef()) + ", groups " + groups + "), got " + Shape.str(x.shapeRef()));
        }
        int cout = w.size(0);
        if (cout % groups != 0) {
            throw new IllegalArgumentException(op + ": out channels " + cout + " of weight " + Shape.str(w.shapeRef())
                    + " must be divisible by groups " + groups);
        }
        checkBias(op, b, cout);
        int kh = w.size(2);
        int kw = w.size(3);
        int oh = Im2Col.Geometry.outSize(x.size(2), kh, sh, ph, dh);
        int ow = Im2Col.Geometry.outSize(x.size(3), kw, sw, pw, dw);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " with dilation " + dh + "x" + dw
                    + " spans " + (dh * (kh - 1) + 1) + "x" + (dw * (kw - 1) + 1) + ", more than the padded input "
                    + (x.size(2) + 2 * ph) + "x" + (x.size(3) + 2 * pw) + " (input " + Shape.str(x.shapeRef())
                    + ", padding " + ph + "x" + pw + ")");
        }
        return new Im2Col.Geometry(x.size(0), c, x.size(2), x.size(3), kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
    }

    // ---------------------------------------------------------------- fused forward and backward

    /** Images per chunk so that the column buffer stays within the budget. */
    private static int chunk(Im2Col.Geometry g) {
        long perImage = (long) g.rows() * g.positions();
        return (int) Math.max(1, Math.min(g.n(), colsBudget / Math.max(1, perImage)));
    }

    /**
     * im2col + GEMM over chunks of the batch: {@code out_g = W_g · cols_g} per group. A direct
     * (non-im2col) loop would win for tiny channel counts; it would plug in here, chosen from the
     * geometry, and be tested against this path.
     */
    private static Tensor forward(Tensor x, Tensor w, Tensor b, Im2Col.Geometry g, int groups) {
        Tensor xc = Dispatch.contiguous(x.detach());
        Tensor wc = Dispatch.contiguous(w.detach());
        DType dt = x.dtype();
        int n = g.n();
        int cout = w.size(0);
        if (dt == DType.FLOAT32 && perImageKernels) {
            Tensor out = Tensor.uninitialized(dt, n, cout, g.oh(), g.ow());
            ConvKernels.forward(kernelShape(g, cout, groups), xc.storage().floats(), xc.offset(),
                    wc.storage().floats(), wc.offset(), out.storage().floats(), out.offset());
            addBias(out, b, n, cout, g.positions());
            return out;
        }
        int coutG = cout / groups;
        int kG = g.rows() / groups;
        int len = g.positions();
        Tensor out = Tensor.empty(dt, n, cout, g.oh(), g.ow());
        Storage os = out.storage();
        int nb = chunk(g);
        Storage cols = Tensor.empty(dt, g.rows() * nb * len).storage();
        Storage tmp = nb > 1 ? Tensor.empty(dt, cout * nb * len).storage() : null;
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            int cw = m * len;
            Im2Col.unfold(xc.storage(), xc.offset(), g, n0, m, cols, 0);
            if (m == 1) { // one image: the GEMM writes its [Cout, oh·ow] plane in place
                MatMul.batched(groups, coutG, len, kG, wc.storage(), wc.offset(), coutG * kG, kG, 1,
                        cols, 0, kG * len, len, 1, os, n0 * cout * len, coutG * len, len, false);
            } else { // [Cout, m·L] → [m, Cout, L]
                MatMul.batched(groups, coutG, cw, kG, wc.storage(), wc.offset(), coutG * kG, kG, 1,
                        cols, 0, kG * cw, cw, 1, tmp, 0, coutG * cw, cw, false);
                for (int co = 0; co < cout; co++) {
                    for (int j = 0; j < m; j++) {
                        copy(tmp, co * cw + j * len, os, ((n0 + j) * cout + co) * len, len);
                    }
                }
            }
        }
        addBias(out, b, n, cout, len);
        return out;
    }

    private static void addBias(Tensor out, Tensor b, int n, int cout, int len) {
        if (b == null) {
            return;
        }
        Storage os = out.storage();
        double[] bias = b.toDoubleArray();
        for (int i = 0; i < n * cout; i++) {
            double bv = bias[i % cout];
            for (int p = i * len, end = p + len; p < end; p++) {
                Loops.write(os, p, Loops.read(os, p) + bv);
            }
        }
    }

    /** The kernel-side view of a geometry with {@code cout} output channels in {@code groups}. */
    private static ConvShape kernelShape(Im2Col.Geometry g, int cout, int groups) {
        return new ConvShape(g.n(), g.c(), g.h(), g.w(), cout, groups, g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(),
                g.dh(), g.dw(), g.oh(), g.ow());
    }

    private static void copy(Storage src, int from, Storage dst, int to, int len) {
        if (src.floats() != null) {
            System.arraycopy(src.floats(), from, dst.floats(), to, len);
        } else {
            System.arraycopy(src.doubles(), from, dst.doubles(), to, len);
        }
    }

    /** Backward of conv2d: fused chunked GEMMs without a graph, differentiable ops with one. */
    static final class ConvBackward extends Node {
        private final Saved x;
        private final Saved w;
        private final int[] xShape;
        private final int[] wShape;
        private final Im2Col.Geometry g;
        private final int groups;

        ConvBackward(Tensor x, Tensor w, Tensor b, Im2Col.Geometry g, int groups) {
            super(x, w, b);
            this.x = needsGrad(1) ? save(x) : null;
            this.w = needsGrad(0) ? save(w) : null;
            this.xShape = x.shapeRef();
            this.wShape = w.shapeRef();
            this.g = g;
            this.groups = groups;
        }

        @Override
        public String name() {
            return "Conv2dBackward";
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor gb = needsGrad(2) ? grad.sum(new int[] {0, 2, 3}, false) : null;
            if (GradMode.isEnabled()) {
                return withGraph(grad, gb);
            }
            return fused(Dispatch.contiguous(grad), gb);
        }

        private Tensor[] withGraph(Tensor grad, Tensor gb) {
            int cout = wShape[0];
            int coutG = cout / groups;
            int kG = g.rows() / groups;
            int cols = g.n() * g.positions();
            Tensor gm = grad.reshape(g.n(), cout, g.positions()).permute(1, 0, 2).reshape(groups, coutG, cols);
            Tensor gx = null;
            Tensor gw = null;
            if (needsGrad(0)) {
                Tensor wm = w.get().reshape(groups, coutG, kG).transpose(1, 2);
                gx = Im2Col.col2im(wm.matmul(gm).reshape(g.rows(), cols), g);
            }
            if (needsGrad(1)) {
                Tensor xm = Im2Col.im2col(x.get(), g).reshape(groups, kG, cols);
                gw = gm.matmul(xm.transpose(1, 2)).reshape(wShape);
            }
            return new Tensor[] {gx, gw, gb};
        }

        private Tensor[] fused(Tensor grad, Tensor gb) {
            DType dt = grad.dtype();
            int n = g.n();
            int cout = wShape[0];
            int coutG = cout / groups;
            int kG = g.rows() / groups;
            int len = g.positions();
            Tensor xc = needsGrad(1) ? Dispatch.contiguous(x.get().detach()) : null;
            Tensor wc = needsGrad(0) ? Dispatch.contiguous(w.get().detach()) : null;
            if (dt == DType.FLOAT32 && perImageKernels) {
                ConvShape ks = kernelShape(g, cout, groups);
                float[] gy = grad.storage().floats();
                Tensor gx = null;
                Tensor gw = null;
                if (wc != null) {
                    gx = Tensor.uninitialized(dt, xShape);
                    ConvKernels.backwardInput(ks, gy, grad.offset(), wc.storage().floats(), wc.offset(),
                            gx.storage().floats(), gx.offset());
                }
                if (xc != null) {
                    gw = Tensor.uninitialized(dt, wShape);
                    ConvKernels.backwardWeight(ks, xc.storage().floats(), xc.offset(), gy, grad.offset(),
                            gw.storage().floats(), gw.offset());
                }
                return new Tensor[] {gx, gw, gb};
            }
            Tensor gx = needsGrad(0) ? Tensor.zeros(dt, xShape) : null;
            Tensor gw = needsGrad(1) ? Tensor.zeros(dt, wShape) : null;
            int nb = chunk(g);
            Storage cols = Tensor.empty(dt, g.rows() * nb * len).storage();
            Storage gt = nb > 1 ? Tensor.empty(dt, cout * nb * len).storage() : null;
            for (int n0 = 0; n0 < n; n0 += nb) {
                int m = Math.min(nb, n - n0);
                int cw = m * len;
                // The output gradient of this chunk as a [Cout, m·L] matrix.
                Storage gs;
                int gOff;
                if (m == 1) {
                    gs = grad.storage();
                    gOff = grad.offset() + n0 * cout * len;
                } else {
                    for (int co = 0; co < cout; co++) {
                        for (int j = 0; j < m; j++) {
                            copy(grad.storage(), grad.offset() + ((n0 + j) * cout + co) * len, gt, co * cw + j * len, len);
                        }
                    }
                    gs = gt;
                    gOff = 0;
                }
                if (gw != null) { // grad W_g += G_g · cols_gᵀ
                    Im2Col.unfold(xc.storage(), xc.offset(), g, n0, m, cols, 0);
                    MatMul.batched(groups, coutG, kG, cw, gs, gOff, coutG * cw, cw, 1,
                            cols, 0, kG * cw, 1, cw, gw.storage(), 0, coutG * kG, kG, true);
                }
                if (gx != null) { // grad cols_g = W_gᵀ · G_g, folded back into the images
                    MatMul.batched(groups, kG, cw, coutG, wc.storage(), wc.offset(), coutG * kG, 1, kG,
                            gs, gOff, coutG * cw, cw, 1, cols, 0, kG * cw, cw, false);
                    Im2Col.fold(cols, 0, g, n0, m, gx.storage(), 0);
                }
            }
            return new Tensor[] {gx, gw, gb};
        }
    }
}
