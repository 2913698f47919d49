package dev.descent.bench;

import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square GEMM, {@code C = A * B} with n x n row-major operands, through {@link Gemm}.
 *
 * <p>The set-up waits for {@link Gemm#warmUp()}, so that what is timed is the Vector API kernels, not
 * the scalar ones GEMM starts on. The score is in operations per second; one operation is one product, i.e. {@code 2 n^3} floating
 * point operations, so {@code GFLOPS = score * 2 n^3 / 1e9} (n=1024: GFLOPS = score * 2.147; n=2048:
 * score * 17.18). {@link GemmQuick} prints GFLOPS directly and is quicker for tuning.
 * Run with {@code descent-bench/run-jmh.sh GemmBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBench {

    /** Matrix side. */
    @Param({"128", "256", "512", "1024", "2048"})
    public int n;

    /** Threads, the caller included. */
    @Param({"1", "2"})
    public int threads;

    /** Element type. */
    @Param({"float", "double"})
    public String type;

    private float[] fa;
    private float[] fb;
    private float[] fc;
    private double[] da;
    private double[] db;
    private double[] dc;

    /** Fills the operands and sets the thread count. */
    @Setup(Level.Trial)
    public void setUp() {
        Gemm.warmUp();
        Parallel.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(42);
        int size = n * n;
        if (type.equals("float")) {
            fa = new float[size];
            fb = new float[size];
            fc = new float[size];
            for (int i = 0; i < size; i++) {
                fa[i] = (float) rnd.nextDouble(-1, 1);
                fb[i] = (float) rnd.nextDouble(-1, 1);
            }
        } else {
            da = new double[size];
            db = new double[size];
            dc = new double[size];
            for (int i = 0; i < size; i++) {
                da[i] = rnd.nextDouble(-1, 1);
                db[i] = rnd.nextDouble(-1, 1);
            }
        }
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
        if (fa != null) {
            Gemm.sgemm(n, n, n, fa, 0, n, 1, fb, 0, n, 1, fc, 0, n, false);
            return fc;
        }
        Gemm.dgemm(n, n, n, da, 0, n, 1, db, 0, n, 1, dc, 0, n, false);
        return dc;
    }
}
