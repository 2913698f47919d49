package dev.descent.kernel;

/**
 * Fused backward kernels of the activations: {@code out = g * f'(...)} in one pass over contiguous
 * runs, instead of the three or four elementwise passes the chain rule would otherwise take.
 *
 * <p>Each method reads the upstream gradient {@code g} and either the forward input {@code x} or the
 * forward output {@code y}, as its name says, and writes {@code out} (which may alias {@code g}).
 * Float results agree with the scalar reference (computed in double and rounded once) within a few
 * ulps, or within {@code 1e-6 |g|} near the zeros of {@code f'} (see {@code BackwardKernelTest}).
 */
public final class FusedBackward {

    private FusedBackward() {}

    private static void check(int n, int gLength, int gOff, int vLength, int vOff, int oLength, int oOff) {
        Layout.checkRange("g", gLength, gOff, n);
        Layout.checkRange("input", vLength, vOff, n);
        Layout.checkRange("out", oLength, oOff, n);
    }

    private static void run(BackwardOp op, double p, int n, float[] g, int gOff, float[] v, int vOff, float[] out, int outOff) {
        check(n, g.length, gOff, v.length, vOff, out.length, outOff);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            if (EwSimd.vector(op)) {
                VectorBackwardFloat.run(op, p, e - s, g, gOff + s, v, vOff + s, out, outOff + s);
            } else {
                ScalarBackward.run(op, p, e - s, g, gOff + s, v, vOff + s, out, outOff + s);
            }
        });
    }

    private static void run(BackwardOp op, double p, int n, double[] g, int gOff, double[] v, int vOff, double[] out, int outOff) {
        check(n, g.length, gOff, v.length, vOff, out.length, outOff);
        EwParallel.forRange(n, Elementwise.grain(n), (s, e) -> {
            if (EwSimd.vector(op)) {
                VectorBackwardDouble.run(op, p, e - s, g, gOff + s, v, vOff + s, out, outOff + s);
            } else {
                ScalarBackward.run(op, p, e - s, g, gOff + s, v, vOff + s, out, outOff + s);
            }
        });
    }

    /** Backward of relu from the forward input {@code x}: {@code out = x > 0 ? g : 0} (relu's derivative is 0 at 0, as torch). */
    public static void reluBackward(int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.RELU, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of sigmoid from the forward output {@code y = sigmoid(x)}: {@code out = g * y * (1 - y)}. */
    public static void sigmoidBackward(int n, float[] g, int gOff, float[] y, int yOff, float[] out, int outOff) {
        run(BackwardOp.SIGMOID, 0, n, g, gOff, y, yOff, out, outOff);
    }

    /** Backward of tanh from the forward output {@code y = tanh(x)}: {@code out = g * (1 - y^2)}. */
    public static void tanhBackward(int n, float[] g, int gOff, float[] y, int yOff, float[] out, int outOff) {
        run(BackwardOp.TANH, 0, n, g, gOff, y, yOff, out, outOff);
    }

    /** Backward of gelu from the forward input {@code x} of the exact GELU: {@code out = g * (Phi(x) + x * phi(x))}. */
    public static void geluBackward(int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.GELU, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of GELU's tanh approximation from the forward input {@code x}: {@code out = g * geluTanh'(x)}. */
    public static void geluTanhBackward(int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.GELU_TANH, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of silu from the forward input {@code x}: {@code out = g * s * (1 + x * (1 - s))} with {@code s = sigmoid(x)}. */
    public static void siluBackward(int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.SILU, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of elu from the forward input {@code x}: {@code out = x > 0 ? g : g * alpha * e^x}. */
    public static void eluBackward(double alpha, int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.ELU, alpha, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of leakyRelu from the forward input {@code x}: {@code out = x > 0 ? g : g * slope}. */
    public static void leakyReluBackward(double slope, int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.LEAKY_RELU, slope, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of softplus from the forward input {@code x} of torch's softplus (beta 1, threshold 20): {@code out = x > 20 ? g : g * sigmoid(x)}. */
    public static void softplusBackward(int n, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff) {
        run(BackwardOp.SOFTPLUS, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of relu from the forward input {@code x}: {@code out = x > 0 ? g : 0} (relu's derivative is 0 at 0, as torch). */
    public static void reluBackward(int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.RELU, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of sigmoid from the forward output {@code y = sigmoid(x)}: {@code out = g * y * (1 - y)}. */
    public static void sigmoidBackward(int n, double[] g, int gOff, double[] y, int yOff, double[] out, int outOff) {
        run(BackwardOp.SIGMOID, 0, n, g, gOff, y, yOff, out, outOff);
    }

    /** Backward of tanh from the forward output {@code y = tanh(x)}: {@code out = g * (1 - y^2)}. */
    public static void tanhBackward(int n, double[] g, int gOff, double[] y, int yOff, double[] out, int outOff) {
        run(BackwardOp.TANH, 0, n, g, gOff, y, yOff, out, outOff);
    }

    /** Backward of gelu from the forward input {@code x} of the exact GELU: {@code out = g * (Phi(x) + x * phi(x))}. */
    public static void geluBackward(int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.GELU, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of GELU's tanh approximation from the forward input {@code x}: {@code out = g * geluTanh'(x)}. */
    public static void geluTanhBackward(int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.GELU_TANH, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of silu from the forward input {@code x}: {@code out = g * s * (1 + x * (1 - s))} with {@code s = sigmoid(x)}. */
    public static void siluBackward(int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.SILU, 0, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of elu from the forward input {@code x}: {@code out = x > 0 ? g : g * alpha * e^x}. */
    public static void eluBackward(double alpha, int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.ELU, alpha, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of leakyRelu from the forward input {@code x}: {@code out = x > 0 ? g : g * slope}. */
    public static void leakyReluBackward(double slope, int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.LEAKY_RELU, slope, n, g, gOff, x, xOff, out, outOff);
    }

    /** Backward of softplus from the forward input {@code x} of torch's softplus (beta 1, threshold 20): {@code out = x > 20 ? g : g * sigmoid(x)}. */
    public static void softplusBackward(int n, double[] g, int gOff, double[] x, int xOff, double[] out, int outOff) {
        run(BackwardOp.SOFTPLUS, 0, n, g, gOff, x, xOff, out, outOff);
    }

}
