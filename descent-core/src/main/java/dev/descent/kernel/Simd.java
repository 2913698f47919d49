package dev.descent.kernel;

/**
 * Whether kernels may use the Vector API ({@code jdk.incubator.vector}).
 *
 * <p>This class never touches the Vector API itself, so it loads whether or not the module is
 * present. Kernels check {@link #enabled()} and only then call into their Vector API classes; without
 * the module ({@code --add-modules jdk.incubator.vector} forgotten) they fall back to scalar code.
 * The system property {@code descent.simd=false}, read once at start-up, forces scalar code.
 */
public final class Simd {

    /** True when the Vector API module is in the boot layer and {@code descent.simd} is not {@code false}. */
    public static final boolean AVAILABLE;

    /** Lanes of the preferred float vector (16 with AVX-512, 8 with AVX2); 1 when not {@link #AVAILABLE}. */
    public static final int FLOAT_LANES;

    private static volatile boolean forcedScalar;

    static {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean allowed = !"false".equalsIgnoreCase(System.getProperty("descent.simd", "true").trim());
        AVAILABLE = present && allowed;
        // Only now is it safe to load a class that links against the Vector API.
        FLOAT_LANES = AVAILABLE ? VectorShape.floatLanes() : 1;
    }

    private Simd() {
    }

    /** @return true when kernels should take their Vector API path now */
    public static boolean enabled() {
        return AVAILABLE && !forcedScalar;
    }

    /** Test hook: forces the scalar paths ({@code true}) or restores the default ({@code false}). */
    static void forceScalar(boolean scalar) {
        forcedScalar = scalar;
    }
}
