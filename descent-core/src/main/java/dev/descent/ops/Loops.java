package dev.descent.ops;

import dev.descent.kernel.BinaryOp;
import dev.descent.kernel.UnaryOp;
import dev.descent.tensor.Storage;

/**
 * Scalar reference loops over strided operands (an odometer over the shape). Outputs named
 * {@code out} are contiguous. These are the slow twins of the kernels in {@code dev.descent.kernel}.
 */
final class Loops {
    private Loops() {}

    static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            case MIN -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
            case POW -> Math.pow(x, y);
        };
    }

    static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.max(x, y);
            case MIN -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.min(x, y);
            case POW -> (float) Math.pow(x, y);
        };
    }

    static double apply(UnaryOp op, double p1, double p2, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU -> x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
            case LEAKY_RELU -> x > 0 ? x : x * p1;
            case ELU -> x > 0 ? x : p1 * Math.expm1(x);
            case GELU -> 0.5 * x * (1.0 + Erf.erf(x / Math.sqrt(2.0)));
            case SOFTPLUS -> x > 20 ? x : Math.log1p(Math.exp(x));
            case SILU -> x / (1.0 + Math.exp(-x));
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1.0 / x;
            case POW_SCALAR -> Math.pow(x, p1);
            case SCALAR_POW -> Math.pow(p1, x);
            case CLAMP -> {
                double v = x;
                if (!Double.isNaN(p1) && v < p1) {
                    v = p1;
                }
                if (!Double.isNaN(p2) && v > p2) {
                    v = p2;
                }
                yield v;
            }
            case ADD_SCALAR -> x + p1;
            case MUL_SCALAR -> x * p1;
            case STEP -> x > 0 ? 1.0 : 0.0;
            default -> throw new UnsupportedOperationException("no scalar reference for " + op + " in ops.Loops");
        };
    }

    static boolean apply(Dispatch.CompareOp op, double x, double y) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
        };
    }

    /** Reads element {@code pos} of a storage as double. */
    static double read(Storage s, int pos) {
        float[] f = s.floats();
        return f != null ? f[pos] : s.doubles()[pos];
    }

    static void write(Storage s, int pos, double v) {
        float[] f = s.floats();
        if (f != null) {
            f[pos] = (float) v;
        } else {
            s.doubles()[pos] = v;
        }
    }

    static void binary(BinaryOp op, int[] shape, Storage a, int aOff, int[] as, Storage b, int bOff, int[] bs, Storage out) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int pa = aOff;
        int pb = bOff;
        float[] af = a.floats();
        float[] bf = b.floats();
        float[] of = out.floats();
        for (int i = 0; i < n; i++) {
            if (of != null) {
                of[i] = apply(op, af[pa], bf[pb]);
            } else {
                out.doubles()[i] = apply(op, a.doubles()[pa], b.doubles()[pb]);
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    pa += as[d];
                    pb += bs[d];
                    break;
                }
                idx[d] = 0;
                pa -= as[d] * (shape[d] - 1);
                pb -= bs[d] * (shape[d] - 1);
            }
        }
    }

    static void compare(Dispatch.CompareOp op, int[] shape, Storage a, int aOff, int[] as, Storage b, int bOff, int[] bs,
                        Storage out) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int pa = aOff;
        int pb = bOff;
        for (int i = 0; i < n; i++) {
            write(out, i, apply(op, read(a, pa), read(b, pb)) ? 1.0 : 0.0);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    pa += as[d];
                    pb += bs[d];
                    break;
                }
                idx[d] = 0;
                pa -= as[d] * (shape[d] - 1);
                pb -= bs[d] * (shape[d] - 1);
            }
        }
    }

    static void unary(UnaryOp op, double p1, double p2, int[] shape, Storage a, int aOff, int[] as, Storage out) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int pa = aOff;
        float[] af = a.floats();
        float[] of = out.floats();
        for (int i = 0; i < n; i++) {
            if (of != null) {
                of[i] = (float) apply(op, p1, p2, af[pa]);
            } else {
                out.doubles()[i] = apply(op, p1, p2, a.doubles()[pa]);
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    pa += as[d];
                    break;
                }
                idx[d] = 0;
                pa -= as[d] * (shape[d] - 1);
            }
        }
    }

    static void unaryInPlace(UnaryOp op, double p1, double p2, int[] shape, Storage a, int aOff, int[] as) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int pa = aOff;
        for (int i = 0; i < n; i++) {
            write(a, pa, apply(op, p1, p2, read(a, pa)));
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    pa += as[d];
                    break;
                }
                idx[d] = 0;
                pa -= as[d] * (shape[d] - 1);
            }
        }
    }

    static void copy(int[] shape, Storage src, int sOff, int[] ss, Storage dst, int dOff, int[] ds) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int ps = sOff;
        int pd = dOff;
        for (int i = 0; i < n; i++) {
            write(dst, pd, read(src, ps));
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    ps += ss[d];
                    pd += ds[d];
                    break;
                }
                idx[d] = 0;
                ps -= ss[d] * (shape[d] - 1);
                pd -= ds[d] * (shape[d] - 1);
            }
        }
    }

    static void axpy(int[] shape, double alpha, Storage src, int sOff, int[] ss, Storage dst, int dOff, int[] ds) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int ps = sOff;
        int pd = dOff;
        for (int i = 0; i < n; i++) {
            write(dst, pd, read(dst, pd) + alpha * read(src, ps));
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    ps += ss[d];
                    pd += ds[d];
                    break;
                }
                idx[d] = 0;
                ps -= ss[d] * (shape[d] - 1);
                pd -= ds[d] * (shape[d] - 1);
            }
        }
    }

    static void binaryInPlace(BinaryOp op, int[] shape, Storage dst, int dOff, int[] ds, Storage src, int sOff, int[] ss) {
        int n = numel(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int ps = sOff;
        int pd = dOff;
        for (int i = 0; i < n; i++) {
            write(dst, pd, apply(op, read(dst, pd), read(src, ps)));
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    ps += ss[d];
                    pd += ds[d];
                    break;
                }
                idx[d] = 0;
                ps -= ss[d] * (shape[d] - 1);
                pd -= ds[d] * (shape[d] - 1);
            }
        }
    }

    /** Sums {@code a} into the contiguous keep-dims {@code out} (out has size 1 where reduce[d]). */
    static void sumInto(int[] shape, Storage a, int aOff, int[] as, boolean[] reduce, Storage out) {
        int rank = shape.length;
        int[] os = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            os[d] = reduce[d] ? 0 : s;
            s *= reduce[d] ? 1 : shape[d];
        }
        int n = numel(shape);
        int[] idx = new int[rank];
        int pa = aOff;
        int po = 0;
        double[] acc = new double[s];
        for (int i = 0; i < n; i++) {
            acc[po] += read(a, pa);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    pa += as[d];
                    po += os[d];
                    break;
                }
                idx[d] = 0;
                pa -= as[d] * (shape[d] - 1);
                po -= os[d] * (shape[d] - 1);
            }
        }
        for (int i = 0; i < s; i++) {
            write(out, i, acc[i]);
        }
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
