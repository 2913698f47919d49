package dev.descent.kernel;

/**
 * Elementwise kernels on raw float and double arrays: binary ops with broadcasting and strided
 * views, in-place accumulation, unary ops, comparisons, {@code where} and a fused multiply-add.
 *
 * <p>Layout: results are written contiguously (row-major from the output offset) unless a method
 * says otherwise; inputs are strided views given by an offset and one stride per dimension, where a
 * stride of 0 broadcasts. Dimensions are first collapsed (see {@link Layout}), then the work is cut
 * into inner-run segments with fast paths:
 * <ul>
 *   <li>all operands contiguous: the Vector API kernels over the whole range;</li>
 *   <li>one operand a broadcast scalar in the inner run: vector kernels with a broadcast lane;</li>
 *   <li>inner dimension contiguous in every operand (bias add, row ops): vector kernels per row;</li>
 *   <li>anything else: the scalar strided loop.</li>
 * </ul>
 * Work above {@value #PARALLEL_THRESHOLD} elements is split into chunks of {@value #GRAIN} elements
 * and run on the kernel threads; each element's result depends only on its inputs, never on the
 * number of threads (transcendentals can still change by an ulp when the JIT compiles a kernel: see
 * {@link UnaryOp}). When the Vector API module is absent the scalar kernels run everywhere.
 *
 * <p>Views are bounds-checked up front, so a bad offset fails before anything is written. Inputs
 * may alias the output only element for element (the same offset and strides, as in {@code x.add_(y)}).
 */
public final class Elementwise {

    /** Below this many elements a call runs on the calling thread. */
    public static final int PARALLEL_THRESHOLD = 1 << 16;
    /** Elements per parallel chunk. */
    public static final int GRAIN = 1 << 15;

    private Elementwise() {}

    static int grain(int n) {
        return n < PARALLEL_THRESHOLD ? Math.max(n, 1) : GRAIN;
    }

    private static int checkStrided(int[] shape, int aLength, int aOff, int[] aStrides, int bLength, int bOff, int[] bStrides,
                                    int outLength, int outOff) {
        Layout.checkRank("a", shape, aStrides);
        Layout.checkRank("b", shape, bStrides);
        int n = Layout.size(shape);
        if (n > 0) {
            Layout.checkBounds("a", aLength, aOff, shape, aStrides);
            Layout.checkBounds("b", bLength, bOff, shape, bStrides);
            Layout.checkRange("out", outLength, outOff, n);
        }
        return n;
    }

    // ---------------------------------------------------------------- float

    /**
     * {@code out[outOff + i] = a[aOff + i] op b[bOff + i]} for {@code i < n}: the contiguous case.
     * {@code out} may be {@code a} or {@code b} at the same offset (in place).
     */
    public static void binary(BinaryOp op, int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        if (n < PARALLEL_THRESHOLD) { // on this thread: no lambda to allocate
            binaryRun(op, n, a, aOff, b, bOff, out, outOff);
            return;
        }
        EwParallel.forRange(n, grain(n), (s, e) -> binaryRun(op, e - s, a, aOff + s, b, bOff + s, out, outOff + s));
    }

    private static void binaryRun(BinaryOp op, int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        if (EwSimd.vector(op)) {
            VectorBinaryFloat.run(op, n, a, aOff, b, bOff, out, outOff);
        } else {
            ScalarBinaryFloat.run(op, n, a, aOff, 1, b, bOff, 1, out, outOff, 1);
        }
    }

