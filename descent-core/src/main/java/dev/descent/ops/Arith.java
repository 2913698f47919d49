package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.BinaryOp;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** Arithmetic with broadcasting: forward and backward of each op side by side. */
public final class Arith {
    private Arith() {}

    /** a + b. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("add", BinaryOp.ADD, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new AddBackward(a, b, 1.0)) : out;
    }

    /** a - b. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("sub", BinaryOp.SUB, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new AddBackward(a, b, -1.0)) : out;
    }

    /** d(a ± b): the output gradient, summed over broadcast dimensions. */
    static final class AddBackward extends Node {
        private final int[] aShape;
        private final int[] bShape;
        private final DType aType;
        private final DType bType;
        private final double sign;

        AddBackward(Tensor a, Tensor b, double sign) {
            super(a, b);
            aShape = a.shapeRef();
            bShape = b.shapeRef();
            aType = a.dtype();
            bType = b.dtype();
            this.sign = sign;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = needsGrad(0) ? Grads.reduceTo(g, aShape, aType) : null;
            Tensor gb = null;
            if (needsGrad(1)) {
                gb = Grads.reduceTo(sign < 0 ? g.neg() : g, bShape, bType);
            }
            return new Tensor[] {ga, gb};
        }

        @Override
        public String name() {
            return sign < 0 ? "SubBackward" : "AddBackward";
        }
    }

    /** a * b. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("mul", BinaryOp.MUL, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new MulBackward(a, b)) : out;
    }

    /** d(a·b) = (g·b, g·a), summed over broadcast dimensions. */
    static final class MulBackward extends Node {
        private final Saved a;
        private final Saved b;
        private final int[] shapeA;
        private final int[] shapeB;
        private final DType typeA;
        private final DType typeB;

        MulBackward(Tensor a, Tensor b) {
            super(a, b);
            this.a = needsGrad(1) ? save(a) : null;
            this.b = needsGrad(0) ? save(b) : null;
            shapeA = a.shapeRef();
            shapeB = b.shapeRef();
            typeA = a.dtype();
            typeB = b.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = needsGrad(0) ? Grads.reduceTo(g.mul(b.get()), shapeA, typeA) : null;
            Tensor gb = needsGrad(1) ? Grads.reduceTo(g.mul(a.get()), shapeB, typeB) : null;
            return new Tensor[] {ga, gb};
        }
    }

    /** a / b. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("div", BinaryOp.DIV, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new DivBackward(a, b)) : out;
    }

    static final class DivBackward extends Node {
        private final Saved a;
        private final Saved b;
        private final int[] shapeA;
        private final int[] shapeB;
        private final DType typeA;
        private final DType typeB;

        DivBackward(Tensor a, Tensor b) {
            super(a, b);
            this.a = needsGrad(1) ? save(a) : null;
            this.b = save(b);
            shapeA = a.shapeRef();
            shapeB = b.shapeRef();
            typeA = a.dtype();
            typeB = b.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor bv = b.get();
            Tensor ga = needsGrad(0) ? Grads.reduceTo(g.div(bv), shapeA, typeA) : null;
            Tensor gb = null;
            if (needsGrad(1)) {
                Tensor av = a.get();
                gb = Grads.reduceTo(g.mul(av).div(bv.mul(bv)).neg(), shapeB, typeB);
            }
            return new Tensor[] {ga, gb};
        }
    }

    /** -a. */
    public static Tensor neg(Tensor a) {
        return mulScalar(a, -1.0);
    }

    /** a + c. */
    public static Tensor addScalar(Tensor a, double c) {
        Tensor out = Dispatch.unary(UnaryOp.ADD_SCALAR, c, 0, a);
        return Tensor.recording(a) ? out.withGradFn(new ScaleBackward(a, 1.0)) : out;
    }

    /** a * c. */
    public static Tensor mulScalar(Tensor a, double c) {
        Tensor out = Dispatch.unary(UnaryOp.MUL_SCALAR, c, 0, a);
        return Tensor.recording(a) ? out.withGradFn(new ScaleBackward(a, c)) : out;
    }

    /** d(c·a + k) = c·g. */
    static final class ScaleBackward extends Node {
        private final double c;

        ScaleBackward(Tensor a, double c) {
            super(a);
            this.c = c;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {c == 1.0 ? g : g.mul(c)};
        }
    }

    /** a ^ p for a scalar exponent. */
    public static Tensor powScalar(Tensor a, double p) {
        Tensor out = p == 2.0 ? Dispatch.unary(UnaryOp.SQUARE, 0, 0, a) : Dispatch.unary(UnaryOp.POW_SCALAR, p, 0, a);
        return Tensor.recording(a) ? out.withGradFn(new PowScalarBackward(a, p)) : out;
    }

