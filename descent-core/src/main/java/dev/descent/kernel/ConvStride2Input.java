package dev.descent.kernel;

import java.util.Arrays;

/**
 * The input gradient of a 3×3 stride-2 convolution as the adjoint of the direct stride-2 forward, on
 * the same four phase planes ({@link ConvFrames}): no column matrix, no GEMM.
 *
 * <p>The forward reads phase {@code φ(t) = (ki·dh mod 2, kj·dw mod 2)} of the padded input shifted by
 * {@code σ(t) = ⌊ki·dh/2⌋·wq + ⌊kj·dw/2⌋} for tap {@code t = (ki, kj)}: {@code y[co, p] = Σ_{ci, t}
 * w[co, ci, t] · X_{φ(t)}[ci, p + σ(t)]} over the wide output positions {@code p = oi·wq + oj}. Its
 * adjoint gives each phase plane of the padded input gradient as a stride-1 sum over the taps of that
 * phase (four taps, two, two and one for dilation 1):
 * <pre>
 *   GX_φ[ci, q] = Σ_{co, t: φ(t) = φ} w[co, ci, t] · GY[co, q − σ(t)]
 * </pre>
 * with {@code GY} the output gradient at row width {@code wq}, zero in the junk columns
 * {@code oj ≥ ow}, below the last row and in a margin before the first. A shift that leaves its row
 * reads a junk column ({@code wq − ow = dw} exactly), so it meets a zero as it should. That sum is
 * {@link VectorConvDirect#forwardTile}'s product with the roles of the channels swapped: the rows are
 * {@code (co, t)}, the eight weights of a row are eight input channels side by side. The phase planes
 * are then scattered back to the image, each input pixel written once from its phase.
 *
 * <p>Images are independent, so the bits do not depend on the thread count.
 */
final class ConvStride2Input {
    private ConvStride2Input() {}

    /**
     * The layout of one geometry: phase planes {@code hq × wq}, {@code span} wide positions computed per
     * phase (a whole number of tiles), the margin before each channel's output gradient and the stride
     * of those planes; per phase {@code φ = a·2 + b} its taps {@code ki·3 + kj}, the number of rows
     * {@code cout·taps} and each row's offset in the gradient planes.
     */
    record Phases(int hq, int wq, int span, int margin, int gyStride, int[][] taps, int[][] offsets) {
        private static final ConvPlanCache<Phases> CACHE = new ConvPlanCache<>();

        static Phases cached(ConvShape g) {
            return CACHE.get(g, Phases::of);
        }

        static Phases of(ConvShape g) {
            int wq = (g.w() + 2 * g.pw() + 1) / 2;
            int hq = (g.h() + 2 * g.ph() + 1) / 2;
            int block = VectorConvDirect.P_BLOCK;
            int span = (hq * wq + block - 1) / block * block;
            int margin = g.dh() * wq + g.dw(); // the largest shift σ
            int gyStride = margin + span;
            int[][] taps = new int[4][];
            int[][] offsets = new int[4][];
            for (int phase = 0; phase < 4; phase++) {
                int count = 0;
                int[] list = new int[9];
                for (int ki = 0; ki < 3; ki++) {
                    for (int kj = 0; kj < 3; kj++) {
                        if ((ki * g.dh() % 2) * 2 + kj * g.dw() % 2 == phase) {
                            list[count++] = ki * 3 + kj;
                        }
                    }
                }
                taps[phase] = Arrays.copyOf(list, count);
                offsets[phase] = new int[g.cout() * count];
                for (int co = 0, r = 0; co < g.cout(); co++) {
                    for (int t = 0; t < count; t++, r++) {
                        int ki = list[t] / 3;
                        int kj = list[t] % 3;
                        offsets[phase][r] = co * gyStride + margin - (ki * g.dh() / 2 * wq + kj * g.dw() / 2);
                    }
                }
            }
            return new Phases(hq, wq, span, margin, gyStride, taps, offsets);
        }