    /**
     * {@code out = a op b} over {@code shape}, with {@code out} contiguous (row-major from
     * {@code outOff}) and {@code a}, {@code b} arbitrary strided views: a stride of 0 broadcasts.
     *
     * @param shape the shape of the result; the views of {@code a} and {@code b} are given in it
     *     (broadcast dimensions have stride 0)
     */
    public static void binary(BinaryOp op, int[] shape, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides,
                              float[] out, int outOff) {
        int n = checkStrided(shape, a.length, aOff, aStrides, b.length, bOff, bStrides, out.length, outOff);
        if (n == 0) {
            return;
        }
        int fa = Layout.flatStride(shape, aStrides);
        int fb = Layout.flatStride(shape, bStrides);
        if (n < PARALLEL_THRESHOLD && fa != Layout.NOT_FLAT && fb != Layout.NOT_FLAT) {
            // one run in each operand (same-shape views, a broadcast scalar): what the collapse below
            // would find, without its arrays and lambdas (the cost of tiny ops)
            binarySegment(op, n, a, aOff, fa, b, bOff, fb, out, outOff, 1);
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), aStrides, bStrides);
        int sa = c.innerStride(1);
        int sb = c.innerStride(2);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, aOff, bOff, s, e,
                (len, oo, ao, bo) -> binarySegment(op, len, a, ao, sa, b, bo, sb, out, oo, 1)));
    }

    /**
     * {@code out = out op b} in place over {@code shape}: {@code out} is a strided view (no stride 0
     * on a dimension larger than 1), {@code b} a strided view that may broadcast. Used for
     * {@code add_}, {@code mul_} and gradient accumulation.
     */
    public static void binaryInPlace(BinaryOp op, int[] shape, float[] out, int outOff, int[] outStrides, float[] b, int bOff, int[] bStrides) {
        Layout.checkRank("out", shape, outStrides);
        Layout.checkRank("b", shape, bStrides);
        int n = Layout.size(shape);
        if (n == 0) {
            return;
        }
        Layout.checkBounds("out", out.length, outOff, shape, outStrides);
        Layout.checkBounds("b", b.length, bOff, shape, bStrides);
        Layout.checkWritable("out", shape, outStrides);
        Layout.Collapsed c = Layout.collapse(shape, outStrides, bStrides, new int[shape.length]);
        int so = c.innerStride(0);
        int sb = c.innerStride(1);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, bOff, 0, s, e,
                (len, oo, bo, unused) -> binarySegment(op, len, out, oo, so, b, bo, sb, out, oo, so)));
    }

    private static void binarySegment(BinaryOp op, int len, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] o, int oo, int so) {
        if (EwSimd.vector(op) && so == 1) {
            if (sa == 1 && sb == 1) {
                VectorBinaryFloat.run(op, len, a, ao, b, bo, o, oo);
                return;
            } else if (sa == 1 && sb == 0) {
                VectorBinaryFloat.runScalarRight(op, len, a, ao, b[bo], o, oo);
                return;
            } else if (sa == 0 && sb == 1) {
                VectorBinaryFloat.runScalarLeft(op, len, a[ao], b, bo, o, oo);
                return;
            }
        }
        ScalarBinaryFloat.run(op, len, a, ao, sa, b, bo, sb, o, oo, so);
    }

    /**
     * {@code out = (a op b) ? 1 : 0} over {@code shape}, {@code out} contiguous, {@code a} and
     * {@code b} strided views that may broadcast.
     */
    public static void compare(CompareOp op, int[] shape, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides,
                               float[] out, int outOff) {
        int n = checkStrided(shape, a.length, aOff, aStrides, b.length, bOff, bStrides, out.length, outOff);
        if (n == 0) {
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), aStrides, bStrides);
        int sa = c.innerStride(1);
        int sb = c.innerStride(2);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, aOff, bOff, s, e, (len, oo, ao, bo) -> {
            if (EwSimd.ENABLED && sa == 1 && sb == 1) {
                VectorCompareFloat.run(op, len, a, ao, b, bo, out, oo);
            } else if (EwSimd.ENABLED && sa == 1 && sb == 0) {
                VectorCompareFloat.runScalarRight(op, len, a, ao, b[bo], out, oo);
            } else {
                ScalarBinaryFloat.compare(op, len, a, ao, sa, b, bo, sb, out, oo, 1);
            }
        }));
    }

    /** {@code out[i] = fma(a[i], b[i], c[i])} (one rounding, {@link Math#fma}), contiguous. */
    public static void fma(int n, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] out, int outOff) {
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("c", c.length, cOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBinaryFloat.fma(e - s, a, aOff + s, b, bOff + s, c, cOff + s, out, outOff + s);
            } else {
                ScalarBinaryFloat.fma(e - s, a, aOff + s, b, bOff + s, c, cOff + s, out, outOff + s);
            }
        });
    }

    /** {@code out[i] = op(a[i]; p1, p2)} for {@code i < n}, contiguous; {@code out} may be {@code a} (in place). */
    public static void unary(UnaryOp op, double p1, double p2, int n, float[] a, int aOff, float[] out, int outOff) {
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> unarySegment(op, p1, p2, e - s, a, aOff + s, 1, out, outOff + s));
    }

    /** {@code out = op(a; p1, p2)} over {@code shape}, {@code a} a strided view, {@code out} contiguous. */
    public static void unaryStrided(UnaryOp op, double p1, double p2, int[] shape, float[] a, int aOff, int[] aStrides, float[] out, int outOff) {
        Layout.checkRank("a", shape, aStrides);
        int n = Layout.size(shape);
        if (n == 0) {
            return;
        }
        Layout.checkBounds("a", a.length, aOff, shape, aStrides);
        Layout.checkRange("out", out.length, outOff, n);
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), aStrides, new int[shape.length]);
        int sa = c.innerStride(1);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, aOff, 0, s, e,
                (len, oo, ao, unused) -> unarySegment(op, p1, p2, len, a, ao, sa, out, oo)));
    }

    private static void unarySegment(UnaryOp op, double p1, double p2, int len, float[] a, int ao, int sa, float[] o, int oo) {
        if (sa == 0) {
            java.util.Arrays.fill(o, oo, oo + len, ScalarUnary.apply(op, p1, p2, a[ao]));
        } else if (EwSimd.vector(op) && sa == 1) {
            VectorUnaryFloat.run(op, p1, p2, len, a, ao, o, oo);
        } else {
            ScalarUnary.run(op, p1, p2, len, a, ao, sa, o, oo, 1);
        }
    }

    /** {@code out[i] = cond[i] ? a[i] : b[i]} for {@code i < n}, contiguous. */
    public static void where(int n, boolean[] cond, int condOff, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Layout.checkRange("cond", cond.length, condOff, n);
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBinaryFloat.where(e - s, cond, condOff + s, a, aOff + s, b, bOff + s, out, outOff + s);
            } else {
                for (int i = s; i < e; i++) {
                    out[outOff + i] = cond[condOff + i] ? a[aOff + i] : b[bOff + i];
                }
            }
        });
    }

    /** {@code out[i] = cond[i] != 0 ? a[i] : b[i]} for {@code i < n}, contiguous. */
    public static void where(int n, byte[] cond, int condOff, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Layout.checkRange("cond", cond.length, condOff, n);
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> {
            for (int i = s; i < e; i++) {
                out[outOff + i] = cond[condOff + i] != 0 ? a[aOff + i] : b[bOff + i];
            }
        });
    }

    // ---------------------------------------------------------------- double

    /**
     * {@code out[outOff + i] = a[aOff + i] op b[bOff + i]} for {@code i < n}: the contiguous case.
     * {@code out} may be {@code a} or {@code b} at the same offset (in place).
     */
    public static void binary(BinaryOp op, int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        if (n < PARALLEL_THRESHOLD) { // on this thread: no lambda to allocate
            binaryRun(op, n, a, aOff, b, bOff, out, outOff);
            return;
        }
        EwParallel.forRange(n, grain(n), (s, e) -> binaryRun(op, e - s, a, aOff + s, b, bOff + s, out, outOff + s));
    }

    private static void binaryRun(BinaryOp op, int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (EwSimd.vector(op)) {
            VectorBinaryDouble.run(op, n, a, aOff, b, bOff, out, outOff);
        } else {
            ScalarBinaryDouble.run(op, n, a, aOff, 1, b, bOff, 1, out, outOff, 1);
        }
    }

    /**
     * {@code out = a op b} over {@code shape}, with {@code out} contiguous (row-major from
     * {@code outOff}) and {@code a}, {@code b} arbitrary strided views: a stride of 0 broadcasts.
     *
     * @param shape the shape of the result; the views of {@code a} and {@code b} are given in it
     *     (broadcast dimensions have stride 0)
     */
    public static void binary(BinaryOp op, int[] shape, double[] a, int aOff, int[] aStrides, double[] b, int bOff, int[] bStrides,
                              double[] out, int outOff) {
        int n = checkStrided(shape, a.length, aOff, aStrides, b.length, bOff, bStrides, out.length, outOff);
        if (n == 0) {
            return;
        }
        int fa = Layout.flatStride(shape, aStrides);
        int fb = Layout.flatStride(shape, bStrides);
        if (n < PARALLEL_THRESHOLD && fa != Layout.NOT_FLAT && fb != Layout.NOT_FLAT) {
            binarySegment(op, n, a, aOff, fa, b, bOff, fb, out, outOff, 1); // one run each, as above
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), aStrides, bStrides);
        int sa = c.innerStride(1);
        int sb = c.innerStride(2);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, aOff, bOff, s, e,
                (len, oo, ao, bo) -> binarySegment(op, len, a, ao, sa, b, bo, sb, out, oo, 1)));
    }

    /**
     * {@code out = out op b} in place over {@code shape}: {@code out} is a strided view (no stride 0
     * on a dimension larger than 1), {@code b} a strided view that may broadcast. Used for
     * {@code add_}, {@code mul_} and gradient accumulation.
     */
    public static void binaryInPlace(BinaryOp op, int[] shape, double[] out, int outOff, int[] outStrides, double[] b, int bOff, int[] bStrides) {
        Layout.checkRank("out", shape, outStrides);
        Layout.checkRank("b", shape, bStrides);
        int n = Layout.size(shape);
        if (n == 0) {
            return;
        }
        Layout.checkBounds("out", out.length, outOff, shape, outStrides);
        Layout.checkBounds("b", b.length, bOff, shape, bStrides);
        Layout.checkWritable("out", shape, outStrides);
        Layout.Collapsed c = Layout.collapse(shape, outStrides, bStrides, new int[shape.length]);
        int so = c.innerStride(0);
        int sb = c.innerStride(1);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, bOff, 0, s, e,
                (len, oo, bo, unused) -> binarySegment(op, len, out, oo, so, b, bo, sb, out, oo, so)));
    }

    private static void binarySegment(BinaryOp op, int len, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] o, int oo, int so) {
        if (EwSimd.vector(op) && so == 1) {
            if (sa == 1 && sb == 1) {
                VectorBinaryDouble.run(op, len, a, ao, b, bo, o, oo);
                return;
            } else if (sa == 1 && sb == 0) {
                VectorBinaryDouble.runScalarRight(op, len, a, ao, b[bo], o, oo);
                return;
            } else if (sa == 0 && sb == 1) {
                VectorBinaryDouble.runScalarLeft(op, len, a[ao], b, bo, o, oo);
                return;
            }
        }
        ScalarBinaryDouble.run(op, len, a, ao, sa, b, bo, sb, o, oo, so);
    }

    /**
     * {@code out = (a op b) ? 1 : 0} over {@code shape}, {@code out} contiguous, {@code a} and
     * {@code b} strided views that may broadcast.
     */
    public static void compare(CompareOp op, int[] shape, double[] a, int aOff, int[] aStrides, double[] b, int bOff, int[] bStrides,
                               double[] out, int outOff) {
        int n = checkStrided(shape, a.length, aOff, aStrides, b.length, bOff, bStrides, out.length, outOff);
        if (n == 0) {
            return;
        }
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), aStrides, bStrides);
        int sa = c.innerStride(1);
        int sb = c.innerStride(2);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, aOff, bOff, s, e, (len, oo, ao, bo) -> {
            if (EwSimd.ENABLED && sa == 1 && sb == 1) {
                VectorCompareDouble.run(op, len, a, ao, b, bo, out, oo);
            } else if (EwSimd.ENABLED && sa == 1 && sb == 0) {
                VectorCompareDouble.runScalarRight(op, len, a, ao, b[bo], out, oo);
            } else {
                ScalarBinaryDouble.compare(op, len, a, ao, sa, b, bo, sb, out, oo, 1);
            }
        }));
    }

    /** {@code out[i] = fma(a[i], b[i], c[i])} (one rounding, {@link Math#fma}), contiguous. */
    public static void fma(int n, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[] out, int outOff) {
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("c", c.length, cOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBinaryDouble.fma(e - s, a, aOff + s, b, bOff + s, c, cOff + s, out, outOff + s);
            } else {
                ScalarBinaryDouble.fma(e - s, a, aOff + s, b, bOff + s, c, cOff + s, out, outOff + s);
            }
        });
    }

    /** {@code out[i] = op(a[i]; p1, p2)} for {@code i < n}, contiguous; {@code out} may be {@code a} (in place). */
    public static void unary(UnaryOp op, double p1, double p2, int n, double[] a, int aOff, double[] out, int outOff) {
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> unarySegment(op, p1, p2, e - s, a, aOff + s, 1, out, outOff + s));
    }

    /** {@code out = op(a; p1, p2)} over {@code shape}, {@code a} a strided view, {@code out} contiguous. */
    public static void unaryStrided(UnaryOp op, double p1, double p2, int[] shape, double[] a, int aOff, int[] aStrides, double[] out, int outOff) {
        Layout.checkRank("a", shape, aStrides);
        int n = Layout.size(shape);
        if (n == 0) {
            return;
        }
        Layout.checkBounds("a", a.length, aOff, shape, aStrides);
        Layout.checkRange("out", out.length, outOff, n);
        Layout.Collapsed c = Layout.collapse(shape, Layout.rowMajorStrides(shape), aStrides, new int[shape.length]);
        int sa = c.innerStride(1);
        EwParallel.forRange(n, grain(n), (s, e) -> StridedLoop.segments(c, outOff, aOff, 0, s, e,
                (len, oo, ao, unused) -> unarySegment(op, p1, p2, len, a, ao, sa, out, oo)));
    }

    private static void unarySegment(UnaryOp op, double p1, double p2, int len, double[] a, int ao, int sa, double[] o, int oo) {
        if (sa == 0) {
            java.util.Arrays.fill(o, oo, oo + len, ScalarUnary.apply(op, p1, p2, a[ao]));
        } else if (EwSimd.vector(op) && sa == 1) {
            VectorUnaryDouble.run(op, p1, p2, len, a, ao, o, oo);
        } else {
            ScalarUnary.run(op, p1, p2, len, a, ao, sa, o, oo, 1);
        }
    }

    /** {@code out[i] = cond[i] ? a[i] : b[i]} for {@code i < n}, contiguous. */
    public static void where(int n, boolean[] cond, int condOff, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        Layout.checkRange("cond", cond.length, condOff, n);
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> {
            if (EwSimd.ENABLED) {
                VectorBinaryDouble.where(e - s, cond, condOff + s, a, aOff + s, b, bOff + s, out, outOff + s);
            } else {
                for (int i = s; i < e; i++) {
                    out[outOff + i] = cond[condOff + i] ? a[aOff + i] : b[bOff + i];
                }
            }
        });
    }

    /** {@code out[i] = cond[i] != 0 ? a[i] : b[i]} for {@code i < n}, contiguous. */
    public static void where(int n, byte[] cond, int condOff, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        Layout.checkRange("cond", cond.length, condOff, n);
        Layout.checkRange("a", a.length, aOff, n);
        Layout.checkRange("b", b.length, bOff, n);
        Layout.checkRange("out", out.length, outOff, n);
        EwParallel.forRange(n, grain(n), (s, e) -> {
            for (int i = s; i < e; i++) {
                out[outOff + i] = cond[condOff + i] != 0 ? a[aOff + i] : b[bOff + i];
            }
        });
    }
}
