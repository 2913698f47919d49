package dev.descent.kernel;

/**
 * Scalar kernels for {@link BinaryOp}, {@link CompareOp} and the fused multiply-add on strided
 * double runs: the portable fallback, the kernel for runs the Vector API cannot load (non-unit
 * strides), and the reference the vector kernels are tested against.
 *
 * <p>A run is {@code n} elements at {@code a[ao + i*as]}, {@code b[bo + i*bs]}, written to
 * {@code o[oo + i*os]}; a stride of 0 broadcasts one element. The op switch sits outside the loops so
 * each loop is a tight one the JIT can unroll.
 */
final class ScalarBinaryDouble {

    private ScalarBinaryDouble() {}

    /** The op on one pair of elements: the definition every kernel must reproduce. */
    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> Math.pow(a, b);
        };
    }

    /** {@code o[oo + i*os] = a[ao + i*as] op b[bo + i*bs]} for {@code i < n}. */
    static void run(BinaryOp op, int n, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int os) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] / b[bo + i * bs];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.max(a[ao + i * as], b[bo + i * bs]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.min(a[ao + i * as], b[bo + i * bs]);
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.pow(a[ao + i * as], b[bo + i * bs]);
                }
            }
        }
    }

    /** {@code o[oo + i*os] = a[ao + i*as] op b[bo + i*bs] ? 1 : 0} for {@code i < n}. */
    static void compare(CompareOp op, int n, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int os) {
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = op.test(a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    /** {@code o[oo + i] = fma(a[ao + i], b[bo + i], c[co + i])} for {@code i < n}. */
    static void fma(int n, double[] a, int ao, double[] b, int bo, double[] c, int co, double[] o, int oo) {
        for (int i = 0; i < n; i++) {
            o[oo + i] = Math.fma(a[ao + i], b[bo + i], c[co + i]);
        }
    }
}
