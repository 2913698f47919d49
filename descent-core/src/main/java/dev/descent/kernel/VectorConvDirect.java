package dev.descent.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct 3×3 convolution of float images, with the Vector API: no column matrix. Stride 1 and 2.
 *
 * <p>The images are copied into zero-padded planes ({@link ConvFrames}: one per channel for stride 1,
 * four phase planes for stride 2), small images stacked one after the other. In that layout every tap
 * {@code (ki, kj)} of the kernel is a constant shift {@code tap(ki, kj)} of the flattened planes, so an
 * output pixel at position {@code p} (computed for every position of the stack; the junk ones are
 * discarded) is
 * <pre>
 *   out[co, p] = Σ_{ci, ki, kj} w[co, ci, ki, kj] · xpad[ci, p + tap(ki, kj)]
 * </pre>
 * a product whose B operand is read straight from the padded planes with contiguous vector loads; the
 * loop runs over the rows {@code r = (ci, ki, kj)} of the implicit column matrix like a GEMM micro
 * kernel, with a table of tap offsets and the weight packed eight output channels side by side.
 * The weight gradient is the same sum taken the other way, {@code gw[co, ci, ki, kj] = Σ_p gy[co, p]
 * · xpad[ci, p + tap]}, over passes of stacked images (see {@link #weightImages}). Lane sums go
 * in {@link LaneTree}'s fixed order, so results depend only on the data, never on the thread.
 *
 * <p>Used by {@link ConvKernels} when {@link ConvKernels#direct} accepts the shape; its scalar twin is
 * the im2col path there, which the tests compare it with.
 */
final class VectorConvDirect {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();
    /** Output channels per tile. */
    static final int CO_BLOCK = 8;
    /** Positions per tile: two vectors. */
    static final int P_BLOCK = 2 * L;

    private VectorConvDirect() {}

    /**
     * The forward's layout of one geometry: stacks of {@link #forwardStack} images in {@link ConvFrames}
     * (tiles of {@link #P_BLOCK} positions), and for each row {@code r = ci·9 + ki·3 + kj} of the column
     * matrix the offset of its tap in the planes.
     */
    record ForwardPlan(ConvFrames frames, int[] offsets) {
        private static final ConvPlanCache<ForwardPlan> CACHE = new ConvPlanCache<>();

        /** The plan of {@code g}, built once per geometry and reused (built afresh for batches below a stack). */
        static ForwardPlan of(ConvShape g) {
            return g.n() >= forwardStack(g) ? CACHE.get(g, ForwardPlan::build) : build(g);
        }

        private static ForwardPlan build(ConvShape g) {
            ConvFrames f = ConvFrames.of(g, Math.min(forwardStack(g), Math.max(1, g.n())), P_BLOCK);
            return new ForwardPlan(f, f.offsets(g));
        }
    }

    /** Positions a forward stack aims for: small images are stacked until their frames fill this many. */
    private static final int FORWARD_POSITIONS = 256;

    /** Images per forward stack: 4 at 8×8 (81 positions per frame), 1 from 16×16 up. */
    static int forwardStack(ConvShape g) {
        return Math.max(1, (FORWARD_POSITIONS + ConvFrames.framed(g) - 1) / ConvFrames.framed(g));
    }

    /**
     * The weight {@code [cout, k]} at {@code wOff} regrouped by tiles of {@link #CO_BLOCK} output channels,
     * so that the eight weights a tile needs for one row of the column matrix sit side by side:
     * {@code packed[co0·k + r·8 + j] = w[(co0 + j)·k + r]}, in the calling thread's {@link ConvScratch}.
     */
    static float[] packWeights(ConvShape g, float[] w, int wOff) {
        int k = g.rows();
        float[] packed = ConvScratch.get().packed(g.cout() * k);
        for (int co0 = 0; co0 < g.cout(); co0 += CO_BLOCK) {
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < CO_BLOCK; j++) {
                    packed[co0 * k + r * CO_BLOCK + j] = w[wOff + (co0 + j) * k + r];
                }
            }
        }
        return packed;
    }

    /**
     * Copies {@code len} floats from {@code src[from ..)} to {@code dst[to ..)}: whole vectors, then one
     * masked vector. For the short rows of small images (8 to 32 floats) that the padding and unpadding
     * move by the thousand: {@link System#arraycopy}'s fixed cost per call was a fifth of the direct
     * forward's and a quarter of the weight gradient's time at 8×8 and 16×16 (JFR samples).
     */
    static void copyRow(float[] src, int from, float[] dst, int to, int len) {
        int j = 0;
        for (; j <= len - L; j += L) {
            FloatVector.fromArray(S, src, from + j).intoArray(dst, to + j);
        }
        if (j < len) {
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector.fromArray(S, src, from + j, m).intoArray(dst, to + j, m);
        }
    }

    /** Lanes 0, 2, 4, ... and 1, 3, 5, ...: the even and odd columns of a chunk of an image row. */
    private static final VectorMask<Float> EVEN = VectorMask.fromLong(S, 0x5555_5555_5555_5555L);
    private static final VectorMask<Float> ODD = VectorMask.fromLong(S, 0xAAAA_AAAA_AAAA_AAAAL);

    /**
     * Splits a row of {@code w} pixels at {@code x[src ..)} into its two phase rows, padded column
     * {@code C = j + pw} going to {@code buf[(C mod 2 == 0 ? dst0 : dst1) + C/2]}: per vector of the row,
     * its even and odd lanes compressed into two masked stores (the scalar loop it replaces, one
     * pixel at a time, was a fifth of the stride-2 forward).
     */
    static void splitRow(float[] x, int src, int w, int pw, float[] buf, int dst0, int dst1) {
        int even = (pw & 1) == 0 ? dst0 : dst1; // where the even columns of a chunk go (chunks start even)
        int odd = (pw & 1) == 0 ? dst1 : dst0;
        for (int j0 = 0; j0 < w; j0 += L) {
            int n = Math.min(L, w - j0);
            FloatVector v = FloatVector.fromArray(S, x, src + j0, S.indexInRange(0, n));
            v.compress(EVEN).intoArray(buf, even + ((j0 + pw) >> 1), S.indexInRange(0, (n + 1) >> 1));
            v.compress(ODD).intoArray(buf, odd + ((j0 + pw + 1) >> 1), S.indexInRange(0, n >> 1));
        }
    }

    /**
     * Lane i takes lane i/2: with a blend on the odd lanes, two half rows interleave. (Written with
     * {@code expand}, the join boxed its vectors inside a training step: 14 MB/s of garbage.)
     */
    private static final VectorShuffle<Float> HALF = VectorShuffle.fromOp(S, i -> i / 2);

    /** The inverse of {@link #splitRow}: {@code gx[dst + j] = buf[(C mod 2 == 0 ? src0 : src1) + C/2]}, {@code C = j + pw}. */
    static void joinRow(float[] buf, int src0, int src1, int pw, float[] gx, int dst, int w) {
        int even = (pw & 1) == 0 ? src0 : src1;
        int odd = (pw & 1) == 0 ? src1 : src0;
        for (int j0 = 0; j0 < w; j0 += L) {
            int n = Math.min(L, w - j0);
            FloatVector e = FloatVector.fromArray(S, buf, even + ((j0 + pw) >> 1), S.indexInRange(0, (n + 1) >> 1));
            FloatVector o = FloatVector.fromArray(S, buf, odd + ((j0 + pw + 1) >> 1), S.indexInRange(0, n >> 1));
            e.rearrange(HALF).blend(o.rearrange(HALF), ODD).intoArray(gx, dst + j0, S.indexInRange(0, n));
        }
    }

    /**
     * {@code out} ({@code count ≤ frames.images()} images {@code [cout, oh, ow]} from {@code outOff}) = conv
     * of the images from {@code xOff}, with the plan of {@code g} and the weight packed by
     * {@link #packWeights}: the images are stacked into the frames, the tiles run over the whole stack,
     * and each image's valid outputs are copied out.
     */
    static void forwardImages(ConvShape g, ForwardPlan pl, float[] x, int xOff, int count, float[] packed, float[] out,
                              int outOff) {
        ConvFrames f = pl.frames();
        int xpSize = f.planesSize(g);
        int span = f.span();
        float[] buf = ConvScratch.get().planes(xpSize + g.cout() * span);
        Arrays.fill(buf, 0, xpSize, 0f);
        for (int j = 0; j < count; j++) {
            f.stack(g, x, xOff + j * g.imageSize(), j, buf);
        }
        int k = g.rows();
        int[] offsets = pl.offsets();
        int used = ((count - 1) * f.framed() + (g.oh() - 1) * f.wr() + g.ow() + P_BLOCK - 1) / P_BLOCK * P_BLOCK;
        // the tiles read the planes from buf[0] and write the wide output after them
        for (int co0 = 0; co0 < g.cout(); co0 += CO_BLOCK) {
            for (int p0 = 0; p0 < used; p0 += P_BLOCK) {
                forwardTile(buf, offsets, k, packed, co0 * k, p0, buf, xpSize + co0 * span + p0, span);
            }
        }
        for (int j = 0; j < count; j++) {
            for (int co = 0; co < g.cout(); co++) {
                for (int oi = 0; oi < g.oh(); oi++) {
                    copyRow(buf, xpSize + co * span + j * f.framed() + oi * f.wr(), out,
                            outOff + j * g.outSize() + (co * g.oh() + oi) * g.ow(), g.ow());
                }
            }
        }
    }

    /** Positions a weight-gradient pass aims for: enough vector steps per tile to amortize its lane sums. */
    private static final int GW_POSITIONS = 1536;

    /** Output channels per weight-gradient tile (times three horizontal taps: 24 accumulators). */
    private static final int GW_CO = 8;

    /**
     * Images per weight-gradient pass: small images are stacked so that a pass covers about
     * {@link #GW_POSITIONS} positions. Depends on the shape and {@code count} only (never on threads).
     */
    static int imagesPerPass(ConvShape g, int count) {
        int framed = ConvFrames.framed(g);
        return Math.max(1, Math.min(count, (GW_POSITIONS + framed - 1) / framed));
    }

    /**
     * Adds the weight gradient of images {@code [0, count)} to {@code gw} ({@code [cout, c·9]} at
     * {@code gwOff}): x at {@code xOff}, the output gradient at {@code gyOff}; stride 1 or 2.
     *
     * <p>The images go in passes of {@link #imagesPerPass} frames stacked as in {@link ConvFrames}, and
     * the output gradient sits at the same row width in the same frames with zeros everywhere else. The
     * whole stack is then one long position axis (a tap that crosses into the next frame, or a junk
     * output, meets a zero gradient), so the lanes are added once per pass rather than once per image
     * (8×8 images: 19 per pass instead of one).
     */
    static void weightImages(ConvShape g, float[] x, int xOff, float[] gy, int gyOff, int count, float[] gw,
                             int gwOff) {
        int m = imagesPerPass(g, count);
        ConvFrames f = ConvFrames.of(g, m, L);
        int xpSize = f.planesSize(g);
        int span = f.span();
        float[] buf = ConvScratch.get().planes(xpSize + g.cout() * span);
        float[] tile = ConvScratch.get().tile(3 * GW_CO * L);
        for (int n0 = 0; n0 < count; n0 += m) {
            int images = Math.min(m, count - n0);
            Arrays.fill(buf, 0, xpSize + g.cout() * span, 0f);
            for (int j = 0; j < images; j++) {
                f.stack(g, x, xOff + (n0 + j) * g.imageSize(), j, buf);
                copyGradient(g, gy, gyOff + (n0 + j) * g.outSize(), buf, xpSize + j * f.framed(), span, f.wr());
            }
            weightPass(g, f, buf, xpSize, tile, gw, gwOff);
        }
    }

    /** Output gradient of one image into a pass: row {@code oi} of channel {@code co} at {@code at + co·span + oi·wr}. */
    private static void copyGradient(ConvShape g, float[] gy, int gi, float[] buf, int at, int span, int wr) {
        for (int co = 0; co < g.cout(); co++) {
            for (int oi = 0; oi < g.oh(); oi++) {
                copyRow(gy, gi + (co * g.oh() + oi) * g.ow(), buf, at + co * span + oi * wr, g.ow());
            }
        }
    }

    /** Adds one pass to {@code gw}: the planes of {@code f} from {@code buf[0]}, the gradient from {@code buf[gyAt]}. */
    private static void weightPass(ConvShape g, ConvFrames f, float[] buf, int gyAt, float[] tile, float[] gw,
                                   int gwOff) {
        int k = g.rows();
        int span = f.span();
        for (int co0 = 0; co0 < g.cout(); co0 += GW_CO) {
            for (int ci = 0; ci < g.c(); ci++) {
                for (int ki = 0; ki < 3; ki++) {
                    int a = ki * g.dh();
                    weightTile(buf, gyAt, span, co0, buf, f.tap(ci, a, 0), f.tap(ci, a, g.dw()),
                            f.tap(ci, a, 2 * g.dw()), span, tile);
                    addTile(tile, gw, gwOff + co0 * k + (ci * 3 + ki) * 3, k);
                }
            }
        }
    }

    /** {@code gw[at + u·k + j] += Σ lanes of tile vector 3u + j}, lanes added by {@link #addLanes}. */
    private static void addTile(float[] tile, float[] gw, int at, int k) {
        for (int u = 0; u < GW_CO; u++) {
            for (int j = 0; j < 3; j++) {
                gw[at + u * k + j] += addLanes(FloatVector.fromArray(S, tile, (3 * u + j) * L));
            }
        }
    }

    // Lane i meets lane i ^ k, k = L/2, ..., 1: LaneTree's order, with shuffles of this class's species.
    private static final VectorShuffle<Float> XOR16 = xor(16);
    private static final VectorShuffle<Float> XOR8 = xor(8);
    private static final VectorShuffle<Float> XOR4 = xor(4);
    private static final VectorShuffle<Float> XOR2 = xor(2);
    private static final VectorShuffle<Float> XOR1 = xor(1);

    private static VectorShuffle<Float> xor(int k) {
        return k < L ? VectorShuffle.fromOp(S, i -> i ^ k) : null;
    }

    /**
     * The sum of the lanes of {@code v} in {@link LaneTree}'s fixed order, but not through it: LaneTree
     * serves every species, so inside a training step its compiled code sees 256- and 512-bit vectors,
     * the JIT cannot pin the shuffles' shape, and every call boxes its vectors (measured: 30 GB of
     * garbage in 20 s, the step 3× slower). Here the species and the shuffles are constants.
     */
    private static float addLanes(FloatVector v) {
        if (L > 32) {
            throw new IllegalStateException("vectors of " + L + " floats: add their shuffles to addLanes");
        }
        if (L > 16) {
            v = v.add(v.rearrange(XOR16));
        }
        if (L > 8) {
            v = v.add(v.rearrange(XOR8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(XOR2));
        }
        if (L > 1) {
            v = v.add(v.rearrange(XOR1));
        }
        return v.lane(0);
    }

    /**
     * One tile: output channels {@code [co0, co0 + 8)} × positions {@code [p0, p0 + 2L)} of the padded-width
     * output, summed over the {@code k} rows of the implicit column matrix (one flat loop, as a GEMM micro
     * kernel: row r is the padded planes shifted by {@code offsets[r]}, its eight weights at
     * {@code packed[wi + 8r ..]}): 16 accumulators; per row two loads and eight broadcasts. Written out lane
     * by lane on purpose: the JIT keeps vectors in registers only as plain locals, and inlines every Vector
     * API call only while the method stays this small.
     */
    static void forwardTile(float[] xp, int[] offsets, int k, float[] packed, int wi, int p0, float[] out,
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

    /**
     * Weight-gradient tile: for output channels {@code [co0, co0 + 8)} and the three horizontal taps
     * {@code src0, src1, src2} of one (input channel, kernel row), the lane-wise sums of
     * {@code gy[co, p] · x[p + tap]} over positions {@code [0, count)} (a multiple of L), stored as 24
     * vectors in {@code tile} (their lanes are added by {@link #addTile}). Per step three loads of x and
     * eight of the gradient feed 24 FMAs, within the 32 vector registers of AVX-512.
     */
    private static void weightTile(float[] gy, int gyOff, int outStride, int co0, float[] xp, int src0, int src1,
                                   int src2, int count, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a00 = z, a01 = z, a02 = z;
        FloatVector a10 = z, a11 = z, a12 = z;
        FloatVector a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z;
        FloatVector a40 = z, a41 = z, a42 = z;
        FloatVector a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z;
        FloatVector a70 = z, a71 = z, a72 = z;
        int gBase = gyOff + co0 * outStride;
        for (int p = 0; p < count; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, xp, src0 + p);
            FloatVector x1 = FloatVector.fromArray(S, xp, src1 + p);
            FloatVector x2 = FloatVector.fromArray(S, xp, src2 + p);
            FloatVector g0 = FloatVector.fromArray(S, gy, gBase + 0 * outStride + p);
            a00 = g0.fma(x0, a00);
            a01 = g0.fma(x1, a01);
            a02 = g0.fma(x2, a02);
            FloatVector g1 = FloatVector.fromArray(S, gy, gBase + 1 * outStride + p);
            a10 = g1.fma(x0, a10);
            a11 = g1.fma(x1, a11);
            a12 = g1.fma(x2, a12);
            FloatVector g2 = FloatVector.fromArray(S, gy, gBase + 2 * outStride + p);
            a20 = g2.fma(x0, a20);
            a21 = g2.fma(x1, a21);
            a22 = g2.fma(x2, a22);
            FloatVector g3 = FloatVector.fromArray(S, gy, gBase + 3 * outStride + p);
            a30 = g3.fma(x0, a30);
            a31 = g3.fma(x1, a31);
            a32 = g3.fma(x2, a32);
            FloatVector g4 = FloatVector.fromArray(S, gy, gBase + 4 * outStride + p);
            a40 = g4.fma(x0, a40);
            a41 = g4.fma(x1, a41);
            a42 = g4.fma(x2, a42);
            FloatVector g5 = FloatVector.fromArray(S, gy, gBase + 5 * outStride + p);
            a50 = g5.fma(x0, a50);
            a51 = g5.fma(x1, a51);
            a52 = g5.fma(x2, a52);
            FloatVector g6 = FloatVector.fromArray(S, gy, gBase + 6 * outStride + p);
            a60 = g6.fma(x0, a60);
            a61 = g6.fma(x1, a61);
            a62 = g6.fma(x2, a62);
            FloatVector g7 = FloatVector.fromArray(S, gy, gBase + 7 * outStride + p);
            a70 = g7.fma(x0, a70);
            a71 = g7.fma(x1, a71);
            a72 = g7.fma(x2, a72);
        }
        a00.intoArray(tile, 0 * L);
        a01.intoArray(tile, 1 * L);
        a02.intoArray(tile, 2 * L);
        a10.intoArray(tile, 3 * L);
        a11.intoArray(tile, 4 * L);
        a12.intoArray(tile, 5 * L);
        a20.intoArray(tile, 6 * L);
        a21.intoArray(tile, 7 * L);
        a22.intoArray(tile, 8 * L);
        a30.intoArray(tile, 9 * L);
        a31.intoArray(tile, 10 * L);
        a32.intoArray(tile, 11 * L);
        a40.intoArray(tile, 12 * L);
        a41.intoArray(tile, 13 * L);
        a42.intoArray(tile, 14 * L);
        a50.intoArray(tile, 15 * L);
        a51.intoArray(tile, 16 * L);
        a52.intoArray(tile, 17 * L);
        a60.intoArray(tile, 18 * L);
        a61.intoArray(tile, 19 * L);
        a62.intoArray(tile, 20 * L);
        a70.intoArray(tile, 21 * L);
        a71.intoArray(tile, 22 * L);
        a72.intoArray(tile, 23 * L);
    }
}
