package dev.descent.bench;

import dev.descent.ops.Conv;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;

/**
 * The convolutions of CIFAR ResNet-20 (3×3, padding 1, no bias), by name, with inputs ready for a
 * forward or a backward: shared by {@link ConvBench} (JMH) and {@link ConvQuick}.
 */
final class ConvShapes {
    private ConvShapes() {}

    /** Names: input channels, output channels, input size, stride. */
    static final String[] NAMES = {"3-16-32-s1", "16-16-32-s1", "16-32-32-s2", "32-32-16-s1", "32-64-16-s2", "64-64-8-s1"};

    /** One conv problem: input (requires grad unless 3 channels), weight, output gradient. */
    record Problem(Tensor x, Tensor w, Tensor gy, int stride) {
        Tensor forward() {
            return Conv.conv2d(x, w, null, stride, 1);
        }

        /** Forward with the graph, then backward into x (when it needs it) and w. */
        void forwardBackward() {
            forward().backward(gy);
            x.setGrad(null);
            w.setGrad(null);
        }
    }

    static Problem problem(String name, int batch) {
        String[] p = name.split("-");
        int cin = Integer.parseInt(p[0]);
        int cout = Integer.parseInt(p[1]);
        int size = Integer.parseInt(p[2]);
        int stride = Integer.parseInt(p[3].substring(1));
        Generator gen = new Generator(7);
        Tensor x = Tensor.randn(gen, DType.FLOAT32, batch, cin, size, size).requiresGrad_(cin != 3);
        Tensor w = Tensor.randn(gen, DType.FLOAT32, cout, cin, 3, 3).mul(0.1).detach().requiresGrad_(true);
        int out = (size - 1) / stride + 1;
        Tensor gy = Tensor.randn(gen, DType.FLOAT32, batch, cout, out, out);
        return new Problem(x, w, gy, stride);
    }
}
