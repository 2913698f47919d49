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

    /** The calling thread's column buffer, grown on demand; every element read is written first. */
    private static float[] cols(int size) {
        float[][] holder = COLS.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** Work on one image with the thread's column buffer. */
    private interface ImageBody {
        void run(int image, float[] cols);
    }

    /** Runs {@code body} for every image, the images spread over the threads. */
    private static void eachImage(ConvShape g, ImageBody body) {
        Parallel.forRange(g.n(), 1, (n0, n1) -> {
            float[] buf = cols(g.rows() * g.positions());
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
        int len = g.positions();
        int kG = g.rows() / g.groups();
        int coutG = g.cout() / g.groups();
        eachImage(g, (n, buf) -> {
            Im2ColKernels.unfold(g, x, xOff + n * g.imageSize(), 0, g.c(), buf, 0);
            Gemm.sgemmBatched(g.groups(), coutG, len, kG, w, wOff, coutG * kG, kG, 1,
                    buf, 0, kG * len, len, 1, out, outOff + n * g.outSize(), coutG * len, len, false);
        });
    }

    /**
     * {@code gx = ∂L/∂x} from the output gradient: {@code gx} (shape of x) is overwritten.
     *
     * @param gy output gradient {@code [n, cout, oh, ow]} at {@code gyOff}
     * @param w  weight at {@code wOff}
     * @param gx input gradient {@code [n, c, h, w]} at {@code gxOff}
     */
    public static void backwardInput(ConvShape g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        int len = g.positions();
        int kG = g.rows() / g.groups();
        int coutG = g.cout() / g.groups();
        eachImage(g, (n, buf) -> {
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
        float[] partial = new float[blocks * wSize];
        Parallel.forChunks(blocks, b -> {
            float[] buf = cols(g.rows() * len);
            int first = b * per;
            int end = Math.min(g.n(), first + per);
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
