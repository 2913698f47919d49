package dev.descent.kernel;

/**
 * Elementwise unary operations {@code out = f(x; p1, p2)}, with up to two parameters.
 *
 * <p>Parameters not used by an op are ignored. For float arrays the parameters are rounded to float
 * first where they enter float arithmetic (the scalar ops {@code ADD_SCALAR}, {@code MUL_SCALAR},
 * {@code DIV_SCALAR}, {@code CLAMP}, {@code LEAKY_RELU}), as torch casts a Python scalar to the
 * tensor's dtype.
 *
 * <p>Accuracy. The scalar kernels compute every float op in double and round once, so they are
 * within half an ulp of the exact result for the library functions (and serve as the test oracle).
 * The Vector API kernels use the JDK's vectorised transcendentals (Intel SVML on x86), which are
 * within 1 ulp; composites such as {@code SIGMOID}, {@code GELU} or {@code GELU_TANH} add a few roundings. Tests bound
 * the difference (see {@code UnaryKernelTest}); {@code +,-,*,/,sqrt,abs,max,min} agree exactly.
 *
 * <p>Reproducibility. The number of threads never changes a result. The JIT can: until C2 compiles
 * a vector kernel, the Vector API evaluates a transcendental lane by lane with {@code Math.*}, and
 * with SVML afterwards, so the same call may differ by an ulp between a cold and a warm JVM. Runs
 * that must be bit-identical across processes can set {@code -Ddescent.simd=false} (scalar kernels,
 * which do not depend on the JIT), at a cost in speed.
 */
public enum UnaryOp {
    /** {@code -x}. */
    NEG(0),
    /** {@code e^x}. */
    EXP(0),
    /** {@code e^x - 1}, accurate near 0. */
    EXPM1(0),
    /** Natural logarithm. */
    LOG(0),
    /** {@code log(1 + x)}, accurate near 0. */
    LOG1P(0),
    /** Square root. */
    SQRT(0),
    /** {@code 1 / sqrt(x)}. */
    RSQRT(0),
    /** {@code |x|}. */
    ABS(0),
    /** Sine. */
    SIN(0),
    /** Cosine. */
    COS(0),
    /** Tangent. */
    TAN(0),
    /** Arc tangent. */
    ATAN(0),
    /** Hyperbolic tangent. */
    TANH(0),
    /** Error function (the Vector API has none: always computed by the scalar kernel). */
    ERF(0),
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID(0),
    /** {@code max(x, 0)}; NaN stays NaN. */
    RELU(0),
    /** {@code x > 0 ? x : p1 * x}; {@code p1} is the negative slope (torch default 0.01). */
    LEAKY_RELU(1),
    /** {@code x > 0 ? x : p1 * (e^x - 1)}; {@code p1} is alpha (torch default 1). */
    ELU(1),
    /** Exact GELU, {@code x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))}, torch's default (not the tanh form). */
    GELU(0),
    /**
     * GELU's tanh approximation, torch's {@code approximate="tanh"}:
     * {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, computed as the equal {@code x sigmoid(2u)}.
     */
    GELU_TANH(0),
    /** torch's softplus with beta 1 and threshold 20: {@code x > 20 ? x : log(1 + e^x)}. */
    SOFTPLUS(0),
    /** SiLU (swish), {@code x * sigmoid(x)}. */
    SILU(0),
    /** {@link Math#signum}: -1, 0 or 1; keeps the sign of zero; NaN stays NaN. */
    SIGN(0),
    /** {@code x * x}. */
    SQUARE(0),
    /** {@code 1 / x}. */
    RECIPROCAL(0),
    /** {@code x^p1} ({@link Math#pow}). */
    POW_SCALAR(1),
    /** {@code p1^x} ({@link Math#pow}). */
    SCALAR_POW(1),
    /** {@code min(max(x, p1), p2)}; a NaN bound means no bound on that side; NaN x stays NaN. */
    CLAMP(2),
    /** {@code x + p1}. */
    ADD_SCALAR(1),
    /** {@code x * p1}. */
    MUL_SCALAR(1),
    /** {@code x / p1}. */
    DIV_SCALAR(1),
    /** {@code x > 0 ? 1 : 0}: the derivative of relu (0 at 0, 0 for NaN). */
    STEP(0),
    /** Round toward negative infinity. */
    FLOOR(0),
    /** Round toward positive infinity. */
    CEIL(0),
    /** Round half to even ({@link Math#rint}), as {@code torch.round}. */
    ROUND(0);

    private final int parameters;

    UnaryOp(int parameters) {
        this.parameters = parameters;
    }

    /** How many of {@code p1, p2} the op reads (0, 1 or 2). */
    public int parameters() {
        return parameters;
    }
}
