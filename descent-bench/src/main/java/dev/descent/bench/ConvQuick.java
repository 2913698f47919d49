package dev.descent.bench;

import dev.descent.kernel.Parallel;

/**
 * Milliseconds per conv2d forward and per forward + backward at the ResNet-20 shapes, batch 128:
 * {@code ConvQuick THREADS [SHAPE...]} (all of {@link ConvShapes#NAMES} by default). A quick look;
 * {@link ConvBench} is the JMH version.
 */
public final class ConvQuick {
    private ConvQuick() {}

    public static void main(String[] args) {
        Parallel.setThreads(Integer.parseInt(args[0]));
        String[] names = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : ConvShapes.NAMES;
        for (String name : names) {
            ConvShapes.Problem p = ConvShapes.problem(name, 128);
            double fwd = Quick.medianSeconds(p::forward, 3, 7, 2);
            double both = Quick.medianSeconds(p::forwardBackward, 3, 7, 2);
            System.out.printf("RESULT %-12s forward %7.2f ms   forward+backward %7.2f ms%n", name, fwd * 1e3, both * 1e3);
        }
    }
}
