package dev.descent.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct 3×3 stride-1 convolution of one float image, with the Vector API: no column matrix.
 *
 * <p>The image is copied into zero-padded planes of width {@code Wp = w + 2pw}. In that layout every
 * tap {@code (ki, kj)} of the kernel is a constant shift {@code ki·dh·Wp + kj·dw} of the flattened
 * plane, so an output pixel {@code p = oi·Wp + oj} (computed for all {@code oj < Wp}; the last
 * {@code Wp − ow} of each row are discarded) is
 * <pre>
 *   out[co, p] = Σ_{ci, ki, kj} w[co, ci, ki, kj] · xpad[ci, p + ki·dh·Wp + kj·dw]
 * </pre>
 * a product whose B operand is read straight from the padded planes with contiguous vector loads; the
 * loop runs over the rows {@code r = (ci, ki, kj)} of the implicit column matrix like a GEMM micro
 * kernel, with a table of tap offsets and the weight packed eight output channels side by side.
 * The weight gradient is the same sum taken the other way, {@code gw[co, ci, ki, kj] = Σ_p gy[co, p]
 * · xpad[ci, p + tap]}, with the output channels in the lanes (see {@link #weightImages}), so no lane
 * is ever summed across and the order of every sum is fixed: results depend only on the data, never
 * on the thread.
 *
 * <p>Used by {@link ConvKernels} when {@link ConvKernels#direct} accepts the shape; its scalar twin is
 * the im2col path there, which the tests compare it with.
 */
final class VectorConvDirect {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();
    /** Output channels per tile. */
    static final int CO_BLOCK = 8;
    /** Positions per tile: two vectors. */
    private static final int P_BLOCK = 2 * L;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private VectorConvDirect() {}

    /**
     * The padded-plane layout of one geometry: row width {@code wp}, the stride between channel planes,
     * the width of the wide output, and for each row {@code r = ci·9 + ki·3 + kj} of the column matrix
     * the offset {@code ci·planeStride + ki·dh·wp + kj·dw} of its tap in the padded planes.
     */
    record Plan(int wp, int planeStride, int outStride, int[] offsets) {
        static Plan of(ConvShape g) {
            int wp = g.w() + 2 * g.pw();
            int hp = g.h() + 2 * g.ph();
            int q = (g.oh() - 1) * wp + g.ow();
            int outStride = (q + P_BLOCK - 1) / P_BLOCK * P_BLOCK;
            int planeStride = hp * wp + P_BLOCK;
            int[] offsets = new int[g.rows()];
            for (int ci = 0, r = 0; ci < g.c(); ci++) {
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++, r++) {
                        offsets[r] = ci * planeStride + ki * g.dh() * wp + kj * g.dw();
                    }
                }
            }
            return new Plan(wp, planeStride, outStride, offsets);
        }
    }

    /**
     * The weight {@code [cout, k]} at {@code wOff} regrouped by tiles of {@link #CO_BLOCK} output channels,
     * so that the eight weights a tile needs for one row of the column matrix sit side by side:
     * {@code packed[co0·k + r·8 + j] = w[(co0 + j)·k + r]}.
     */
    static float[] packWeights(ConvShape g, float[] w, int wOff) {
        int k = g.rows();
        float[] packed = new float[g.cout() * k];
        for (int co0 = 0; co0 < g.cout(); co0 += CO_BLOCK) {
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < CO_BLOCK; j++) {
                    packed[co0 * k + r * CO_BLOCK + j] = w[wOff + (co0 + j) * k + r];
                }
            }
        }
        return packed;
    }

    private static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** Copies image {@code x} at {@code xOff} into zero-padded planes at {@code buf[0 ..)}. */
    private static void pad(ConvShape g, Plan pl, float[] x, int xOff, float[] buf) {
        Arrays.fill(buf, 0, g.c() * pl.planeStride(), 0f);
        for (int ci = 0; ci < g.c(); ci++) {
            for (int i = 0; i < g.h(); i++) {
                System.arraycopy(x, xOff + (ci * g.h() + i) * g.w(), buf,
                        ci * pl.planeStride() + (i + g.ph()) * pl.wp() + g.pw(), g.w());
            }
        }
    }

    /**
     * {@code out} (one image, {@code [cout, oh, ow]} at {@code outOff}) = conv of the image at {@code xOff},
     * with the plan of {@code g} and the weight packed by {@link #packWeights}.
     */
    static void forwardImage(ConvShape g, Plan pl, float[] x, int xOff, float[] packed, float[] out, int outOff) {
        int xpSize = g.c() * pl.planeStride();
        float[] buf = scratch(xpSize + g.cout() * pl.outStride());
        pad(g, pl, x, xOff, buf);
        int k = g.rows();
        int[] offsets = pl.offsets();
        // the tiles read the padded planes from buf[0] and write the wide output after them
        for (int co0 = 0; co0 < g.cout(); co0 += CO_BLOCK) {
            for (int p0 = 0; p0 < pl.outStride(); p0 += P_BLOCK) {
                forwardTile(buf, offsets, k, packed, co0 * k, p0, buf, xpSize + co0 * pl.outStride() + p0,
                        pl.outStride());
            }
        }
        for (int co = 0; co < g.cout(); co++) {
            for (int oi = 0; oi < g.oh(); oi++) {
                System.arraycopy(buf, xpSize + co * pl.outStride() + oi * pl.wp(), out,
                        outOff + (co * g.oh() + oi) * g.ow(), g.ow());
            }
        }
    }

    /** Positions a weight-gradient pass aims for: its frames and gradient stay in L2. */
    private static final int GW_POSITIONS = 1536;

    /**
     * Images per weight-gradient pass: small images are stacked so that a pass covers about
     * {@link #GW_POSITIONS} positions. Depends on the shape and {@code count} only (never on threads).
     */
    static int imagesPerPass(ConvShape g, int count) {
        int framed = (g.h() + 2 * g.ph()) * (g.w() + 2 * g.pw());
        return Math.max(1, Math.min(count, (GW_POSITIONS + framed - 1) / framed));
    }

    /**
     * Adds the weight gradient of images {@code [0, count)} to {@code gw} ({@code [cout, c·9]} at
     * {@code gwOff}): x at {@code xOff}, the output gradient at {@code gyOff}.
     *
     * <p>The images go in passes of {@link #imagesPerPass} stacked frames: in a pass, each channel holds
     * the frames (padded image, {@code hp·wp}) one after the other, and the output gradient, transposed to
     * {@code gt[p, co]} (rows of {@code coutPad}, a whole number of vectors), sits at the frames' positions
     * with zeros everywhere else. The stack is one long position axis (a tap that crosses into the next
     * frame meets a zero gradient), and
     * <pre>
     *   gw[co, ci, ki, kj] += Σ_p xpad[ci, p + ki·dh·wp + kj·dw] · gt[p, co]
     * </pre>
     * runs with the output channels in the lanes: nine broadcasts of x (one per tap) and one or two
     * vectors of {@code gt} per position, no lane sums. Each pass is summed in position order and added
     * to {@code gw} in pass order, so the bits depend on the data and the shape only.
     */
    static void weightImages(ConvShape g, float[] x, int xOff, float[] gy, int gyOff, int count, float[] gw,
                             int gwOff) {
        int wp = g.w() + 2 * g.pw();
        int framed = (g.h() + 2 * g.ph()) * wp;
        int m = imagesPerPass(g, count);
        int span = (m - 1) * framed + (g.oh() - 1) * wp + g.ow(); // positions of a full pass
        int plane = span + 2 * g.dh() * wp + 2 * g.dw(); // what the taps read past them stays in the plane
        int xpSize = g.c() * plane;
        int coutPad = (g.cout() + L - 1) / L * L;
        float[] buf = scratch(xpSize + span * coutPad);
        float[] tile = new float[9 * 2 * L];
        int k = g.rows();
        for (int n0 = 0; n0 < count; n0 += m) {
            int images = Math.min(m, count - n0);
            int positions = (images - 1) * framed + (g.oh() - 1) * wp + g.ow();
            Arrays.fill(buf, 0, xpSize + positions * coutPad, 0f);
            for (int j = 0; j < images; j++) {
                int xi = xOff + (n0 + j) * g.imageSize();
                int gi = gyOff + (n0 + j) * g.outSize();
                for (int ci = 0; ci < g.c(); ci++) {
                    for (int i = 0; i < g.h(); i++) {
                        System.arraycopy(x, xi + (ci * g.h() + i) * g.w(), buf,
                                ci * plane + j * framed + (i + g.ph()) * wp + g.pw(), g.w());
                    }
                }
                for (int co = 0; co < g.cout(); co++) {
                    for (int oi = 0; oi < g.oh(); oi++) {
                        int src = gi + (co * g.oh() + oi) * g.ow();
                        int dst = xpSize + (j * framed + oi * wp) * coutPad + co;
                        for (int oj = 0; oj < g.ow(); oj++) {
                            buf[dst + oj * coutPad] = gy[src + oj];
                        }
                    }
                }
            }
            for (int ci = 0; ci < g.c(); ci++) {
                int b0 = ci * plane;
                int b1 = b0 + g.dh() * wp;
                int b2 = b1 + g.dh() * wp;
                for (int co0 = 0; co0 < coutPad; co0 += 2 * L) {
                    int vectors = Math.min(2, (coutPad - co0) / L);
                    if (vectors == 2) {
                        weightTile2(buf, b0, b1, b2, g.dw(), buf, xpSize + co0, coutPad, positions, tile);
                    } else {
                        weightTile1(buf, b0, b1, b2, g.dw(), buf, xpSize + co0, coutPad, positions, tile);
                    }
                    for (int v = 0; v < vectors; v++) {
                        for (int lane = 0; lane < L && co0 + v * L + lane < g.cout(); lane++) {
                            int at = gwOff + (co0 + v * L + lane) * k + ci * 9;
                            for (int q = 0; q < 9; q++) {
                                gw[at + q] += tile[(q * 2 + v) * L + lane];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Weight-gradient tile with one vector of output channels (at {@code gt[g0 + p·ld]}): for the nine taps
     * of one input channel (rows from {@code b0}, {@code b1}, {@code b2}, columns {@code + kj·dw}), the
     * sums over positions {@code [0, count)} of x times the gradient, stored as vectors {@code 2q} of
     * {@code tile} for tap {@code q = 3ki + kj}.
     */
    private static void weightTile1(float[] xp, int b0, int b1, int b2, int dw, float[] gt, int g0, int ld,
                                    int count, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z, a8 = z;
        for (int p = 0; p < count; p++) {
            FloatVector v = FloatVector.fromArray(S, gt, g0 + p * ld);
            a0 = FloatVector.broadcast(S, xp[b0 + p]).fma(v, a0);
            a1 = FloatVector.broadcast(S, xp[b0 + p + dw]).fma(v, a1);
            a2 = FloatVector.broadcast(S, xp[b0 + p + 2 * dw]).fma(v, a2);
            a3 = FloatVector.broadcast(S, xp[b1 + p]).fma(v, a3);
            a4 = FloatVector.broadcast(S, xp[b1 + p + dw]).fma(v, a4);
            a5 = FloatVector.broadcast(S, xp[b1 + p + 2 * dw]).fma(v, a5);
            a6 = FloatVector.broadcast(S, xp[b2 + p]).fma(v, a6);
            a7 = FloatVector.broadcast(S, xp[b2 + p + dw]).fma(v, a7);
            a8 = FloatVector.broadcast(S, xp[b2 + p + 2 * dw]).fma(v, a8);
        }
        a0.intoArray(tile, 0 * L);
        a1.intoArray(tile, 2 * L);
        a2.intoArray(tile, 4 * L);
        a3.intoArray(tile, 6 * L);
        a4.intoArray(tile, 8 * L);
        a5.intoArray(tile, 10 * L);
        a6.intoArray(tile, 12 * L);
        a7.intoArray(tile, 14 * L);
        a8.intoArray(tile, 16 * L);
    }

    /** {@link #weightTile1} with two vectors of output channels: tap q's sums go to vectors 2q and 2q + 1. */
    private static void weightTile2(float[] xp, int b0, int b1, int b2, int dw, float[] gt, int g0, int ld,
                                    int count, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z, a8 = z;
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z, c8 = z;
        for (int p = 0; p < count; p++) {
            FloatVector v = FloatVector.fromArray(S, gt, g0 + p * ld);
            FloatVector u = FloatVector.fromArray(S, gt, g0 + p * ld + L);
            FloatVector x0 = FloatVector.broadcast(S, xp[b0 + p]);
            a0 = x0.fma(v, a0);
            c0 = x0.fma(u, c0);
            FloatVector x1 = FloatVector.broadcast(S, xp[b0 + p + dw]);
            a1 = x1.fma(v, a1);
            c1 = x1.fma(u, c1);
            FloatVector x2 = FloatVector.broadcast(S, xp[b0 + p + 2 * dw]);
            a2 = x2.fma(v, a2);
            c2 = x2.fma(u, c2);
            FloatVector x3 = FloatVector.broadcast(S, xp[b1 + p]);
            a3 = x3.fma(v, a3);
            c3 = x3.fma(u, c3);
            FloatVector x4 = FloatVector.broadcast(S, xp[b1 + p + dw]);
            a4 = x4.fma(v, a4);
            c4 = x4.fma(u, c4);
            FloatVector x5 = FloatVector.broadcast(S, xp[b1 + p + 2 * dw]);
            a5 = x5.fma(v, a5);
            c5 = x5.fma(u, c5);
            FloatVector x6 = FloatVector.broadcast(S, xp[b2 + p]);
            a6 = x6.fma(v, a6);
            c6 = x6.fma(u, c6);
            FloatVector x7 = FloatVector.broadcast(S, xp[b2 + p + dw]);
            a7 = x7.fma(v, a7);
            c7 = x7.fma(u, c7);
            FloatVector x8 = FloatVector.broadcast(S, xp[b2 + p + 2 * dw]);
            a8 = x8.fma(v, a8);
            c8 = x8.fma(u, c8);
        }
        a0.intoArray(tile, 0 * L);
        c0.intoArray(tile, 1 * L);
        a1.intoArray(tile, 2 * L);
        c1.intoArray(tile, 3 * L);
        a2.intoArray(tile, 4 * L);
        c2.intoArray(tile, 5 * L);
        a3.intoArray(tile, 6 * L);
        c3.intoArray(tile, 7 * L);
        a4.intoArray(tile, 8 * L);
        c4.intoArray(tile, 9 * L);
        a5.intoArray(tile, 10 * L);
        c5.intoArray(tile, 11 * L);
        a6.intoArray(tile, 12 * L);
        c6.intoArray(tile, 13 * L);
        a7.intoArray(tile, 14 * L);
        c7.intoArray(tile, 15 * L);
        a8.intoArray(tile, 16 * L);
        c8.intoArray(tile, 17 * L);
    }

    /**
     * One tile: output channels {@code [co0, co0 + 8)} × positions {@code [p0, p0 + 2L)} of the padded-width
     * output, summed over the {@code k} rows of the implicit column matrix (one flat loop, as a GEMM micro
     * kernel: row r is the padded planes shifted by {@code offsets[r]}, its eight weights at
     * {@code packed[wi + 8r ..]}): 16 accumulators; per row two loads and eight broadcasts. Written out lane
     * by lane on purpose: the JIT keeps vectors in registers only as plain locals, and inlines every Vector
     * API call only while the method stays this small.
     */
    private static void forwardTile(float[] xp, int[] offsets, int k, float[] packed, int wi, int p0, float[] out,
                                    int o, int outStride) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        FloatVector a70 = z, a71 = z;
        for (int r = 0; r < k; r++) {
            int src = p0 + offsets[r];
            int a = wi + r * CO_BLOCK;
            FloatVector x0 = FloatVector.fromArray(S, xp, src);
            FloatVector x1 = FloatVector.fromArray(S, xp, src + L);
            FloatVector w0 = FloatVector.broadcast(S, packed[a + 0]);
            a00 = w0.fma(x0, a00);
            a01 = w0.fma(x1, a01);
            FloatVector w1 = FloatVector.broadcast(S, packed[a + 1]);
            a10 = w1.fma(x0, a10);
            a11 = w1.fma(x1, a11);
            FloatVector w2 = FloatVector.broadcast(S, packed[a + 2]);
            a20 = w2.fma(x0, a20);
            a21 = w2.fma(x1, a21);
            FloatVector w3 = FloatVector.broadcast(S, packed[a + 3]);
            a30 = w3.fma(x0, a30);
            a31 = w3.fma(x1, a31);
            FloatVector w4 = FloatVector.broadcast(S, packed[a + 4]);
            a40 = w4.fma(x0, a40);
            a41 = w4.fma(x1, a41);
            FloatVector w5 = FloatVector.broadcast(S, packed[a + 5]);
            a50 = w5.fma(x0, a50);
            a51 = w5.fma(x1, a51);
            FloatVector w6 = FloatVector.broadcast(S, packed[a + 6]);
            a60 = w6.fma(x0, a60);
            a61 = w6.fma(x1, a61);
            FloatVector w7 = FloatVector.broadcast(S, packed[a + 7]);
            a70 = w7.fma(x0, a70);
            a71 = w7.fma(x1, a71);
        }
        a00.intoArray(out, o + 0 * outStride + 0 * L);
        a01.intoArray(out, o + 0 * outStride + 1 * L);
        a10.intoArray(out, o + 1 * outStride + 0 * L);
        a11.intoArray(out, o + 1 * outStride + 1 * L);
        a20.intoArray(out, o + 2 * outStride + 0 * L);
        a21.intoArray(out, o + 2 * outStride + 1 * L);
        a30.intoArray(out, o + 3 * outStride + 0 * L);
        a31.intoArray(out, o + 3 * outStride + 1 * L);
        a40.intoArray(out, o + 4 * outStride + 0 * L);
        a41.intoArray(out, o + 4 * outStride + 1 * L);
        a50.intoArray(out, o + 5 * outStride + 0 * L);
        a51.intoArray(out, o + 5 * outStride + 1 * L);
        a60.intoArray(out, o + 6 * outStride + 0 * L);
        a61.intoArray(out, o + 6 * outStride + 1 * L);
        a70.intoArray(out, o + 7 * outStride + 0 * L);
        a71.intoArray(out, o + 7 * outStride + 1 * L);
    }
}
