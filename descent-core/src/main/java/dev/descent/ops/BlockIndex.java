package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;

/**
 * Gather and scatter-add of contiguous blocks at fixed integer positions, the linear pair behind
 * {@code embedding} (blocks are rows of the weight) and max pooling (blocks of one element at the
 * argmax). Each is the other's adjoint, so each one's backward is the other and derivatives of
 * every order come for free. The indices are constants: no gradient flows to them.
 */
final class BlockIndex {
    private BlockIndex() {}

    /** {@code out[i·B + j] = src[idx[i]·B + j]} for blocks of {@code B = block} elements. */
    static Tensor gather(Tensor src, int[] idx, int block, int[] outShape) {
        Tensor s = Dispatch.contiguous(src);
        Tensor out = Tensor.empty(src.dtype(), outShape);
        Storage from = s.storage();
        Storage to = out.storage();
        int base = s.offset();
        for (int i = 0; i < idx.length; i++) {
            int p = base + idx[i] * block;
            int q = i * block;
            for (int j = 0; j < block; j++) {
                Loops.write(to, q + j, Loops.read(from, p + j));
            }
        }
        return NnUtil.recording(src) ? out.withGradFn(new GatherBackward(src, idx, block)) : out;
    }

    /** Zeros of {@code outShape} with {@code out[idx[i]·B + j] += g[i·B + j]}. */
    static Tensor scatterAdd(Tensor g, int[] idx, int block, int[] outShape) {
        Tensor s = Dispatch.contiguous(g);
        Tensor out = Tensor.zeros(g.dtype(), outShape);
        Storage from = s.storage();
        Storage to = out.storage();
        int base = s.offset();
        for (int i = 0; i < idx.length; i++) {
            int p = idx[i] * block;
            int q = base + i * block;
            for (int j = 0; j < block; j++) {
                Loops.write(to, p + j, Loops.read(to, p + j) + Loops.read(from, q + j));
            }
        }
        return NnUtil.recording(g) ? out.withGradFn(new ScatterAddBackward(g, idx, block)) : out;
    }

    /** d gather = scatter-add of the output gradient back to the gathered positions. */
    static final class GatherBackward extends Node {
        private final int[] idx;
        private final int block;
        private final int[] srcShape;

        GatherBackward(Tensor src, int[] idx, int block) {
            super(src);
            this.idx = idx;
            this.block = block;
            this.srcShape = src.shapeRef();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {scatterAdd(g, idx, block, srcShape)};
        }
    }

    /** d scatter-add = gather of the output gradient at the scattered positions. */
    static final class ScatterAddBackward extends Node {
        private final int[] idx;
        private final int block;
        private final int[] gShape;

        ScatterAddBackward(Tensor g, int[] idx, int block) {
            super(g);
            this.idx = idx;
            this.block = block;
            this.gShape = g.shapeRef();
        }

        @Override
        protected Tensor[] backward(Tensor gg) {
            return new Tensor[] {gather(gg, idx, block, gShape)};
        }
    }
}
