package dev.descent.ops;

import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** Matrix products with PyTorch's {@code matmul} rules. */
public final class LinAlg {
    private LinAlg() {}

    /**
     * 1-D·1-D: dot product; 2-D·2-D: matrix product; 1-D operands get a dimension prepended
     * (left) or appended (right) and removed afterwards; higher ranks: batched with broadcast batch dims.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.dim();
        int rb = b.dim();
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes "
                    + Shape.str(a.shapeRef()) + " and " + Shape.str(b.shapeRef()));
        }
        if (a.dtype() != b.dtype()) {
            DType dt = DType.promote(a.dtype(), b.dtype());
            a = a.to(dt);
            b = b.to(dt);
        }
        if (ra == 1 && rb == 1) {
            return bmm3(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (ra == 1) {
            Tensor r = matmul(a.unsqueeze(0), b);
            return r.squeeze(-2);
        }
        if (rb == 1) {
            Tensor r = matmul(a, b.unsqueeze(1));
            return r.squeeze(-1);
        }
        return bmm3(a, b);
    }

    /** General case: both rank ≥ 2. */
    private static Tensor bmm3(Tensor a, Tensor b) {
        int[] as = a.shapeRef();
        int[] bs = b.shapeRef();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int k2 = bs[bs.length - 2];
        int n = bs[bs.length - 1];
        if (k != k2) {
            throw new IllegalArgumentException("shape mismatch in matmul: " + Shape.str(as) + " x " + Shape.str(bs)
                    + " (inner dimensions " + k + " and " + k2 + " differ)");
        }
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        int[] batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int batchN = Shape.numel(batch);
        Tensor out;
        if (batch.length == 0) {
            out = Dispatch.bmm(a, b, 1, m, n, k, 0, 0).reshape(m, n);
        } else {
            Tensor a3 = flattenBatch(a, batch, m, k);
            Tensor b3 = flattenBatch(b, batch, k, n);
            out = Dispatch.bmm(a3, b3, batchN, m, n, k, a3.stridesRef()[0], b3.stridesRef()[0]);
            int[] outShape = Arrays.copyOf(batch, batch.length + 2);
            outShape[batch.length] = m;
            outShape[batch.length + 1] = n;
            out = new Tensor(out.storage(), out.dtype(), outShape, Shape.contiguousStrides(outShape), 0);
        }
        return Tensor.recording(a, b) ? out.withGradFn(new MatmulBackward(a, b)) : out;
    }

    /** A rank-3 [batch, r, c] view of x broadcast to the batch shape (copies only if the batch dims don't merge). */
    private static Tensor flattenBatch(Tensor x, int[] batch, int r, int c) {
        int[] target = Arrays.copyOf(batch, batch.length + 2);
        target[batch.length] = r;
        target[batch.length + 1] = c;
        Tensor e = x.detach().expand(target);
        int batchN = Shape.numel(batch);
        int[] st = Views.viewStrides(e.shapeRef(), e.stridesRef(), new int[] {batchN, r, c});
        if (st == null) {
            e = Dispatch.copy(e);
            st = Shape.contiguousStrides(new int[] {batchN, r, c});
        }
        return new Tensor(e.storage(), e.dtype(), new int[] {batchN, r, c}, st, e.offset());
    }

    /** dA = dC·Bᵀ, dB = Aᵀ·dC, reduced over broadcast batch dims. */
    static final class MatmulBackward extends Node {
        private final Saved a;
        private final Saved b;
        private final int[] shapeA;
        private final int[] shapeB;

        MatmulBackward(Tensor a, Tensor b) {
            super(a, b);
            this.a = needsGrad(1) ? save(a) : null;
            this.b = needsGrad(0) ? save(b) : null;
            shapeA = a.shapeRef();
            shapeB = b.shapeRef();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = null;
            Tensor gb = null;
            if (needsGrad(0)) {
                ga = Grads.reduceTo(g.matmul(b.get().transpose(-1, -2)), shapeA, null);
            }
            if (needsGrad(1)) {
                gb = Grads.reduceTo(a.get().transpose(-1, -2).matmul(g), shapeB, null);
            }
            return new Tensor[] {ga, gb};
        }
    }
}
