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
 * a product whose B operand is read straight from the padded planes with contiguous vector loads.
 * The weight gradient is the same sum taken the other way: {@code gw[co, ci, ki, kj] = Σ_p
 * gy[co, p] · xpad[ci, p + tap]}, with {@code gy} laid out at width {@code Wp} and zeros in the
 * discarded columns. Lane sums go through {@link LaneTree} (a fixed order), so results depend only
 * on the data, never on the thread.
 *
 * <p>Used by {@link ConvKernels} when {@link ConvKernels#direct} accepts the shape; its scalar twin is
 * the im2col path there, which the tests compare it with.
 */
final class VectorConvDirect {
    private static final VectorSpecies<Float> S = VectorShapes.STREAM_FLOAT;
    private static final int L = S.length();
    private static final FloatVector ZERO = FloatVector.zero(S);
    /** Output channels per tile. */
    static final int CO_BLOCK = 8;
    /** Positions per tile: three vectors. */
    private static final int P_BLOCK = 3 * L;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private VectorConvDirect() {}

    /** The padded-plane layout of one geometry. */
    private record Plan(int wp, int planeStride, int outStride, int[] taps) {
        static Plan of(ConvShape g) {
            int wp = g.w() + 2 * g.pw();
            int hp = g.h() + 2 * g.ph();
            int q = (g.oh() - 1) * wp + g.ow();
            int outStride = (q + P_BLOCK - 1) / P_BLOCK * P_BLOCK;
            int[] taps = new int[g.kh() * g.kw()];
            for (int ki = 0, t = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, t++) {
                    taps[t] = ki * g.dh() * wp + kj * g.dw();
                }
            }
            return new Plan(wp, hp * wp + P_BLOCK, outStride, taps);
        }
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

    /** {@code out} (one image, {@code [cout, oh, ow]} at {@code outOff}) = conv of the image at {@code xOff}. */
    static void forwardImage(ConvShape g, float[] x, int xOff, float[] w, int wOff, float[] out, int outOff) {
        Plan pl = Plan.of(g);
        int xpSize = g.c() * pl.planeStride();
        float[] buf = scratch(xpSize + g.cout() * pl.outStride());
        pad(g, pl, x, xOff, buf);
        int k = g.rows();
        int[] taps = pl.taps();
        // the tiles read the padded planes from buf[0] and write the wide output after them
        float[] xp = buf;
        for (int co0 = 0; co0 < g.cout(); co0 += CO_BLOCK) {
            for (int p0 = 0; p0 < pl.outStride(); p0 += P_BLOCK) {
                forwardTile(xp, pl.planeStride(), taps, k, w, wOff, co0, p0, buf, xpSize, pl.outStride());
            }
        }
        for (int co = 0; co < g.cout(); co++) {
            for (int oi = 0; oi < g.oh(); oi++) {
                System.arraycopy(buf, xpSize + co * pl.outStride() + oi * pl.wp(), out,
                        outOff + (co * g.oh() + oi) * g.ow(), g.ow());
            }
        }
    }

    /**
     * Adds this image's weight gradient to {@code gw} ({@code [cout, c·9]} at {@code gwOff}): x at
     * {@code xOff}, the output gradient at {@code gyOff}.
     */
    static void weightImage(ConvShape g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        Plan pl = Plan.of(g);
        int xpSize = g.c() * pl.planeStride();
        float[] buf = scratch(xpSize + g.cout() * pl.outStride());
        pad(g, pl, x, xOff, buf);
        Arrays.fill(buf, xpSize, xpSize + g.cout() * pl.outStride(), 0f);
        for (int co = 0; co < g.cout(); co++) {
            for (int oi = 0; oi < g.oh(); oi++) {
                System.arraycopy(gy, gyOff + (co * g.oh() + oi) * g.ow(), buf,
                        xpSize + co * pl.outStride() + oi * pl.wp(), g.ow());
            }
        }
        int k = g.rows();
        for (int co0 = 0; co0 < g.cout(); co0 += CO_BLOCK) {
            for (int ci = 0; ci < g.c(); ci++) {
                for (int ki = 0; ki < 3; ki++) {
                    weightTile(buf, xpSize, pl.outStride(), co0, buf, ci * pl.planeStride() + ki * g.dh() * pl.wp(),
                            g.dw(), pl.outStride(), gw, gwOff, k, (ci * 3 + ki) * 3);
                }
            }
        }
    }

    /**
     * One tile: output channels {@code [co0, co0 + 8)} × positions {@code [p0, p0 + 3L)} of the padded-width
     * output, summed over every input channel and tap: 24 accumulators, each tap one load per vector
     * and one broadcast per channel. Written out lane by lane on purpose: the JIT keeps vectors in
     * registers only when they are plain locals, never as array elements.
     */
    private static void forwardTile(float[] xp, int planeStride, int[] taps, int k, float[] w, int wOff, int co0,
                                    int p0, float[] out, int outOff, int outStride) {
        FloatVector a00 = ZERO, a01 = ZERO, a02 = ZERO;
        FloatVector a10 = ZERO, a11 = ZERO, a12 = ZERO;
        FloatVector a20 = ZERO, a21 = ZERO, a22 = ZERO;
        FloatVector a30 = ZERO, a31 = ZERO, a32 = ZERO;
        FloatVector a40 = ZERO, a41 = ZERO, a42 = ZERO;
        FloatVector a50 = ZERO, a51 = ZERO, a52 = ZERO;
        FloatVector a60 = ZERO, a61 = ZERO, a62 = ZERO;
        FloatVector a70 = ZERO, a71 = ZERO, a72 = ZERO;
        int cin = k / taps.length;
        for (int ci = 0, r = 0; ci < cin; ci++) {
            int plane = ci * planeStride + p0;
            for (int t = 0; t < taps.length; t++, r++) {
                int src = plane + taps[t];
                FloatVector x0 = FloatVector.fromArray(S, xp, src + 0 * L);
                FloatVector x1 = FloatVector.fromArray(S, xp, src + 1 * L);
                FloatVector x2 = FloatVector.fromArray(S, xp, src + 2 * L);
                FloatVector wv;
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 0) * k + r]);
                a00 = x0.fma(wv, a00);
                a01 = x1.fma(wv, a01);
                a02 = x2.fma(wv, a02);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 1) * k + r]);
                a10 = x0.fma(wv, a10);
                a11 = x1.fma(wv, a11);
                a12 = x2.fma(wv, a12);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 2) * k + r]);
                a20 = x0.fma(wv, a20);
                a21 = x1.fma(wv, a21);
                a22 = x2.fma(wv, a22);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 3) * k + r]);
                a30 = x0.fma(wv, a30);
                a31 = x1.fma(wv, a31);
                a32 = x2.fma(wv, a32);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 4) * k + r]);
                a40 = x0.fma(wv, a40);
                a41 = x1.fma(wv, a41);
                a42 = x2.fma(wv, a42);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 5) * k + r]);
                a50 = x0.fma(wv, a50);
                a51 = x1.fma(wv, a51);
                a52 = x2.fma(wv, a52);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 6) * k + r]);
                a60 = x0.fma(wv, a60);
                a61 = x1.fma(wv, a61);
                a62 = x2.fma(wv, a62);
                wv = FloatVector.broadcast(S, w[wOff + (co0 + 7) * k + r]);
                a70 = x0.fma(wv, a70);
                a71 = x1.fma(wv, a71);
                a72 = x2.fma(wv, a72);
            }
        }
        int o0 = outOff + (co0 + 0) * outStride + p0;
        a00.intoArray(out, o0 + 0 * L);
        a01.intoArray(out, o0 + 1 * L);
        a02.intoArray(out, o0 + 2 * L);
        int o1 = outOff + (co0 + 1) * outStride + p0;
        a10.intoArray(out, o1 + 0 * L);
        a11.intoArray(out, o1 + 1 * L);
        a12.intoArray(out, o1 + 2 * L);
        int o2 = outOff + (co0 + 2) * outStride + p0;
        a20.intoArray(out, o2 + 0 * L);
        a21.intoArray(out, o2 + 1 * L);
        a22.intoArray(out, o2 + 2 * L);
        int o3 = outOff + (co0 + 3) * outStride + p0;
        a30.intoArray(out, o3 + 0 * L);
        a31.intoArray(out, o3 + 1 * L);
        a32.intoArray(out, o3 + 2 * L);
        int o4 = outOff + (co0 + 4) * outStride + p0;
        a40.intoArray(out, o4 + 0 * L);
        a41.intoArray(out, o4 + 1 * L);
        a42.intoArray(out, o4 + 2 * L);
        int o5 = outOff + (co0 + 5) * outStride + p0;
        a50.intoArray(out, o5 + 0 * L);
        a51.intoArray(out, o5 + 1 * L);
        a52.intoArray(out, o5 + 2 * L);
        int o6 = outOff + (co0 + 6) * outStride + p0;
        a60.intoArray(out, o6 + 0 * L);
        a61.intoArray(out, o6 + 1 * L);
        a62.intoArray(out, o6 + 2 * L);
        int o7 = outOff + (co0 + 7) * outStride + p0;
        a70.intoArray(out, o7 + 0 * L);
        a71.intoArray(out, o7 + 1 * L);
        a72.intoArray(out, o7 + 2 * L);
    }

    /**
     * Weight-gradient tile: for output channels {@code [co0, co0 + 8)} and the three horizontal taps
     * {@code src + j·dw} of one (input channel, kernel row), the lane sums of
     * {@code gy[co, p] · x[p + tap]} over positions {@code [0, count)} (a multiple of L), added to
     * {@code gw[(co0 + u)·k + r + j]}.
     */
    private static void weightTile(float[] gy, int gyOff, int outStride, int co0, float[] xp, int src, int dw,
                                   int count, float[] gw, int gwOff, int k, int r) {
        FloatVector a00 = ZERO, a01 = ZERO, a02 = ZERO;
        FloatVector a10 = ZERO, a11 = ZERO, a12 = ZERO;
        FloatVector a20 = ZERO, a21 = ZERO, a22 = ZERO;
        FloatVector a30 = ZERO, a31 = ZERO, a32 = ZERO;
        FloatVector a40 = ZERO, a41 = ZERO, a42 = ZERO;
        FloatVector a50 = ZERO, a51 = ZERO, a52 = ZERO;
        FloatVector a60 = ZERO, a61 = ZERO, a62 = ZERO;
        FloatVector a70 = ZERO, a71 = ZERO, a72 = ZERO;
        for (int p = 0; p < count; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, xp, src + p + 0 * dw);
            FloatVector x1 = FloatVector.fromArray(S, xp, src + p + 1 * dw);
            FloatVector x2 = FloatVector.fromArray(S, xp, src + p + 2 * dw);
            FloatVector g;
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 0) * outStride + p);
            a00 = g.fma(x0, a00);
            a01 = g.fma(x1, a01);
            a02 = g.fma(x2, a02);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 1) * outStride + p);
            a10 = g.fma(x0, a10);
            a11 = g.fma(x1, a11);
            a12 = g.fma(x2, a12);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 2) * outStride + p);
            a20 = g.fma(x0, a20);
            a21 = g.fma(x1, a21);
            a22 = g.fma(x2, a22);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 3) * outStride + p);
            a30 = g.fma(x0, a30);
            a31 = g.fma(x1, a31);
            a32 = g.fma(x2, a32);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 4) * outStride + p);
            a40 = g.fma(x0, a40);
            a41 = g.fma(x1, a41);
            a42 = g.fma(x2, a42);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 5) * outStride + p);
            a50 = g.fma(x0, a50);
            a51 = g.fma(x1, a51);
            a52 = g.fma(x2, a52);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 6) * outStride + p);
            a60 = g.fma(x0, a60);
            a61 = g.fma(x1, a61);
            a62 = g.fma(x2, a62);
            g = FloatVector.fromArray(S, gy, gyOff + (co0 + 7) * outStride + p);
            a70 = g.fma(x0, a70);
            a71 = g.fma(x1, a71);
            a72 = g.fma(x2, a72);
        }
        gw[gwOff + (co0 + 0) * k + r + 0] += LaneTree.addLanes(a00);
        gw[gwOff + (co0 + 0) * k + r + 1] += LaneTree.addLanes(a01);
        gw[gwOff + (co0 + 0) * k + r + 2] += LaneTree.addLanes(a02);
        gw[gwOff + (co0 + 1) * k + r + 0] += LaneTree.addLanes(a10);
        gw[gwOff + (co0 + 1) * k + r + 1] += LaneTree.addLanes(a11);
        gw[gwOff + (co0 + 1) * k + r + 2] += LaneTree.addLanes(a12);
        gw[gwOff + (co0 + 2) * k + r + 0] += LaneTree.addLanes(a20);
        gw[gwOff + (co0 + 2) * k + r + 1] += LaneTree.addLanes(a21);
        gw[gwOff + (co0 + 2) * k + r + 2] += LaneTree.addLanes(a22);
        gw[gwOff + (co0 + 3) * k + r + 0] += LaneTree.addLanes(a30);
        gw[gwOff + (co0 + 3) * k + r + 1] += LaneTree.addLanes(a31);
        gw[gwOff + (co0 + 3) * k + r + 2] += LaneTree.addLanes(a32);
        gw[gwOff + (co0 + 4) * k + r + 0] += LaneTree.addLanes(a40);
        gw[gwOff + (co0 + 4) * k + r + 1] += LaneTree.addLanes(a41);
        gw[gwOff + (co0 + 4) * k + r + 2] += LaneTree.addLanes(a42);
        gw[gwOff + (co0 + 5) * k + r + 0] += LaneTree.addLanes(a50);
        gw[gwOff + (co0 + 5) * k + r + 1] += LaneTree.addLanes(a51);
        gw[gwOff + (co0 + 5) * k + r + 2] += LaneTree.addLanes(a52);
        gw[gwOff + (co0 + 6) * k + r + 0] += LaneTree.addLanes(a60);
        gw[gwOff + (co0 + 6) * k + r + 1] += LaneTree.addLanes(a61);
        gw[gwOff + (co0 + 6) * k + r + 2] += LaneTree.addLanes(a62);
        gw[gwOff + (co0 + 7) * k + r + 0] += LaneTree.addLanes(a70);
        gw[gwOff + (co0 + 7) * k + r + 1] += LaneTree.addLanes(a71);
        gw[gwOff + (co0 + 7) * k + r + 2] += LaneTree.addLanes(a72);
    }
}
