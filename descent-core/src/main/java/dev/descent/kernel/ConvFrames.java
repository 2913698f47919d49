package dev.descent.kernel;

/**
 * The layout in which the direct 3×3 kernels see a stack of images: per input channel one plane
 * (stride 1) or four phase planes (stride 2), each holding the images' frames one after the other, so
 * that every tap of the kernel is a constant shift of a plane and the whole stack is one long axis of
 * output positions. Small images share their tiles this way: at 8×8 a tile of 32 positions no longer
 * spends a third of its lanes on one image's junk columns and tail.
 *
 * <p>Stride 1: a row is {@code pw} zeros then the {@code w} pixels ({@code wr = w + pw}; a tap left of
 * column 0 reads the row's own zeros, one right of column {@code w − 1} the next row's), and a frame
 * is {@code ph} zero rows then the {@code h} image rows (the next frame's zero rows pad this one's
 * bottom): {@code framed = (h + ph)·wr}. Output pixel {@code (oi, oj)} of frame {@code j} is position
 * {@code j·framed + oi·wr + oj}, and tap {@code (ki, kj)} reads it shifted by {@code ki·dh·wr + kj·dw}.
 *
 * <p>Stride 2: the padded image is split into its four phases (even/odd rows × even/odd columns),
 * frames of {@code ⌈(h + 2ph)/2⌉ × wr} with {@code wr = ⌈(w + 2pw)/2⌉}; padded pixel
 * {@code (2oi + a, 2oj + b)} is pixel {@code (oi + ⌊a/2⌋, oj + ⌊b/2⌋)} of phase {@code (a mod 2, b mod 2)},
 * so tap {@code (ki, kj)} reads phase {@code (ki·dh mod 2, kj·dw mod 2)} shifted by
 * {@code ⌊ki·dh/2⌋·wr + ⌊kj·dw/2⌋}, and a valid output never reads outside its own frame.
 *
 * <p>Either way, positions of junk outputs (columns {@code oj ≥ ow}, rows {@code oi ≥ oh}) are computed
 * and discarded, and a gradient placed in the same layout is zero there.
 *
 * @param s       the stride (1 or 2)
 * @param wr      row width of a frame
 * @param framed  positions per frame
 * @param images  frames in the stack
 * @param span    output positions computed: the stack's last valid output, rounded up to whole tiles
 * @param plane   distance between planes: the frames, their padding and every tap's reads fit
 */
record ConvFrames(int s, int wr, int framed, int images, int span, int plane) {

    /** The layout of {@code images} images of {@code g} (stride 1 or 2), {@code span} a multiple of {@code round}. */
    static ConvFrames of(ConvShape g, int images, int round) {
        int s = g.sh();
        int wr = s == 1 ? g.w() + g.pw() : (g.w() + 2 * g.pw() + 1) / 2;
        int framed = (s == 1 ? g.h() + g.ph() : (g.h() + 2 * g.ph() + 1) / 2) * wr;
        int last = (images - 1) * framed + (g.oh() - 1) * wr + g.ow();
        int span = (last + round - 1) / round * round;
        int reach = s == 1 ? 2 * g.dh() * wr + 2 * g.dw() : g.dh() * wr + g.dw(); // the largest tap shift
        int frames = images * framed + (s == 1 ? g.ph() * wr : 0); // the last frame's bottom padding included
        return new ConvFrames(s, wr, framed, images, span, Math.max(frames, span + reach));
    }

    /** Positions per frame of {@code g}'s images (what {@link #of} would give {@code framed}). */
    static int framed(ConvShape g) {
        return of(g, 1, 1).framed();
    }

    /** Floats of the planes of all {@code c} input channels. */
    int planesSize(ConvShape g) {
        return g.c() * s * s * plane;
    }

    /**
     * Offset in the planes of each row {@code r = ci·9 + ki·3 + kj} of the implicit column matrix:
     * padded shift {@code (a, b) = (ki·dh, kj·dw)} is phase {@code (a mod s, b mod s)} moved by
     * {@code (⌊a/s⌋, ⌊b/s⌋)}.
     */
    int[] offsets(ConvShape g) {
        int[] offsets = new int[g.rows()];
        for (int ci = 0, r = 0; ci < g.c(); ci++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    offsets[r] = tap(ci, ki * g.dh(), kj * g.dw());
                }
            }
        }
        return offsets;
    }

    /** Offset of padded shift {@code (a, b)} of input channel {@code ci}. */
    int tap(int ci, int a, int b) {
        return (ci * s * s + a % s * s + b % s) * plane + a / s * wr + b / s;
    }

    /**
     * Writes image {@code x} at {@code xi} into frame {@code j} of the planes at {@code buf[0 ..)}, which
     * the caller has zeroed (only pixels are written, the padding stays zero).
     */
    void stack(ConvShape g, float[] x, int xi, int j, float[] buf) {
        for (int ci = 0; ci < g.c(); ci++) {
            for (int i = 0; i < g.h(); i++) {
                int src = xi + (ci * g.h() + i) * g.w();
                int row = i + g.ph();
                if (s == 1) {
                    VectorConvDirect.copyRow(x, src, buf, ci * plane + j * framed + row * wr + g.pw(), g.w());
                    continue;
                }
                int dst = (ci * 4 + (row & 1) * 2) * plane + j * framed + (row >> 1) * wr;
                VectorConvDirect.splitRow(x, src, g.w(), g.pw(), buf, dst, dst + plane);
            }
        }
    }
}
