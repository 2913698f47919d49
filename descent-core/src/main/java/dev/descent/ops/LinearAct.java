package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.autograd.Saved;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;

/**
 * {@code y = act(x·Wᵀ + b)} as one autograd node: the bias is the GEMM's initial value and the
 * activation runs in place over the GEMM's output, so a linear layer and its activation make one
 * output tensor and one node instead of two of each (see {@link FusedActivation}).
 *
 * <p>Backward: {@code gp = g·act'(·)} in one vectorized pass (from the saved output, or the saved
 * pre-activation where the derivative needs it), then {@code dx = gp·W}, {@code dW = gpᵀ·x},
 * {@code db = Σ gp} over the leading dims. Under {@code createGraph} the same formula is built from
 * differentiable ops, with the pre-activation recomputed as a recorded {@code linear}, so second
 * derivatives flow through {@code act'} into x, W and b.
 */
final class LinearAct {
    private LinearAct() {}

    static Tensor apply(Tensor x, Tensor w, Tensor b, FusedActivation act) {
        check(x, w, b);
        int out = w.size(0);
        int in = w.size(1);
        DType dt = NnUtil.promote(x, w, b);
        x = x.to(dt);
        w = w.to(dt);
        b = NnUtil.to(b, dt);
        int rows = NnUtil.prod(x.shapeRef(), 0, x.dim() - 1);
        Tensor y = gemm(x.detach().reshape(rows, in), w, b, rows, out, in);
        boolean record = NnUtil.recording(x, w, b);
        Tensor pre = null;
        if (!act.isNone()) {
            if (record && !act.backwardFromOutput()) {
                pre = y; // kept for the backward, the activation goes to a new tensor
                y = Dispatch.unary(act.op(), act.param(), 0, pre);
            } else {
                Dispatch.unaryInPlace(act.op(), act.param(), 0, y);
            }
        }
        Tensor result = y.reshape(NnUtil.replaceTail(x.shapeRef(), 1, out));
        return record ? result.withGradFn(new LinearBackward(x, w, b, act, pre, y)) : result;
    }

    private static void check(Tensor x, Tensor w, Tensor b) {
        if (w.dim() != 2) {
            throw new IllegalArgumentException("linear: expected weight [out_features, in_features], got "
                    + Shape.str(w.shapeRef()));
        }
        int out = w.size(0);
        int in = w.size(1);
        if (x.dim() < 1 || x.size(-1) != in) {
            throw new IllegalArgumentException("linear: input " + Shape.str(x.shapeRef()) + " has "
                    + (x.dim() < 1 ? "no feature dimension" : x.size(-1) + " features") + " but weight "
                    + Shape.str(w.shapeRef()) + " expects " + in + " (weight is [out_features, in_features])");
        }
        if (b != null && (b.dim() != 1 || b.size(0) != out)) {
            throw new IllegalArgumentException("linear: expected bias [" + out + "] for weight " + Shape.str(w.shapeRef())
                    + ", got " + Shape.str(b.shapeRef()));
        }
    }

    /** {@code x2·Wᵀ + b} into a new {@code [rows, out]} tensor: the GEMM accumulates onto the bias rows. */
    private static Tensor gemm(Tensor x2, Tensor w, Tensor b, int rows, int out, int in) {
        DType dt = x2.dtype();
        Tensor y = Tensor.empty(dt, rows, out);
        Storage ys = y.storage();
        if (b != null) {
            Tensor bc = Dispatch.contiguous(b.detach());
            Object src = dt == DType.FLOAT32 ? bc.storage().floats() : bc.storage().doubles();
            Object dst = dt == DType.FLOAT32 ? ys.floats() : ys.doubles();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, bc.offset(), dst, r * out, out);
            }
        }
        int[] xs = x2.stridesRef();
        int[] ws = w.stridesRef();
        MatMul.batched(1, rows, out, in, x2.storage(), x2.offset(), 0, xs[0], xs[1],
                w.storage(), w.offset(), 0, ws[1], ws[0], ys, 0, 0, out, b != null);
        return y;
    }

    /**
     * dx = gp·W, dW = gpᵀ·x, db = Σ gp, with gp = g·act'(·); the name is torch's for the plain layer
     * (with an activation, torch would show the activation's node on top of it).
     */
    static final class LinearBackward extends Node {
        private final FusedActivation act;
        private final Saved x;
        private final Saved w;
        private final Saved b;
        /** The activation's output [rows, out] or its input, whichever its derivative reads; null for none. */
        private final Saved actSaved;
        private final int[] xShape;
        private final int in;
        private final int out;

        LinearBackward(Tensor x, Tensor w, Tensor b, FusedActivation act, Tensor pre, Tensor y) {
            super(x, w, b);
            this.act = act;
            // with an activation, a double backward recomputes the pre-activation from all three
            boolean all = !act.isNone();
            this.x = all || needsGrad(1) ? save(x) : null;
            this.w = all || needsGrad(0) ? save(w) : null;
            this.b = all && b != null ? save(b) : null;
            this.actSaved = act.isNone() ? null : save(pre != null ? pre : y);
            this.xShape = x.shapeRef();
            this.in = w.size(1);
            this.out = w.size(0);
        }

        @Override
        public String name() {
            if (act.isNone()) {
                return "LinearBackward";
            }
            StringBuilder sb = new StringBuilder("Linear");
            for (String part : act.op().name().split("_")) { // LEAKY_RELU -> LeakyRelu
                sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            return sb.append("Backward").toString();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int rows = NnUtil.prod(xShape, 0, xShape.length - 1);
            Tensor g2 = g.reshape(rows, out);
            Tensor gp = act.isNone() ? g2 : GradMode.isEnabled() ? differentiableLocal(g2, rows) : fusedLocal(g2);
            Tensor gx = needsGrad(0) ? gp.matmul(w.get()).reshape(xShape) : null;
            Tensor gw = needsGrad(1) ? gp.t().matmul(x.get().reshape(rows, in)) : null;
            Tensor gb = needsGrad(2) ? gp.sum(0, false) : null;
            return new Tensor[] {gx, gw, gb};
        }

        /** g·act'(·) in one pass: relu and leaky relu read the sign of y, which is the sign of x. */
        private Tensor fusedLocal(Tensor g2) {
            Tensor v = actSaved.get();
            UnaryOp op = act.op();
            boolean readsY = op == UnaryOp.TANH || op == UnaryOp.SIGMOID; // the others read x (or y for its sign)
            return Fused.unaryBackward(op, act.param(), 0, g2, readsY ? null : v, readsY ? v : null);
        }

        /** g·act'(pre) from recorded ops, pre = x·Wᵀ + b recomputed so that act' is differentiable. */
        private Tensor differentiableLocal(Tensor g2, int rows) {
            Tensor pre = NnFunctional.linear(x.get(), w.get(), b == null ? null : b.get()).reshape(rows, out);
            UnaryOp op = act.op();
            Tensor y = Unary.derivativeUsesOutput(op) ? Unary.op(op, act.param(), 0, pre) : null;
            return g2.mul(Unary.derivative(op, act.param(), 0, pre, y));
        }
    }
}
