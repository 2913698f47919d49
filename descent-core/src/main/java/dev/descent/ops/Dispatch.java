package dev.descent.ops;

import dev.descent.kernel.BinaryOp;
import dev.descent.kernel.Blas1;
import dev.descent.kernel.Elementwise;
import dev.descent.kernel.Reduce;
import dev.descent.kernel.Strided;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

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
        Tensor out = Tensor.uninitialized(t.dtype(), t.shapeRef());
        copyInto(t, out);
        return out;
    }

    /** A contiguous copy converted to {@code dtype}. */
    public static Tensor cast(Tensor t, DType dtype) {
        Tensor out = Tensor.uninitialized(dtype, t.shapeRef());
        copyInto(t, out);
        return out;
    }

    /** Copies {@code src} (broadcast to dst's shape, converted) into {@code dst}. */
    public static void copyInto(Tensor src, Tensor dst) {
        int[] shape = dst.shapeRef();
        int[] ss = Shape.broadcastStrides(src.shapeRef(), src.stridesRef(), shape);
        Storage s = src.storage();
        Storage d = dst.storage();
        if (s.floats() != null && d.floats() != null) {
            Strided.copy(shape, s.floats(), src.offset(), ss, d.floats(), dst.offset(), dst.stridesRef());
        } else if (s.doubles() != null && d.doubles() != null) {
            Strided.copy(shape, s.doubles(), src.offset(), ss, d.doubles(), dst.offset(), dst.stridesRef());
        } else if (s.floats() != null) {
            Strided.convert(shape, s.floats(), src.offset(), ss, d.doubles(), dst.offset(), dst.stridesRef());
        } else {
            Strided.convert(shape, s.doubles(), src.offset(), ss, d.floats(), dst.offset(), dst.stridesRef());
        }
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
        Tensor out = Tensor.uninitialized(dt, shape);
        // an operand of the result's shape is read with its own strides (size-1 dims are never stepped)
        int[] as = Arrays.equals(a.shapeRef(), shape) ? a.stridesRef() : Shape.broadcastStrides(a.shapeRef(), a.stridesRef(), shape);
        int[] bs = Arrays.equals(b.shapeRef(), shape) ? b.stridesRef() : Shape.broadcastStrides(b.shapeRef(), b.stridesRef(), shape);
        if (dt == DType.FLOAT32) {
            Elementwise.binary(op, shape, a.storage().floats(), a.offset(), as, b.storage().floats(), b.offset(), bs,
                    out.storage().floats(), 0);
        } else {
            Elementwise.binary(op, shape, a.storage().doubles(), a.offset(), as, b.storage().doubles(), b.offset(), bs,
                    out.storage().doubles(), 0);
        }
        return out;
    }

    /** {@code op(a)} elementwise; a new contiguous tensor. */
    public static Tensor unary(UnaryOp op, double p1, double p2, Tensor a) {
        Tensor out = Tensor.uninitialized(a.dtype(), a.shapeRef());
        boolean contiguous = a.isContiguous();
        if (a.dtype() == DType.FLOAT32) {
            if (contiguous) {
                Elementwise.unary(op, p1, p2, out.numel(), a.storage().floats(), a.offset(), out.storage().floats(), 0);
            } else {
                Elementwise.unaryStrided(op, p1, p2, a.shapeRef(), a.storage().floats(), a.offset(), a.stridesRef(),
                        out.storage().floats(), 0);
            }
        } else {
            if (contiguous) {
                Elementwise.unary(op, p1, p2, out.numel(), a.storage().doubles(), a.offset(), out.storage().doubles(), 0);
            } else {
                Elementwise.unaryStrided(op, p1, p2, a.shapeRef(), a.storage().doubles(), a.offset(), a.stridesRef(),
                        out.storage().doubles(), 0);
            }
        }
        return out;
    }

    /** In place {@code dst += alpha * src} with src broadcast to dst's shape. */
    public static void addInPlace(Tensor dst, Tensor src, double alpha) {
        int[] shape = dst.shapeRef();
        if (src.dtype() != dst.dtype()) {
            src = cast(src, dst.dtype());
        }
        if (alpha == 1.0) {
            binaryInPlace(BinaryOp.ADD, dst, src);
            return;
        }
        int n = dst.numel();
        if (dst.isContiguous() && src.isContiguous() && java.util.Arrays.equals(src.shapeRef(), shape)) {
            if (dst.dtype() == DType.FLOAT32) {
                Blas1.axpy(n, alpha, src.storage().floats(), src.offset(), dst.storage().floats(), dst.offset());
            } else {
                Blas1.axpy(n, alpha, src.storage().doubles(), src.offset(), dst.storage().doubles(), dst.offset());
            }
            return;
        }
        binaryInPlace(BinaryOp.ADD, dst, unary(UnaryOp.MUL_SCALAR, alpha, 0, src));
    }

    /** In place {@code dst += src}. */
    public static void addInPlace(Tensor dst, Tensor src) {
        addInPlace(dst, src, 1.0);
    }

    /** In place {@code dst op= src} with src broadcast. */
    public static void binaryInPlace(BinaryOp op, Tensor dst, Tensor src) {
        int[] shape = dst.shapeRef();
        if (src.dtype() != dst.dtype()) {
            src = cast(src, dst.dtype());
        }
        int[] ss = Shape.broadcastStrides(src.shapeRef(), src.stridesRef(), shape);
        if (dst.dtype() == DType.FLOAT32) {
            Elementwise.binaryInPlace(op, shape, dst.storage().floats(), dst.offset(), dst.stridesRef(),
                    src.storage().floats(), src.offset(), ss);
        } else {
            Elementwise.binaryInPlace(op, shape, dst.storage().doubles(), dst.offset(), dst.stridesRef(),
                    src.storage().doubles(), src.offset(), ss);
        }
    }

    /** In place {@code dst = op(dst)}. */
    public static void unaryInPlace(UnaryOp op, double p1, double p2, Tensor dst) {
        if (dst.isContiguous()) {
            int n = dst.numel();
            if (dst.dtype() == DType.FLOAT32) {
                float[] f = dst.storage().floats();
                Elementwise.unary(op, p1, p2, n, f, dst.offset(), f, dst.offset());
            } else {
                double[] d = dst.storage().doubles();
                Elementwise.unary(op, p1, p2, n, d, dst.offset(), d, dst.offset());
            }
        } else {
            copyInto(unary(op, p1, p2, dst), dst);
        }
    }

    /** Elementwise comparison, 1.0 where true; result has the promoted type. */
    public static Tensor compare(String name, CompareOp op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(name, a.shapeRef(), b.shapeRef());
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (a.dtype() != dt) {
            a = cast(a, dt);
        }
        if (b.dtype() != dt) {
            b = cast(b, dt);
        }
        Tensor out = Tensor.uninitialized(dt, shape);
        // an operand of the result's shape is read with its own strides (size-1 dims are never stepped)
        int[] as = Arrays.equals(a.shapeRef(), shape) ? a.stridesRef() : Shape.broadcastStrides(a.shapeRef(), a.stridesRef(), shape);
        int[] bs = Arrays.equals(b.shapeRef(), shape) ? b.stridesRef() : Shape.broadcastStrides(b.shapeRef(), b.stridesRef(), shape);
        dev.descent.kernel.CompareOp k = dev.descent.kernel.CompareOp.valueOf(op.name());
        if (dt == DType.FLOAT32) {
            Elementwise.compare(k, shape, a.storage().floats(), a.offset(), as, b.storage().floats(), b.offset(), bs,
                    out.storage().floats(), 0);
        } else {
            Elementwise.compare(k, shape, a.storage().doubles(), a.offset(), as, b.storage().doubles(), b.offset(), bs,
                    out.storage().doubles(), 0);
        }
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
        int count = 0;
        for (boolean r : reduce) {
            if (r) {
                count++;
            }
        }
        int[] dims = new int[count];
        for (int d = 0, j = 0; d < reduce.length; d++) {
            if (reduce[d]) {
                dims[j++] = d;
            }
        }
        if (a.dtype() == DType.FLOAT32) {
            Reduce.sum(a.shapeRef(), a.storage().floats(), a.offset(), a.stridesRef(), dims, out.storage().floats(), 0);
        } else {
            Reduce.sum(a.shapeRef(), a.storage().doubles(), a.offset(), a.stridesRef(), dims, out.storage().doubles(), 0);
        }
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
