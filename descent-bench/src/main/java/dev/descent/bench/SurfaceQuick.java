package dev.descent.bench;

import dev.descent.data.Batch;
import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.Mlp;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.surface.EvalSet;
import dev.descent.surface.Normalization;
import dev.descent.surface.Plane;
import dev.descent.surface.Surface2d;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Surface points per second for a 784-128-10 MLP over 1,000 samples, the Java twin of
 * {@code scripts/bench/surface_vs_torch.py}: {@code SurfaceQuick [THREADS] [GRID] [REPEATS] [MODEL]}; MODEL
 * {@code mlp} (default) or a zoo name such as {@code resnet20} (then 1×14×14 inputs and 128 samples,
 * the skip-connection experiment's setting, to compare the two ways of using the cores on a
 * convolutional net).
 *
 * <p>Each point sets the weights to {@code θ + αδ + βη} (filter-normalized directions), runs the
 * forward pass over the 1,000 samples (one batch) and computes the mean cross entropy. Variants:
 * <ul>
 *   <li>{@code direct, 1 worker}: points in turn, the matrix products use all threads;</li>
 *   <li>{@code direct, k workers}: k model copies evaluate points at once, one thread each;</li>
 *   <li>{@code linear-head, ...}: the first layer's product is precomputed for the three weight
 *       tensors ({@code Z₀ + αZ_δ + βZ_η}), the rest as above.</li>
 * </ul>
 * Prints the median over repeats of points per second, and with one thread also points per CPU-second
 * of the calling thread (which does all the work then), a measure that other processes' load does not
 * distort.
 */
public final class SurfaceQuick {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SurfaceQuick() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int grid = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String name = args.length > 3 ? args[3] : "mlp";
        Parallel.setThreads(threads);
        Gemm.warmUp();
        Generator gen = new Generator(0);
        boolean mlp = name.equals("mlp");
        int[] shape = mlp ? new int[] {784} : new int[] {1, 14, 14};
        int n = mlp ? 1000 : 128;
        Supplier<Module> factory = mlp
                ? () -> new Mlp(new int[] {784, 128, 10}, "relu", 0.0, DType.FLOAT32, new Generator(1))
                : () -> ModelZoo.create(name, shape, 10, DType.FLOAT32, new Generator(1));
        Module model = factory.get();
        int[] xs = new int[shape.length + 1];
        xs[0] = n;
        System.arraycopy(shape, 0, xs, 1, shape.length);
        Tensor x = Tensor.rand(gen, DType.FLOAT32, xs);
        Tensor y = Tensor.randint(gen, DType.FLOAT32, 0, 10, n);
        EvalSet data = new EvalSet(List.of(new Batch(x, y)));
        Map<String, Tensor> state = model.stateDict();
        Plane plane = Plane.random(model, 123, Normalization.FILTER, true);
        System.out.printf(Locale.ROOT, "%s, %d samples, %d×%d grid, %d threads, median of %d%n",
                mlp ? "784-128-10 MLP" : name + " on 1×14×14", n, grid, grid, threads, repeats);
        List<String> lines = new ArrayList<>();
        for (boolean fast : mlp ? new boolean[] {false, true} : new boolean[] {false}) {
            for (int workers : threads > 1 ? new int[] {1, threads} : new int[] {1}) {
                double[] rates = new double[repeats];
                double[] cpuRates = new double[repeats];
                for (int r = -1; r < repeats; r++) { // one warm-up run
                    long c0 = CPU.getCurrentThreadCpuTime();
                    Surface2d.Result res = Surface2d.builder(factory, state, plane, data).grid(-1, 1, grid, -1, 1, grid)
                            .workers(workers).fastPath(fast).build().run();
                    double cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
                    if (r >= 0) {
                        rates[r] = res.pointsPerSecond();
                        cpuRates[r] = res.computed() / cpu;
                    }
                }
                Arrays.sort(rates);
                Arrays.sort(cpuRates);
                // with one thread all the work runs on this thread, so its CPU time is a load-independent measure
                String line = String.format(Locale.ROOT, "%-12s %d worker%s: median %8.1f points/s (min %.1f, max %.1f)%s",
                        fast ? "linear-head" : "direct", workers, workers == 1 ? " " : "s", rates[repeats / 2], rates[0],
                        rates[repeats - 1], threads == 1 ? String.format(Locale.ROOT, ", %.1f points per CPU-second",
                                cpuRates[repeats / 2]) : "");
                System.out.println(line);
                lines.add(line);
            }
        }
    }
}
