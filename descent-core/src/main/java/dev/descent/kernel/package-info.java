/**
 * Compute kernels: the thread pool ({@link dev.descent.kernel.Parallel}), Vector API detection
 * ({@link dev.descent.kernel.Simd}) and matrix multiply ({@link dev.descent.kernel.Gemm}).
 *
 * <p>Every fast path has a slow twin: the Vector API kernels are tested against plain loops, and run
 * only when {@code jdk.incubator.vector} is in the boot layer; classes that link against it are loaded
 * only after that check. Parallel kernels split work so that each result element is computed the same
 * way whatever the thread count: results are bit-identical on 1 or many threads.
 */
package dev.descent.kernel;
