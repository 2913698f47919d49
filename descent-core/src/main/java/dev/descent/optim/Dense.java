package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/** Small helpers shared by the algorithms: state allocation and array access. */
final class Dense {
    private Dense() {}

    /** A zero tensor with the parameter's dtype and shape. */
    static Tensor zeros(Tensor param) {
        return Tensor.zeros(param.dtype(), param.shape());
    }

    /** A tensor with the parameter's dtype and shape filled with {@code v}. */
    static Tensor full(Tensor param, double v) {
        return Tensor.full(param.dtype(), v, param.shape());
    }

    static boolean isFloat(Tensor t) {
        return t.dtype() == DType.FLOAT32;
    }

    static float[] f(Tensor t) {
        return t == null ? null : t.storage().floats();
    }

    static double[] d(Tensor t) {
        return t == null ? null : t.storage().doubles();
    }

    /** Marks in-place modifications for autograd's version check. */
    static void touched(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null) {
                t.storage().bumpVersion();
            }
        }
    }
}
