package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertGrad;
import static dev.descent.ops.NnTestSupport.assertGrad2;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The nn ops composed into a small network: gradients and Hessian-vector products of the loss. */
class SmallNetHessianTest {

    @Test
    void hessianVectorProductsOfASmallConvNetMatchFiniteDifferences() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 4, 2, 6, 6);
        Tensor y = Tensor.of(new double[] {0, 2, 1, 2});
        Tensor conv = Tensor.randn(gen, DType.FLOAT64, 3, 2, 3, 3).mul(0.5);
        Tensor gamma = Tensor.randn(gen, DType.FLOAT64, 3).add(1.0);
        Tensor fc = Tensor.randn(gen, DType.FLOAT64, 3, 3);
        Tensor bias = Tensor.randn(gen, DType.FLOAT64, 3);
        Function<Tensor[], Tensor> loss = p -> {
            Tensor h = Conv.conv2d(x, p[0], null, 1, 1);
            h = NnFunctional.batchNorm(h, null, null, p[1], null, true).tanh();
            h = Pool.adaptiveAvgPool2d(Pool.maxPool2d(h, 2), 1, 1).flatten(1, -1);
            return Losses.crossEntropy(NnFunctional.linear(h, p[2], p[3]), y, null, -100, 0.1, Reduction.MEAN);
        };
        assertGrad("small net", loss, conv, gamma, fc, bias);
        assertGrad2("small net", loss, conv, gamma, fc, bias);
    }
}
