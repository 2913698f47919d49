package dev.descent.bench;

import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The GEMMs of a training step ({@link GemmShape#TRAINING}: MLP and ResNet-20 at batch 128, forward,
 * input gradient and weight gradient; the Transformer's feed-forward weight gradients at 2048 tokens),
 * through {@link Gemm}. Score: products per second, so
 * {@code GFLOPS = score * 2 m n k / 1e9}; {@code GemmQuick shapes} prints GFLOPS directly.
 * Run with {@code descent-bench/run-jmh.sh GemmShapesBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmShapesBench {

    /** {@code m,n,k[,tA[,tB[,acc]]]}, see {@link GemmShape#parse}. */
    @Param({"128,512,784,n,t", "128,784,512", "512,784,128,t,n",
        "16,131072,144", "144,131072,16,t,n", "16,144,131072,n,t,acc",
        "32,32768,288", "288,32768,32,t,n", "32,288,32768,n,t,acc",
        "64,8192,576", "576,8192,64,t,n", "64,576,8192,n,t,acc",
        "2048,128,2048,t,n", "128,2048,2048,t,n"})
    public String shape;

    /** Threads, the caller included. */
    @Param({"1", "2"})
    public int threads;

    /** Element type. */
    @Param({"float", "double"})
    public String type;

    private GemmShape.Operands product;

    /** Builds the operands and sets the thread count, after the vector kernels are warm. */
    @Setup(Level.Trial)
    public void setUp() {
        Gemm.warmUp();
        Parallel.setThreads(threads);
        product = GemmShape.parse(shape).operands(type.equals("double"), 42);
    }

    /** Restores the default thread count. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * One product.
     *
     * @return C, so that the work is not dead code
     */
    @Benchmark
    public Object gemm() {
        return product.run();
    }
}