    /** d(a^p) = p·a^(p−1)·g. */
    static final class PowScalarBackward extends Node {
        private final Saved a;
        private final double p;

        PowScalarBackward(Tensor a, double p) {
            super(a);
            this.a = save(a);
            this.p = p;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            if (p == 0.0) {
                return new Tensor[] {Tensor.zerosLike(g)};
            }
            Tensor x = a.get();
            Tensor local = p == 1.0 ? null : p == 2.0 ? x.mul(2.0) : x.pow(p - 1).mul(p);
            return new Tensor[] {local == null ? g : g.mul(local)};
        }
    }

    /** a ^ b elementwise. */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("pow", BinaryOp.POW, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new PowBackward(a, b, out)) : out;
    }

    static final class PowBackward extends Node {
        private final Saved a;
        private final Saved b;
        private final Saved out;
        private final int[] shapeA;
        private final int[] shapeB;
        private final DType typeA;
        private final DType typeB;

        PowBackward(Tensor a, Tensor b, Tensor out) {
            super(a, b);
            this.a = save(a);
            this.b = save(b);
            this.out = needsGrad(1) ? save(out) : null;
            shapeA = a.shapeRef();
            shapeB = b.shapeRef();
            typeA = a.dtype();
            typeB = b.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor av = a.get();
            Tensor bv = b.get();
            Tensor ga = null;
            Tensor gb = null;
            if (needsGrad(0)) {
                // b·a^(b−1), with 0 where b == 0 (as PyTorch, so 0^0 has gradient 0)
                Tensor local = bv.mul(av.pow(bv.sub(1.0)));
                local = Tensor.where(bv.eq(0.0), Tensor.zerosLike(local), local);
                ga = Grads.reduceTo(g.mul(local), shapeA, typeA);
            }
            if (needsGrad(1)) {
                // a^b·ln a, with 0 where a == 0 and b >= 0
                Tensor local = out.get().mul(av.log());
                Tensor mask = av.eq(0.0).mul(bv.ge(Tensor.scalar(bv.dtype(), 0.0)));
                local = Tensor.where(mask, Tensor.zerosLike(local), local);
                gb = Grads.reduceTo(g.mul(local), shapeB, typeB);
            }
            return new Tensor[] {ga, gb};
        }
    }

    /** base ^ x for a scalar base. */
    public static Tensor scalarPow(double base, Tensor x) {
        Tensor out = Dispatch.unary(UnaryOp.SCALAR_POW, base, 0, x);
        return Tensor.recording(x) ? out.withGradFn(new ScalarPowBackward(x, out, base)) : out;
    }

    /** d(c^x) = c^x·ln c·g. */
    static final class ScalarPowBackward extends Node {
        private final Saved out;
        private final double logBase;

        ScalarPowBackward(Tensor x, Tensor out, double base) {
            super(x);
            this.out = save(out);
            this.logBase = Math.log(base);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(out.get()).mul(logBase)};
        }
    }

    /** Elementwise maximum. */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("maximum", BinaryOp.MAX, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new MinMaxBackward(a, b, true)) : out;
    }

    /** Elementwise minimum. */
    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = Dispatch.binary("minimum", BinaryOp.MIN, a, b);
        return Tensor.recording(a, b) ? out.withGradFn(new MinMaxBackward(a, b, false)) : out;
    }

    /** The gradient goes to the winner; on ties each side gets half (PyTorch's rule). */
    static final class MinMaxBackward extends Node {
        private final Saved a;
        private final Saved b;
        private final boolean max;
        private final int[] shapeA;
        private final int[] shapeB;
        private final DType typeA;
        private final DType typeB;

        MinMaxBackward(Tensor a, Tensor b, boolean max) {
            super(a, b);
            this.a = save(a);
            this.b = save(b);
            this.max = max;
            shapeA = a.shapeRef();
            shapeB = b.shapeRef();
            typeA = a.dtype();
            typeB = b.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor av = a.get();
            Tensor bv = b.get();
            Tensor wins = max ? av.gt(bv) : av.lt(bv);
            Tensor ties = av.eq(bv).mul(0.5);
            Tensor wa = wins.add(ties);
            Tensor ga = needsGrad(0) ? Grads.reduceTo(g.mul(wa), shapeA, typeA) : null;
            Tensor gb = needsGrad(1) ? Grads.reduceTo(g.mul(wa.rsub(1.0)), shapeB, typeB) : null;
            return new Tensor[] {ga, gb};
        }
    }

    /** cond ? a : b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor c = cond.detach();
        // a·c + b·(1−c) would turn inf·0 into NaN; select explicitly instead.
        Tensor out = Tensor.empty(dt, shape);
        Tensor ca = Dispatch.contiguous(c.expand(shape));
        Tensor aa = Dispatch.contiguous(a.detach().expand(shape));
        Tensor bb = Dispatch.contiguous(b.detach().expand(shape));
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            double v = Loops.read(ca.storage(), ca.offset() + i) != 0
                    ? Loops.read(aa.storage(), aa.offset() + i) : Loops.read(bb.storage(), bb.offset() + i);
            Loops.write(out.storage(), i, v);
        }
        return Tensor.recording(a, b) ? out.withGradFn(new WhereBackward(c, a, b)) : out;
    }

    static final class WhereBackward extends Node {
        private final Tensor cond;
        private final int[] shapeA;
        private final int[] shapeB;
        private final DType typeA;
        private final DType typeB;

        WhereBackward(Tensor cond, Tensor a, Tensor b) {
            super(a, b);
            this.cond = pinned(cond); // kept outside save(): its storage must never be recycled
            shapeA = a.shapeRef();
            shapeB = b.shapeRef();
            typeA = a.dtype();
            typeB = b.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor zero = Tensor.zeros(g.dtype());
            Tensor ga = needsGrad(0) ? Grads.reduceTo(Tensor.where(cond, g, zero), shapeA, typeA) : null;
            Tensor gb = needsGrad(1) ? Grads.reduceTo(Tensor.where(cond, zero, g), shapeB, typeB) : null;
            return new Tensor[] {ga, gb};
        }
    }

    // ---------------------------------------------------------------- in place

    static void checkInPlace(Tensor t, String op) {
        if (t.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": in-place operation on a tensor that requires grad"
                    + (t.isLeaf() ? " (a leaf)" : "") + " while grad mode is on; wrap it in GradMode.noGrad()"
                    + " or use the out-of-place form");
        }
        int[] shape = t.shapeRef();
        int[] strides = t.stridesRef();
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] == 0 && shape[d] > 1) {
                throw new IllegalArgumentException(op + ": the tensor of shape " + Shape.str(shape) + " is an expanded view"
                        + " (dimension " + d + " has stride 0), so several of its elements share one memory location;"
                        + " clone() it before writing in place");
            }
        }
    }

    /** The source must broadcast to the destination's own shape: an in-place result cannot grow. */
    static void checkInPlaceShape(String op, Tensor t, Tensor src) {
        int[] shape = Shape.broadcast(op, t.shapeRef(), src.shapeRef());
        if (!java.util.Arrays.equals(shape, t.shapeRef())) {
            throw new IllegalArgumentException(op + ": a source of shape " + Shape.str(src.shapeRef())
                    + " does not fit in place into shape " + Shape.str(t.shapeRef()) + " (the broadcast shape is "
                    + Shape.str(shape) + ")");
        }
    }

    /** this += alpha·src. */
    public static Tensor addInPlace(Tensor t, Tensor src, double alpha) {
        checkInPlace(t, "add_");
        checkInPlaceShape("add_", t, src);
        Dispatch.addInPlace(t, src, alpha);
        t.storage().bumpVersion();
        return t;
    }

    /** this *= src. */
    public static Tensor mulInPlace(Tensor t, Tensor src) {
        checkInPlace(t, "mul_");
        checkInPlaceShape("mul_", t, src);
        Dispatch.binaryInPlace(BinaryOp.MUL, t, src);
        t.storage().bumpVersion();
        return t;
    }

    /** this *= c. */
    public static Tensor scaleInPlace(Tensor t, double c) {
        checkInPlace(t, "mul_");
        Dispatch.unaryInPlace(UnaryOp.MUL_SCALAR, c, 0, t);
        t.storage().bumpVersion();
        return t;
    }

    /** this = value everywhere. */
    public static Tensor fillInPlace(Tensor t, double value) {
        checkInPlace(t, "fill_");
        Dispatch.copyInto(Tensor.scalar(t.dtype(), value), t);
        t.storage().bumpVersion();
        return t;
    }

    /** this = src. */
    public static Tensor copyInPlace(Tensor t, Tensor src) {
        checkInPlace(t, "copy_");
        checkInPlaceShape("copy_", t, src);
        Dispatch.copyInto(src, t);
        t.storage().bumpVersion();
        return t;
    }

    /** this = clamp(this). */
    public static Tensor clampInPlace(Tensor t, double min, double max) {
        checkInPlace(t, "clamp_");
        Dispatch.unaryInPlace(UnaryOp.CLAMP, min, max, t);
        t.storage().bumpVersion();
        return t;
    }
}
