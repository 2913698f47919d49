package dev.descent.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct 3×3 convolution of one float image, with the Vector API: no column matrix. Stride 1, and
 * stride 2 for the forward (see {@link Plan}).
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
     * The padded-plane layout of one geometry: row width {@code wp} (also the row width of the wide
     * output), the stride between planes, the width of the wide output, the planes per input channel,
     * and for each row {@code r = ci·9 + ki·3 + kj} of the column matrix the offset of its tap in the
     * planes.
     *
     * <p>Stride 1: one padded plane per channel, tap {@code (ki, kj)} at {@code ci·planeStride +
     * ki·dh·wp + kj·dw}. Stride 2: the padded image is split into its four phases (even/odd rows ×
     * even/odd columns), planes of {@code ⌈hp/2⌉ × ⌈wp/2⌉}; padded pixel {@code (2oi + a, 2oj + b)} is
     * pixel {@code (oi + a/2, oj + b/2)} of phase {@code (a mod 2, b mod 2)}, so every tap is again a
     * constant shift of a plane and the stride-1 tile runs unchanged (a valid output never reads past
     * its phase row: {@code 2oj + b ≤ wp − 1}).
     */
    record Plan(int wp, int planeStride, int outStride, int planes, int[] offsets) {
        private static final ConvPlanCache<Plan> CACHE = new ConvPlanCache<>();

        /** The plan of {@code g}, built once per geometry and then reused. */
        static Plan cached(ConvShape g) {
            return CACHE.get(g, Plan::of);
        }

        static Plan of(ConvShape g) {
            int s = g.sh();
            int wp = (g.w() + 2 * g.pw() + s - 1) / s;
            int hp = (g.h() + 2 * g.ph() + s - 1) / s;
            int q = (g.oh() - 1) * wp + g.ow();
            int outStride = (q + P_BLOCK - 1) / P_BLOCK * P_BLOCK;
            int planeStride = hp * wp + P_BLOCK;
            int planes = s * s;
            int[] offsets = new int[g.rows()];
            for (int ci = 0, r = 0; ci < g.c(); ci++) {
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++, r++) {
                        int a = ki * g.dh();
                        int b = kj * g.dw();
                        offsets[r] = (ci * planes + (a % s) * s + b % s) * planeStride + a / s * wp + b / s;
                    }
                }
            }
            return new Plan(wp, planeStride, outStride, planes, offsets);
        }

        /** Elements of the padded planes of {@code c} channels. */
        int paddedSize(int c) {
            return c * planes * planeStride;
        }
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

    /** Copies image {@code x} at {@code xOff} into the zero-padded planes of {@code pl} at {@code buf[0 ..)}. */
    private static void pad(ConvShape g, Plan pl, float[] x, int xOff, float[] buf) {
        Arrays.fill(buf, 0, pl.paddedSize(g.c()), 0f);
        if (pl.planes() == 1) {
            for (int ci = 0; ci < g.c(); ci++) {
                for (int i = 0; i < g.h(); i++) {
                    copyRow(x, xOff + (ci * g.h() + i) * g.w(), buf,
                            ci * pl.planeStride() + (i + g.ph()) * pl.wp() + g.pw(), g.w());
                }
            }
            return;
        }
        for (int ci = 0; ci < g.c(); ci++) { // stride 2: padded pixel (R, C) to phase (R mod 2, C mod 2)
            for (int i = 0; i < g.h(); i++) {
                int row = i + g.ph();
                int src = xOff + (ci * g.h() + i) * g.w();
                for (int b = 0; b < 2; b++) {
                    int dst = (ci * 4 + (row & 1) * 2 + b) * pl.planeStride() + (row >> 1) * pl.wp();
                    int j0 = (g.pw() + b) & 1; // the first column j with j + pw ≡ b (mod 2)
                    for (int j = j0; j < g.w(); j += 2) {
                        buf[dst + ((j + g.pw()) >> 1)] = x[src + j];
                    }
                }
            }
        }
    }

    /**
     * {@code out} (one image, {@code [cout, oh, ow]} at {@code outOff}) = conv of the image at {@code xOff},
     * with the plan of {@code g} and the weight packed by {@link #packWeights}.
     */
    static void forwardImage(ConvShape g, Plan pl, float[] x, int xOff, float[] packed, float[] out, int outOff) {
        int xpSize = pl.paddedSize(g.c());
        float[] buf = ConvScratch.get().planes(xpSize + g.cout() * pl.outStride());
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
                copyRow(buf, xpSize + co * pl.outStride() + oi * pl.wp(), out,
                        outOff + (co * g.oh() + oi) * g.ow(), g.ow());
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
        int framed = (g.h() + g.ph()) * (g.w() + g.pw());
        return Math.max(1, Math.min(count, (GW_POSITIONS + framed - 1) / framed));
    }

    /**
     * Adds the weight gradient of images {@code [0, count)} to {@code gw} ({@code [cout, c·9]} at
     * {@code gwOff}): x at {@code xOff}, the output gradient at {@code gyOff}.
     *
     * <p>The images go in passes of {@link #imagesPerPass} stacked frames: in a pass, each channel holds
     * the frames one after the other, and the output gradient sits at the same row width in the same
     * frames with zeros everywhere else. The whole stack is then one long position axis (a tap that
     * crosses into the next frame meets a zero gradient), so the lanes are added once per pass rather
     * than once per image (8×8 images: 18 per pass instead of one).
     *
     * <p>Neighbours share their padding: a row is {@code pw} zeros then the {@code w} pixels
     * ({@code wr = w + pw}; a tap left of column 0 reads the row's own zeros, one right of column
     * {@code w − 1} the next row's), and a frame is {@code ph} zero rows then the {@code h} image rows
     * (the next frame's zero rows pad this one's bottom). An output pixel {@code (oi, oj)} sits at
     * {@code oi·wr + oj} of its frame and tap {@code (ki, kj)} at {@code + ki·dh·wr + kj·dw}: the padded
     * {@code (h + 2ph)(w + 2pw)} frame shrinks to {@code (h + ph)(w + pw)}, 81 positions instead of 100
     * for 8×8 images, fewer wasted on zeros.
     */
    static void weightImages(ConvShape g, float[] x, int xOff, float[] gy, int gyOff, int count, float[] gw,
                             int gwOff) {
        int wp = g.w() + g.pw();
        int framed = (g.h() + g.ph()) * wp;
        int m = imagesPerPass(g, count);
        int span = ((m - 1) * framed + (g.oh() - 1) * wp + g.ow() + L - 1) / L * L; // positions of a pass
        int plane = g.ph() * wp + span + 2 * g.dh() * wp + 2 * g.dw() + L; // the taps' reads stay in the plane
        int xpSize = g.c() * plane;
        float[] buf = ConvScratch.get().planes(xpSize + g.cout() * span);
        float[] tile = ConvScratch.get().tile(3 * GW_CO * L);
        for (int n0 = 0; n0 < count; n0 += m) {
            int images = Math.min(m, count - n0);
            Arrays.fill(buf, 0, xpSize + g.cout() * span, 0f);
            for (int j = 0; j < images; j++) {
                int xi = xOff + (n0 + j) * g.imageSize();
                int gi = gyOff + (n0 + j) * g.outSize();
                for (int ci = 0; ci < g.c(); ci++) {
                    for (int i = 0; i < g.h(); i++) {
                        copyRow(x, xi + (ci * g.h() + i) * g.w(), buf,
                                ci * plane + j * framed + (i + g.ph()) * wp + g.pw(), g.w());
                    }
                }
                copyGradient(g, gy, gi, buf, xpSize + j * framed, span, wp);
            }
            weightPass(g, 1, buf, plane, wp, xpSize, span, tile, gw, gwOff);
        }
    }

    /**
     * {@link #weightImages} for stride 2: each image is split into the four phases of its padded planes
     * (as in {@link Plan}), frames of {@code ⌈hp/2⌉ × ⌈wp/2⌉} stacked per phase, the output gradient at
     * row width {@code ⌈wp/2⌉} in the same frames; tap {@code (ki, kj)} reads phase
     * {@code (ki·dh mod 2, kj·dw mod 2)} shifted by {@code (ki·dh/2, kj·dw/2)}. A valid output reads inside
     * its own frame, and a junk one meets a zero gradient.
     */
    static void weightImagesStride2(ConvShape g, float[] x, int xOff, float[] gy, int gyOff, int count, float[] gw,
                                    int gwOff) {
        Plan pl = Plan.cached(g);
        int wq = pl.wp();
        int framed = (g.h() + 2 * g.ph() + 1) / 2 * wq;
        int m = Math.max(1, Math.min(count, (GW_POSITIONS + framed - 1) / framed));
        int span = ((m - 1) * framed + (g.oh() - 1) * wq + g.ow() + L - 1) / L * L;
        int plane = span + (g.dh() + 1) * wq + g.dw() + 1 + L; // the taps' reads stay in the plane
        int xpSize = 4 * g.c() * plane;
        float[] buf = ConvScratch.get().planes(xpSize + g.cout() * span);
        float[] tile = ConvScratch.get().tile(3 * GW_CO * L);
        for (int n0 = 0; n0 < count; n0 += m) {
            int images = Math.min(m, count - n0);
            Arrays.fill(buf, 0, xpSize + g.cout() * span, 0f);
            for (int j = 0; j < images; j++) {
                int xi = xOff + (n0 + j) * g.imageSize();
                for (int ci = 0; ci < g.c(); ci++) {
                    for (int i = 0; i < g.h(); i++) {
                        int row = i + g.ph();
                        int src = xi + (ci * g.h() + i) * g.w();
                        for (int b = 0; b < 2; b++) {
                            int dst = (ci * 4 + (row & 1) * 2 + b) * plane + j * framed + (row >> 1) * wq;
                            for (int c = (g.pw() + b) & 1; c < g.w(); c += 2) {
                                buf[dst + ((c + g.pw()) >> 1)] = x[src + c];
                            }
                        }
                    }
                }
                int gi = gyOff + (n0 + j) * g.outSize();
                copyGradient(g, gy, gi, buf, xpSize + j * framed, span, wq);
            }
            weightPass(g, 2, buf, plane, wq, xpSize, span, tile, gw, gwOff);
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

    /**
     * Adds one pass to {@code gw}: the planes of stride {@code s} (one per channel, or four phases) from
     * {@code buf[0]}, {@code plane} apart with rows of {@code wr}; the gradient from {@code buf[gyAt]}.
     * Padded shift {@code (a, b)} of a tap is phase {@code (a mod s, b mod s)} moved by {@code (a/s, b/s)}.
     */
    private static void weightPass(ConvShape g, int s, float[] buf, int plane, int wr, int gyAt, int span,
                                   float[] tile, float[] gw, int gwOff) {
        int k = g.rows();
        for (int co0 = 0; co0 < g.cout(); co0 += GW_CO) {
            for (int ci = 0; ci < g.c(); ci++) {
                for (int ki = 0; ki < 3; ki++) {
                    int a = ki * g.dh();
                    int row = (ci * s * s + a % s * s) * plane + a / s * wr;
                    int b1 = g.dw();
                    int b2 = 2 * g.dw();
                    weightTile(buf, gyAt, span, co0, buf, row, row + b1 % s * plane + b1 / s,
                            row + b2 % s * plane + b2 / s, span, tile);
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
