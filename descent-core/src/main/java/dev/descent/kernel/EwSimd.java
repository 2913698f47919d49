package dev.descent.kernel;

/**
 * Decides once whether the elementwise kernels may use the Vector API.
 *
 * <p>Stand-in for the shared {@code Simd} class: every elementwise, reduction and BLAS-1 facade asks
 * {@link #ENABLED} and loads a {@code Vector*} class only when it is true, so the library runs (on the
 * scalar kernels) on a JVM started without {@code --add-modules jdk.incubator.vector}. The system
 * property {@code descent.simd=false} forces the scalar kernels, for debugging and for comparing.
 */
final class EwSimd {

    /** True when {@code jdk.incubator.vector} is in the boot layer and not disabled by {@code descent.simd=false}. */
    static final boolean ENABLED = detect();

    /**
     * Whether kernels may use the Vector API's transcendental functions (exp, log, tanh, pow...). Off by
     * default: before C2 compiles a kernel the Vector API evaluates them lane by lane with
     * {@code Math.*}, afterwards with the platform's vector math library, so a result could differ by
     * an ulp between a cold and a warm JVM and the same seed would not give the same bits in two runs
     * (an exact {@code --resume} needs that). {@code -Ddescent.fastmath=true} trades that guarantee for speed.
     */
    static final boolean FAST_MATH = ENABLED && Boolean.getBoolean("descent.fastmath");

    private EwSimd() {}

    /** True when the unary op may run on the Vector API without depending on the JIT's state. */
    static boolean vector(UnaryOp op) {
        if (!ENABLED) {
            return false;
        }
        return switch (op) {
            case NEG, ABS, SQRT, RELU, LEAKY_RELU, SIGN, SQUARE, RECIPROCAL, CLAMP, ADD_SCALAR, MUL_SCALAR, DIV_SCALAR, STEP -> true;
            default -> FAST_MATH;
        };
    }

    /** True when the binary op may run on the Vector API (POW is transcendental). */
    static boolean vector(BinaryOp op) {
        return ENABLED && (op != BinaryOp.POW || FAST_MATH);
    }

    /** True when the fused backward may run on the Vector API (the ones that call exp need fast math). */
    static boolean vector(BackwardOp op) {
        return ENABLED && switch (op) {
            case RELU, SIGMOID, TANH, LEAKY_RELU -> true;
            default -> FAST_MATH;
        };
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("descent.simd", "true").trim())) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
