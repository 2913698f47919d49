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

    private EwSimd() {}

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("descent.simd", "true").trim())) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
