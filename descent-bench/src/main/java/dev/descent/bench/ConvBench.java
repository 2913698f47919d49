package dev.descent.bench;

import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
import dev.descent.tensor.Tensor;
import java.util.concurrent.TimeUnit;
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
 * conv2d forward, and forward + backward (input and weight gradients), at the six convolution shapes
 * of CIFAR ResNet-20 with batch 128, float32, on 1 and 2 threads. Milliseconds per call. Run with
 * {@code descent-bench/run-jmh.sh ConvBench}; {@link ConvQuick} is the quick version.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ConvBench {

    /** Input channels, output channels, input size, stride (see {@link ConvShapes#NAMES}). */
    @Param({"3-16-32-s1", "16-16-32-s1", "16-32-32-s2", "32-32-16-s1", "32-64-16-s2", "64-64-8-s1"})
    public String shape;

    /** Threads, the caller included. */
    @Param({"1", "2"})
    public int threads;

    private ConvShapes.Problem problem;

    /** Builds the problem (batch 128) and sets the thread count. */
    @Setup(Level.Trial)
    public void setUp() {
        Gemm.warmUp();
        Parallel.setThreads(threads);
        problem = ConvShapes.problem(shape, 128);
    }

    /** One forward, no graph kept beyond the call. */
    @Benchmark
    public Tensor forward() {
        return problem.forward();
    }

    /** Forward with the graph, then backward into the input (except 3 channels) and the weight. */
    @Benchmark
    public void forwardBackward() {
        problem.forwardBackward();
    }
}
