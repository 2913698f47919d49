package dev.descent.bench;

import dev.descent.kernel.OptimKernels;
import dev.descent.optim.Optimizer;
import java.util.Arrays;

/**
 * A quick side-by-side of optimizer steps without JMH: prints median ms/step and effective GB/s
 * (28 bytes per parameter for Adam, 20 for SGD with momentum) for each algorithm, layout, thread
 * count and guard setting.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "descent-bench/target/descent-bench-0.1.0-SNAPSHOT.jar:descent-bench/target/lib/*" \
 *      dev.descent.bench.OptimizerQuick [steps=30] [threads=1,2]
 * /usr/bin/python3 scripts/bench/optim_vs_torch.py [steps=30] [threads=1,2]     # the torch side
 * </pre>
 */
public final class OptimizerQuick {
    private OptimizerQuick() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[] threads = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        System.out.printf("vector API: %s; %d processors%n", OptimKernels.vectorized(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("algorithm     layout     threads guard  ms/step(median)  min      GB/s(eff.)");
        for (String alg : new String[] {"adam", "sgd-momentum"}) {
            for (String layout : new String[] {"1x10M", "100x100k"}) {
                int count = layout.startsWith("1x") ? 1 : 100;
                Optimizer opt = OptimizerBench.build(alg, count, 10_000_000 / count);
                for (int t : threads) {
                    for (boolean guard : new boolean[] {true, false}) {
                        OptimKernels.setThreads(t);
                        opt.setNonFiniteCheck(guard);
                        for (int w = 0; w < 10; w++) {
                            opt.step();
                        }
                        double[] ms = new double[steps];
                        for (int k = 0; k < steps; k++) {
                            long t0 = System.nanoTime();
                            opt.step();
                            ms[k] = (System.nanoTime() - t0) / 1e6;
                        }
                        Arrays.sort(ms);
                        double med = ms[steps / 2];
                        double gbs = OptimizerBench.bytesPerParam(alg) * 10_000_000L / (med * 1e6);
                        System.out.printf("%-13s %-10s %7d %-6s %15.2f %8.2f %10.1f%n", alg, layout, t, guard, med, ms[0],
                                gbs);
                    }
                }
            }
        }
    }
}
