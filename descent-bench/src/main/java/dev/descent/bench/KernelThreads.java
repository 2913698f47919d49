package dev.descent.bench;

import java.lang.reflect.Method;

/**
 * Sets the thread count of the elementwise kernels for a benchmark run. The kernels' pool stand-in
 * ({@code dev.descent.kernel.EwParallel}) is package-private until the shared pool replaces it, so
 * this reaches it by reflection (fine on the class path, where everything is one unnamed module).
 */
final class KernelThreads {

    private KernelThreads() {}

    static void set(int threads) {
        try {
            Method m = Class.forName("dev.descent.kernel.EwParallel").getDeclaredMethod("setThreads", int.class);
            m.setAccessible(true);
            m.invoke(null, threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the kernel thread count: " + e, e);
        }
    }
}
