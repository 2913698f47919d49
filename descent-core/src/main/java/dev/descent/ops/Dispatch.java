package dev.descent.ops;

import dev.descent.kernel.BinaryOp;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;

/**
 * The one bridge from tensors to kernels: computes results without recording anything.
 * Ops call it for their forward and (when no graph is wanted) fused backward passes.
 */
public final class Dispatch {
    private Dispatch() {}

    /** {@code t} itself when contiguous, else a contiguous copy. */
    public static Tensor contiguous(Tensor t) {
        return t.isContiguous() ? t : copy(t);
    }

    /** A contiguous copy with fresh storage. */
    public static Tensor copy(Tensor t) {
        Tensor out = Tensor.empty(t.dtype(), t.shapeRef());
        copyInto(t, out);
        return out;
    }

    /** A contiguous copy converted to {@code dtype}. */
    public static Tensor cast(Tensor t, DType dtype) {
        Tensor out = Tensor.empty(dtype, t.shapeRef());
        copyInto(t, out);
        return out;
    }

    /** Copies {@code src} (broadcast to dst's shape, converted) into {@code dst}. */
    public static void copyInto(Tensor src, Tensor dst) {
        int[] shape = dst.shapeRef();
        int[] ss = Shape.broadcastStrides(src.shapeRef(), src.stridesRef(), shape);
        Loops.copy(shape, src.storage(), src.offset(), ss, dst.storage(), dst.offset(), dst.stridesRef());
    }

    /** {@code a op b} with broadcasting and type promotion; a new contiguous tensor. */
    public static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(name, a.shapeRef(), b.shapeRef());
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (a.dtype() != dt) {
            a = cast(a, dt);
        }
        if (b.dtype() != dt) {
            b = cast(b, dt);
        }
        Tensor out = Tensor.empty(dt, shape);
        Loops.binary(op, shape, a.storage(), a.offset(), Shape.broadcastStrides(a.shapeRef(), a.stridesRef(), shape),
                b.storage(), b.offset(), Shape.broadcastStrides(b.shapeRef(), b.stridesRef(), shape), out.storage());
        return out;
    }

    /** {@code op(a)} elementwise; a new contiguous tensor. */
    public static Tensor unary(UnaryOp op, double p1, double p2, Tensor a) {
        Tensor out = Tensor.empty(a.dtype(), a.shapeRef());
        Loops.unary(op, p1, p2, a.shapeRef(), a.storage(), a.offset(), a.stridesRef(), out.storage());
        return out;
    }

    /** In place {@code dst += alpha * src} with src broadcast to dst's shape. */
    public static void addInPlace(Tensor dst, Tensor src, double alpha) {
        int[] shape = dst.shapeRef();
        Loops.axpy(shape, alpha, src.storage(), src.offset(),
                Shape.broadcastStrides(src.shapeRef(), src.stridesRef(), shape),
                dst.storage(), dst.offset(), dst.stridesRef());
    }

    /** In place {@code dst += src}. */
    public static void addInPlace(Tensor dst, Tensor src) {
        addInPlace(dst, src, 1.0);
    }

    /** In place {@code dst op= src} with src broadcast. */
    public static void binaryInPlace(BinaryOp op, Tensor dst, Tensor src) {
        int[] shape = dst.shapeRef();
        Loops.binaryInPlace(op, shape, dst.storage(), dst.offset(), dst.stridesRef(), src.storage(), src.offset(),
                Shape.broadcastStrides(src.shapeRef(), src.stridesRef(), shape));
    }

    /** In place {@code dst = op(dst)}. */
    public static void unaryInPlace(UnaryOp op, double p1, double p2, Tensor dst) {
        Loops.unaryInPlace(op, p1, p2, dst.shapeRef(), dst.storage(), dst.offset(), dst.stridesRef());
    }

    /** Elementwise comparison, 1.0 where true; result has the promoted type. */
    public static Tensor compare(String name, CompareOp op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(name, a.shapeRef(), b.shapeRef());
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor out = Tensor.empty(dt, shape);
        Loops.compare(op, shape, a.storage(), a.offset(), Shape.broadcastStrides(a.shapeRef(), a.stridesRef(), shape),
                b.storage(), b.offset(), Shape.broadcastStrides(b.shapeRef(), b.stridesRef(), shape), out.storage());
        return out;
    }

    /** Sums over the dims where {@code reduce[d]} is true; the result keeps them as size 1. */
    public static Tensor sumKeepDims(Tensor a, boolean[] reduce) {
        int[] outShape = a.shape();
        for (int d = 0; d < reduce.length; d++) {
            if (reduce[d]) {
                outShape[d] = 1;
            }
        }
        Tensor out = Tensor.empty(a.dtype(), outShape);
        Loops.sumInto(a.shapeRef(), a.storage(), a.offset(), a.stridesRef(), reduce, out.storage());
        return out;
    }

    /** Batched matrix product C[b] = A[b]·B[b] for rank-3 (possibly strided, broadcast) operands. */
    public static Tensor bmm(Tensor a, Tensor b, int batch, int m, int n, int k,
                             int aBatchStride, int bBatchStride) {
        DType dt = a.dtype();
        Tensor out = Tensor.empty(dt, batch, m, n);
        int[] as = a.stridesRef();
        int[] bs = b.stridesRef();
        Storage sa = a.storage();
        Storage sb = b.storage();
        Storage so = out.storage();
        int aRs = as[as.length - 2];
        int aCs = as[as.length - 1];
        int bRs = bs[bs.length - 2];
        int bCs = bs[bs.length - 1];
        MatMul.batched(batch, m, n, k, sa, a.offset(), aBatchStride, aRs, aCs,
                sb, b.offset(), bBatchStride, bRs, bCs, so, 0, m * n, n, false);
        return out;
    }

    /** Elementwise comparisons. */
    public enum CompareOp { EQ, NE, LT, LE, GT, GE }
}
