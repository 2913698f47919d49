package dev.descent.bench;

import dev.descent.kernel.OptimKernels;
import dev.descent.optim.Adam;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * One optimizer step over 10M float32 parameters, as one tensor or as 100 tensors of 100k, with 1
 * and 2 threads: Adam (28 bytes of memory traffic per parameter) and SGD with momentum (20 bytes).
 * The whole {@link Optimizer#step()} is measured, including the NaN/infinity guard ({@code guard}).
 * <pre>
 * ./mvnw -B -ntp -pl descent-core,descent-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -cp "descent-bench/target/descent-bench-0.1.0-SNAPSHOT.jar:descent-bench/target/lib/*" \
 *      org.openjdk.jmh.Main OptimizerBench [-p algorithm=adam -p layout=1x10M -p guard=true,false]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class OptimizerBench {
    @Param({"adam", "sgd-momentum"})
    public String algorithm;

    @Param({"1x10M", "100x100k"})
    public String layout;

    @Param({"1", "2"})
    public int threads;

    @Param({"true"})
    public boolean guard;

    private Optimizer optimizer;

    /** Builds the parameters with fixed gradients. */
    @Setup(Level.Trial)
    public void setup() {
        OptimKernels.setThreads(threads);
        int count = layout.startsWith("1x") ? 1 : 100;
        int size = 10_000_000 / count;
        optimizer = build(algorithm, count, size);
        optimizer.setNonFiniteCheck(guard);
        optimizer.step();
    }

    static Optimizer build(String algorithm, int count, int size) {
        SplittableRandom r = new SplittableRandom(1);
        List<Tensor> ps = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            float[] p = new float[size];
            float[] g = new float[size];
            for (int i = 0; i < size; i++) {
                p[i] = (float) r.nextGaussian();
                g[i] = (float) (r.nextGaussian() * 1e-3);
            }
            Tensor pt = Tensor.of(p, size).requiresGrad_(true);
            pt.setGrad(Tensor.of(g, size));
            ps.add(pt);
        }
        Algorithm a = switch (algorithm) {
            case "adam" -> Adam.withLr(1e-3);
            case "sgd-momentum" -> Momentum.withLr(1e-3);
            default -> throw new IllegalArgumentException(algorithm);
        };
        return new Optimizer(ps, a);
    }

    /** Bytes moved per parameter per step. */
    static int bytesPerParam(String algorithm) {
        return "adam".equals(algorithm) ? 28 : 20;
    }

    @Benchmark
    public void step() {
        optimizer.step();
    }
}
