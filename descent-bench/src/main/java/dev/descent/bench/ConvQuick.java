package dev.descent.bench;

import dev.descent.kernel.ConvKernels;
import dev.descent.kernel.ConvShape;
import dev.descent.kernel.Parallel;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * Milliseconds per convolution at the ResNet-20 shapes, batch 128: {@code ConvQuick THREADS [SHAPE...]}
 * (all of {@link ConvShapes#NAMES} by default). For each shape it times the three kernels of
 * {@link ConvKernels} on their own (forward, input gradient, weight gradient: no autograd, no
 * allocation, so the numbers add up to the convolutions' share of a training step), then the op-level
 * forward and forward + backward. Each figure is the median of 9 windows after 1 s of calls. A quick
 * look; {@link ConvBench} is the JMH version.
 */
public final class ConvQuick {
    private ConvQuick() {}

    public static void main(String[] args) {
        Parallel.setThreads(Integer.parseInt(args[0]));
        String[] names = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : ConvShapes.NAMES;
        for (String name : names) {
            ConvShapes.Problem p = ConvShapes.problem(name, 128);
            ConvShape g = kernelShape(p);
            float[] x = p.x().storage().floats();
            float[] w = p.w().storage().floats();
            float[] gy = p.gy().storage().floats();
            float[] out = new float[gy.length];
            float[] gx = new float[x.length];
            float[] gw = new float[w.length];
            double fwd = seconds(() -> ConvKernels.forward(g, x, 0, w, 0, out, 0));
            double bin = seconds(() -> ConvKernels.backwardInput(g, gy, 0, w, 0, gx, 0));
            double bw = seconds(() -> ConvKernels.backwardWeight(g, x, 0, gy, 0, gw, 0));
            double flops = 2.0 * g.n() * g.cout() * g.rows() * g.positions();
            System.out.printf("KERNEL %-12s forward %6.2f ms (%4.0f GFLOPS)  grad-input %6.2f ms (%4.0f)  "
                    + "grad-weight %6.2f ms (%4.0f)%n", name, fwd * 1e3, flops / fwd / 1e9, bin * 1e3,
                    flops / bin / 1e9, bw * 1e3, flops / bw / 1e9);
        }
        for (String name : names) {
            ConvShapes.Problem p = ConvShapes.problem(name, 128);
            double fwd = seconds(p::forward);
            double both = seconds(p::forwardBackward);
            System.out.printf("RESULT %-12s forward %7.2f ms   forward+backward %7.2f ms%n", name, fwd * 1e3, both * 1e3);
        }
    }

    private static double seconds(Quick.Body body) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 1_000_000_000L) {
            body.run();
        }
        return Quick.medianSeconds(body, 0, 9, 3);
    }

    private static ConvShape kernelShape(ConvShapes.Problem p) {
        int n = p.x().size(0);
        int c = p.x().size(1);
        int h = p.x().size(2);
        int cout = p.w().size(0);
        int s = p.stride();
        int o = p.gy().size(2);
        return new ConvShape(n, c, h, h, cout, 1, 3, 3, s, s, 1, 1, 1, 1, o, o);
    }
}
