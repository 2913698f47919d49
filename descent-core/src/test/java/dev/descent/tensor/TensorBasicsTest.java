package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.Engine;
import dev.descent.autograd.GradMode;
import org.junit.jupiter.api.Test;

class TensorBasicsTest {

    @Test
    void derivativeOfXSquaredSinXAtThreePointSix() {
        Tensor x = Tensor.of(new double[] {3.6}).requiresGrad_(true);
        Tensor y = x.pow(2).mul(x.sin());
        y.sum().backward();
        double expected = 2 * 3.6 * Math.sin(3.6) + 3.6 * 3.6 * Math.cos(3.6);
        assertEquals(expected, x.grad().item(), 1e-12);
    }

    @Test
    void hessianVectorProductOfBowlIsTwiceTheVector() {
        Tensor t = Tensor.of(new double[] {1.5, -2.0}).requiresGrad_(true);
        Tensor j = t.pow(2).sum();
        Tensor[] g = Engine.grad(new Tensor[] {j}, null, new Tensor[] {t}, true, true, false);
        Tensor v = Tensor.of(new double[] {0.3, 0.7});
        Tensor[] hv = Engine.grad(new Tensor[] {g[0].mul(v).sum()}, null, new Tensor[] {t}, false, false, false);
        assertArrayEquals(new double[] {0.6, 1.4}, hv[0].toDoubleArray(), 1e-12);
    }

    @Test
    void broadcastAddGradientSumsOverBroadcastDims() {
        Tensor a = Tensor.ones(DType.FLOAT64, 3, 4).requiresGrad_(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 4).requiresGrad_(true);
        a.add(b).sum().backward();
        assertArrayEquals(new double[] {3, 3, 3, 3}, b.grad().toDoubleArray());
        assertEquals(12, a.grad().sum().item());
    }

    @Test
    void matmulMatchesHandComputation() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new double[] {58, 64, 139, 154}, a.matmul(b).toDoubleArray());
        assertArrayEquals(new double[] {58, 139, 64, 154}, a.matmul(b).t().contiguous().toDoubleArray());
    }

    @Test
    void shapeMismatchNamesOpAndShapes() {
        Tensor a = Tensor.zeros(32, 784);
        Tensor b = Tensor.zeros(512, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertEquals("shape mismatch in matmul: [32, 784] x [512, 10] (inner dimensions 784 and 512 differ)", e.getMessage());
    }

    @Test
    void inPlaceChangeOfSavedTensorIsAnError() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        Tensor z = y.mul(y);
        try (var s = GradMode.noGrad()) {
            y.add_(Tensor.ones(DType.FLOAT64, 2));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
    }

    @Test
    void viewsShareStorage() {
        Tensor a = Tensor.arange(DType.FLOAT32, 0, 12, 1).reshape(3, 4);
        Tensor col = a.select(1, 2);
        assertArrayEquals(new double[] {2, 6, 10}, col.toDoubleArray());
        assertTrue(col.storage() == a.storage());
        Tensor tr = a.t();
        assertEquals(4, tr.size(0));
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, tr.reshape(-1).toDoubleArray());
    }
}
