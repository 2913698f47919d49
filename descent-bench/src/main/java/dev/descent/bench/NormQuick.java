package dev.descent.bench;

import com.sun.management.ThreadMXBean;
import dev.descent.kernel.Parallel;
import dev.descent.ops.NnFunctional;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Microseconds and kilobytes allocated per iteration of batch norm [32, 16, 16, 16], layer norm and
 * softmax over [512, 128], each forward + backward, on one thread: {@code NormQuick [ROUNDS]}
 * (default 6 rounds of 2,000 iterations; read the later ones, after C2 compiled the kernels). These are
 * the kernels that sum lanes through {@code LaneTree}; a kilobyte count far above the tensors' own
 * sizes means the compiled code boxes vectors.
 */
public final class NormQuick {
    private NormQuick() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Parallel.setThreads(1);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, DType.FLOAT32, 32, 16, 16, 16).requiresGrad_(true);
        Tensor runningMean = Tensor.zeros(DType.FLOAT32, 16);
        Tensor runningVar = Tensor.ones(DType.FLOAT32, 16);
        Tensor w = Tensor.ones(DType.FLOAT32, 16).requiresGrad_(true);
        Tensor b = Tensor.zeros(DType.FLOAT32, 16).requiresGrad_(true);
        Tensor y = Tensor.randn(g, DType.FLOAT32, 512, 128).requiresGrad_(true);
        Tensor lw = Tensor.ones(DType.FLOAT32, 128).requiresGrad_(true);
        Tensor lb = Tensor.zeros(DType.FLOAT32, 128).requiresGrad_(true);
        int n = 2000;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long a0 = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                NnFunctional.batchNorm(x, runningMean, runningVar, w, b, true, 0.1, 1e-5).sum().backward();
                NnFunctional.layerNorm(y, new int[] {128}, lw, lb).sum().backward();
                y.softmax(1).sum().backward();
            }
            long a1 = mx.getCurrentThreadAllocatedBytes();
            long t1 = System.nanoTime();
            System.out.printf("round %d: %.1f us/iter, %.0f KB/iter%n", round, (t1 - t0) / 1e3 / n, (a1 - a0) / 1024.0 / n);
        }
    }
}
