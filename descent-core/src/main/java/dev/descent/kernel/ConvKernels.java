package dev.descent.kernel;

import java.util.Arrays;

/**
 * Float32 2-D convolution (cross-correlation) over a contiguous NCHW batch, forward and both
 * gradients, as per-image im2col + GEMM run in parallel across the images.
 *
 * <p>Each image is unfolded into a column buffer of the calling thread (a few hundred KB for CIFAR
 * shapes, so it stays in L2 between the unfold and the product) and multiplied in the layout that
 * lands in place: {@code out_n = W · cols_n} is already the NCHW plane {@code [cout, oh·ow]}, and
 * {@code cols = Wᵀ · G_n} folds straight back into {@code grad x_n}. No permute, no batch-sized
 * buffer. Per group {@code g} (rows {@code [g·kG, (g+1)·kG)}, channels {@code [g·coutG, ...)}):
 * <pre>
 *   out_n,g = W_g · cols_n,g      grad cols_n,g = W_gᵀ · G_n,g      grad W_g = Σ_n G_n,g · cols_n,gᵀ
 * </pre>
 *
 * <p>Determinism: the images are independent in the first two; for the weight gradient the batch
 * is cut into {@link #WEIGHT_BLOCKS} fixed blocks, each summed in image order into its own partial,
 * and the partials are added in block order. None of it depends on which thread ran what, so the
 * bits do not depend on the thread count. The GEMMs nested inside run inline on their thread.
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** Fixed number of partial sums for the weight gradient (not the thread count: keeps the bits). */
    static final int WEIGHT_BLOCKS = 8;

    private static final ThreadLocal<float[][]> COLS = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private static final ThreadLocal<float[][]> PARTIALS = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    /**
     * The calling thread's buffer of weight-gradient partials, grown on demand (each block clears or
     * overwrites its part before adding to it). Reused because at 64→64 channels it is 1.2 MB: a fresh one per call is a humongous
     * G1 allocation, and those start concurrent collections that take a core from the training step.
     */
    private static float[] partials(int size) {
        float[][] holder = PARTIALS.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** The calling thread's column buffer, grown on demand; every element read is written first. */
    private static float[] cols(int size) {
        float[][] holder = COLS.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /**
     * Whether the direct kernel ({@code VectorConvDirect}) runs this shape: Vector API on, 3×3,
     * stride 1, one group, output channels in whole tiles of 8, padding at most the kernel's reach.
     * It beats im2col + GEMM there (no column matrix, no packing); otherwise im2col + GEMM runs.
     */
    static boolean direct(ConvShape g) {
        return Simd.enabled() && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.groups() == 1
                && g.cout() % VectorConvDirect.CO_BLOCK == 0 && g.ph() <= 2 * g.dh() && g.pw() <= 2 * g.dw();
    }

    /**
     * Whether the direct kernel runs the forward and the weight gradient of this shape: what
     * {@link #direct} accepts, and the same with stride 2 in both directions (the planes split into phases, see {@link ConvFrames}).
     */
    static boolean directForward(ConvShape g) {
        return Simd.enabled() && g.kh() == 3 && g.kw() == 3 && g.groups() == 1
                && (g.sh() == 1 && g.sw() == 1 || g.sh() == 2 && g.sw() == 2)
                && g.cout() % VectorConvDirect.CO_BLOCK == 0 && g.ph() <= 2 * g.dh() && g.pw() <= 2 * g.dw();
    }

    /** Test hook: false sends every shape through im2col + GEMM (the direct kernel's reference). */
    static volatile boolean directEnabled = true;

    private static boolean useDirect(ConvShape g) {
        return directEnabled && direct(g);
    }

    /**
     * The convolution whose forward is the input gradient of {@code g} (stride 1, one group): the
     * output gradient padded by {@code (k − 1)·d − p}, convolved with the flipped, transposed weight.
     */
    private static ConvShape adjoint(ConvShape g) {
        int ph = (g.kh() - 1) * g.dh() - g.ph();
        int pw = (g.kw() - 1) * g.dw() - g.pw();
        if (ph < 0 || pw < 0) {
            return null;
        }
        return new ConvShape(g.n(), g.cout(), g.oh(), g.ow(), g.c(), 1, g.kh(), g.kw(), 1, 1, ph, pw, g.dh(), g.dw(),
                g.h(), g.w());
    }

    /** {@code w[co, ci, ki, kj]} → {@code w'[ci, co, kh−1−ki, kw−1−kj]}, in the calling thread's {@link ConvScratch}. */
    private static float[] flipTranspose(ConvShape g, float[] w, int wOff) {
        int taps = g.kh() * g.kw();
        float[] t = ConvScratch.get().flipped(g.cout() * g.c() * taps);
        for (int co = 0; co < g.cout(); co++) {
            for (int ci = 0; ci < g.c(); ci++) {
                for (int q = 0; q < taps; q++) {
                    t[(ci * g.cout() + co) * taps + (taps - 1 - q)] = w[wOff + (co * g.c() + ci) * taps + q];
                }
            }
        }
        return t;
    }

    /** Work on one image with the thread's column buffer. */
    private interface ImageBody {
        void run(int image, float[] cols);
    }

    /** Runs {@code body} for every image, the images spread over the threads, with a buffer of {@code size}. */
    private static void eachImage(ConvShape g, int size, ImageBody body) {
        Parallel.forRange(g.n(), 1, (n0, n1) -> {
            float[] buf = cols(size);
            for (int n = n0; n < n1; n++) {
                body.run(n, buf);
            }
        });
    }

    /**
     * {@code out[n, cout, oh, ow] = conv(x, w)} without bias; {@code out} is overwritten.
     *
     * @param x   input {@code [n, c, h, w]} at {@code xOff}
     * @param w   weight {@code [cout, c/groups, kh, kw]} at {@code wOff}
     * @param out output {@code [n, cout, oh, ow]} at {@code outOff}
     */
    public static void forward(ConvShape g, float[] x, int xOff, float[] w, int wOff, float[] out, int outOff) {
        if (directEnabled && directForward(g)) {
            VectorConvDirect.ForwardPlan plan = VectorConvDirect.ForwardPlan.of(g);
            float[] packed = VectorConvDirect.packWeights(g, w, wOff);
            int m = plan.frames().images();
            Parallel.forRange((g.n() + m - 1) / m, 1, (s0, s1) -> {
                for (int s = s0; s < s1; s++) {
                    int n = s * m;
                    VectorConvDirect.forwardImages(g, plan, x, xOff + n * g.imageSize(), Math.min(m, g.n() - n),
                            packed, out, outOff + n * g.outSize());
                }
            });
            return;
        }
        int len = g.positions();
        int kG = g.rows() / g.groups();
        int coutG = g.cout() / g.groups();
        eachImage(g, g.rows() * len, (n, buf) -> {
            Im2ColKernels.unfold(g, x, xOff + n * g.imageSize(), 0, g.c(), buf, 0);
            Gemm.sgemmBatched(g.groups(), coutG, len, kG, w, wOff, coutG * kG, kG, 1,
                    buf, 0, kG * len, len, 1, out, outOff + n * g.outSize(), coutG * len, len, false);
        });
    }

    /**
     * {@code gx = ∂L/∂x} from the output gradient: {@code gx} (shape of x) is overwritten.
     *
     * <p>Stride 1: the forward of the adjoint convolution (direct when it qualifies); stride 2 with input
     * channels in whole tiles of 8: {@link ConvStride2Input}, the adjoint on the phase planes; otherwise
     * GEMM + col2im.
     *
     * @param gy output gradient {@code [n, cout, oh, ow]} at {@code gyOff}
     * @param w  weight at {@code wOff}
     * @param gx input gradient {@code [n, c, h, w]} at {@code gxOff}
     */
    public static void backwardInput(ConvShape g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        if (directEnabled && directForward(g) && g.sh() == 2 && g.c() % VectorConvDirect.CO_BLOCK == 0) {
            ConvStride2Input.Phases phases = ConvStride2Input.Phases.cached(g);
            float[] packed = ConvStride2Input.packWeights(g, phases, w, wOff);
            eachImage(g, 0, (n, buf) -> ConvStride2Input.image(g, phases, packed, gy, gyOff + n * g.outSize(), gx,
                    gxOff + n * g.imageSize()));
            return;
        }
        ConvShape adj = g.sh() == 1 && g.sw() == 1 && g.groups() == 1 ? adjoint(g) : null;
        if (adj != null && useDirect(adj)) {
            forward(adj, gy, gyOff, flipTranspose(g, w, wOff), 0, gx, gxOff);
            return;
        }
        int len = g.positions();
        int kG = g.rows() / g.groups();
        int coutG = g.cout() / g.groups();
        eachImage(g, g.rows() * len, (n, buf) -> {
            Gemm.sgemmBatched(g.groups(), kG, len, coutG, w, wOff, coutG * kG, 1, kG,
                    gy, gyOff + n * g.outSize(), coutG * len, len, 1, buf, 0, kG * len, len, false);
            int img = gxOff + n * g.imageSize();
            Arrays.fill(gx, img, img + g.imageSize(), 0f);
            Im2ColKernels.fold(g, buf, 0, 0, g.c(), gx, img);
        });
    }

    /**
     * {@code gw = ∂L/∂w} from the input and the output gradient: {@code gw}
     * ({@code [cout, c/groups, kh, kw]} at {@code gwOff}) is overwritten.
     */
    public static void backwardWeight(ConvShape g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        int len = g.positions();
        int kG = g.rows() / g.groups();
        int coutG = g.cout() / g.groups();
        int wSize = g.cout() * kG;
        int blocks = Math.max(1, Math.min(WEIGHT_BLOCKS, g.n()));
        int per = (g.n() + blocks - 1) / blocks;
        float[] partial = partials(blocks * wSize);
        boolean direct = directEnabled && directForward(g);
        Parallel.forChunks(blocks, b -> {
            int first = b * per;
            int end = Math.min(g.n(), first + per);
            if (direct) {
                if (end > first) {
                    Arrays.fill(partial, b * wSize, (b + 1) * wSize, 0f); // weightImages adds to it
                    VectorConvDirect.weightImages(g, x, xOff + first * g.imageSize(), gy,
                            gyOff + first * g.outSize(), end - first, partial, b * wSize);
                }
                return;
            }
            float[] buf = cols(g.rows() * len);
            for (int n = first; n < end; n++) {
                Im2ColKernels.unfold(g, x, xOff + n * g.imageSize(), 0, g.c(), buf, 0);
                Gemm.sgemmBatched(g.groups(), coutG, kG, len, gy, gyOff + n * g.outSize(), coutG * len, len, 1,
                        buf, 0, kG * len, 1, len, partial, b * wSize, coutG * kG, kG, n > first);
            }
        });
        System.arraycopy(partial, 0, gw, gwOff, wSize);
        for (int b = 1; b < blocks; b++) {
            if (b * per < g.n()) {
                addInto(partial, b * wSize, gw, gwOff, wSize);
            }
        }
    }

    private static void addInto(float[] src, int from, float[] dst, int to, int len) {
        for (int i = 0; i < len; i++) {
            dst[to + i] += src[from + i];
        }
    }
}
