package dev.descent.bench;

import dev.descent.kernel.Gemm;
import dev.descent.kernel.Parallel;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.Losses;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Training throughput on synthetic data: {@code TrainQuick MODEL BATCH THREADS [STEPS]}, e.g.
 * {@code mlp 128 2}; mlp, resnet20, lstm and transformer are the side-by-side workloads of
 * {@link TrainModels}, other names come from the model zoo with MNIST-shaped inputs. With one thread it
 * also prints samples per CPU-second of the main thread, which a busy machine disturbs far less than
 * wall time (for A/B comparisons of single-threaded code paths). Prints the median samples/s over repeated timed windows.
 */
public final class TrainQuick {
    private TrainQuick() {}

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mlp";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Parallel.setThreads(threads);
        Gemm.warmUp();
        Generator gen = new Generator(0);
        TrainModels.Workload w = switch (model) {
            case "mlp", "resnet20", "lstm", "transformer" -> TrainModels.create(model, gen);
            case "resnet20-noskip" -> new TrainModels.Workload(
                    ModelZoo.create(model, new int[] {3, 32, 32}, 10, DType.FLOAT32, gen), new int[] {3, 32, 32});
            default -> new TrainModels.Workload(
                    ModelZoo.create(model, new int[] {1, 28, 28}, 10, DType.FLOAT32, gen), new int[] {1, 28, 28});
        };
        Module net = w.net();
        int[] inputShape = w.exampleShape();
        Optimizer opt = new Optimizer(net.namedParameters(), Momentum.of(0.01, 0.9));
        int[] xs = new int[inputShape.length + 1];
        xs[0] = batch;
        System.arraycopy(inputShape, 0, xs, 1, inputShape.length);
        Tensor x = Tensor.randn(gen, DType.FLOAT32, xs);
        Tensor y = Tensor.randint(gen, DType.FLOAT32, 0, 10, batch);
        double[] rates = new double[7];
        double[] cpuRates = new double[rates.length];
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = -2; rep < rates.length; rep++) {
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            for (int s = 0; s < steps; s++) {
                opt.zeroGrad();
                Tensor loss = Losses.crossEntropy(net.call(x), y);
                loss.backward();
                opt.step();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            if (rep >= 0) {
                rates[rep] = steps * batch / secs;
                cpuRates[rep] = steps * batch / cpuSecs;
            }
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        if (threads == 1) { // on one thread, the main thread's CPU time is the step's: robust on a loaded machine
            System.out.printf("%s batch %d: median %.0f samples per CPU-second of the main thread%n", model, batch,
                    cpuRates[cpuRates.length / 2]);
        }
        System.out.printf("%s batch %d threads %d: median %.0f samples/s (min %.0f, max %.0f)%n",
                model, batch, threads, rates[rates.length / 2], rates[0], rates[rates.length - 1]);
    }
}
