package dev.descent.bench;

import dev.descent.kernel.BinaryOp;
import dev.descent.kernel.Elementwise;
import dev.descent.kernel.Reduce;
import dev.descent.kernel.UnaryOp;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory-bound kernels on 16M floats (64 MiB per array, far beyond the caches), on 1 and 2 kernel
 * threads.
 *
 * <p>Bandwidth is counted as bytes read plus bytes written per call, not counting the write-allocate
 * read of the output (the usual convention, as in STREAM): add {@code 12 n} (read a, b; write out),
 * fused multiply-add {@code a*b+c} {@code 16 n}, relu {@code 8 n}, sum {@code 4 n}. The primary score
 * is calls per second; the {@code :bytes} secondary score is bytes per second (divide by 1e9 for
 * GB/s). Run with
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "descent-bench/target/classes:descent-bench/target/lib/*" \
 *     org.openjdk.jmh.Main ElementwiseBench
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 9, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ElementwiseBench {

    static final int N = 16 * 1024 * 1024;

    @Param({"1", "2"})
    public int threads;

    float[] a;
    float[] b;
    float[] c;
    float[] out;

    /** Bytes moved per second, reported next to the time per call. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Traffic {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setup() {
        KernelThreads.set(threads);
        SplittableRandom rnd = new SplittableRandom(42);
        a = new float[N];
        b = new float[N];
        c = new float[N];
        out = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
            b[i] = (float) rnd.nextDouble(-1, 1);
            c[i] = (float) rnd.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] add(Traffic t) {
        Elementwise.binary(BinaryOp.ADD, N, a, 0, b, 0, out, 0);
        t.bytes += 12L * N;
        return out;
    }

    @Benchmark
    public float[] fusedMultiplyAdd(Traffic t) {
        Elementwise.fma(N, a, 0, b, 0, c, 0, out, 0);
        t.bytes += 16L * N;
        return out;
    }

    @Benchmark
    public float[] relu(Traffic t) {
        Elementwise.unary(UnaryOp.RELU, 0, 0, N, a, 0, out, 0);
        t.bytes += 8L * N;
        return out;
    }

    @Benchmark
    public float sum(Traffic t) {
        t.bytes += 4L * N;
        return Reduce.sum(N, a, 0);
    }
}