        /** Where the rows of phase {@code phase} start in the packed weight: {@code c·cout·(taps before it)}. */
        int packedBase(ConvShape g, int phase) {
            int before = 0;
            for (int f = 0; f < phase; f++) {
                before += taps[f].length;
            }
            return g.c() * g.cout() * before;
        }
    }

    /**
     * The weight {@code [cout, c, 3, 3]} at {@code wOff} regrouped per phase and per tile of eight input
     * channels: row {@code r = co·T + t} of phase {@code φ} (T taps) holds {@code w[co, ci0 + j, taps[t]]},
     * {@code j < 8}, side by side, at {@code packedBase(φ) + ci0·cout·T + 8r}. In the calling thread's
     * {@link ConvScratch}.
     */
    static float[] packWeights(ConvShape g, Phases ph, float[] w, int wOff) {
        float[] packed = ConvScratch.get().packed(g.cout() * g.c() * 9);
        int block = VectorConvDirect.CO_BLOCK;
        for (int phase = 0; phase < 4; phase++) {
            int[] taps = ph.taps()[phase];
            int k = g.cout() * taps.length;
            int base = ph.packedBase(g, phase);
            for (int ci0 = 0; ci0 < g.c(); ci0 += block) {
                for (int co = 0, r = 0; co < g.cout(); co++) {
                    for (int tap : taps) {
                        for (int j = 0; j < block; j++) {
                            packed[base + ci0 * k + r * block + j] = w[wOff + (co * g.c() + ci0 + j) * 9 + tap];
                        }
                        r++;
                    }
                }
            }
        }
        return packed;
    }

    /** Input gradient of one image: {@code gx} at {@code gxOff} (overwritten) from {@code gy} at {@code gyOff}. */
    static void image(ConvShape g, Phases ph, float[] packed, float[] gy, int gyOff, float[] gx, int gxOff) {
        int gySize = g.cout() * ph.gyStride();
        int span = ph.span();
        float[] buf = ConvScratch.get().planes(gySize + g.c() * 4 * span);
        Arrays.fill(buf, 0, gySize, 0f);
        for (int co = 0; co < g.cout(); co++) {
            for (int oi = 0; oi < g.oh(); oi++) {
                VectorConvDirect.copyRow(gy, gyOff + (co * g.oh() + oi) * g.ow(), buf,
                        co * ph.gyStride() + ph.margin() + oi * ph.wq(), g.ow());
            }
        }
        int block = VectorConvDirect.CO_BLOCK;
        for (int phase = 0; phase < 4; phase++) {
            int[] offsets = ph.offsets()[phase];
            int k = offsets.length;
            int base = ph.packedBase(g, phase);
            for (int ci0 = 0; ci0 < g.c(); ci0 += block) {
                int out = gySize + (ci0 * 4 + phase) * span;
                for (int p0 = 0; p0 < span; p0 += VectorConvDirect.P_BLOCK) {
                    VectorConvDirect.forwardTile(buf, offsets, k, packed, base + ci0 * k, p0, buf, out + p0, 4 * span);
                }
            }
        }
        scatter(g, ph, buf, gySize, gx, gxOff);
    }

    /** Padded pixel {@code (R, C) = (i + ph, j + pw)} of channel ci is {@code (R/2, C/2)} of phase {@code (R mod 2, C mod 2)}. */
    private static void scatter(ConvShape g, Phases ph, float[] buf, int at, float[] gx, int gxOff) {
        int span = ph.span();
        for (int ci = 0; ci < g.c(); ci++) {
            for (int i = 0; i < g.h(); i++) {
                int row = i + g.ph();
                int dst = gxOff + (ci * g.h() + i) * g.w();
                int src = at + (ci * 4 + (row & 1) * 2) * span + (row >> 1) * ph.wq();
                VectorConvDirect.joinRow(buf, src, src + span, g.pw(), gx, dst, g.w());
            }
        }
    }
}
