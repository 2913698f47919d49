package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.Engine;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused float32 layer norm ({@link LayerNormOp}) against the float64 path ({@link Norms}, itself
 * checked by finite differences in {@link NnFunctionalGradTest}): values, first-order gradients of
 * x, γ and β, and second-order gradients through the createGraph backward.
 */
class LayerNormOpTest {

    @ParameterizedTest
    @CsvSource({"1, 1, true", "3, 5, true", "4, 17, false", "7, 128, true", "2, 33, false"})
    void float32AgreesWithFloat64InValuesAndGradients(int rows, int n, boolean affine) {
        Generator gen = new Generator(rows * 100L + n);
        Tensor x64 = Tensor.randn(gen, DType.FLOAT64, 2, rows, n).mul(3).add(1).requiresGrad_(true);
        Tensor g64 = affine ? Tensor.randn(gen, DType.FLOAT64, n).requiresGrad_(true) : null;
        Tensor b64 = affine ? Tensor.randn(gen, DType.FLOAT64, n).requiresGrad_(true) : null;
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 2, rows, n);
        Tensor x32 = x64.detach().to(DType.FLOAT32).requiresGrad_(true);
        Tensor g32 = affine ? g64.detach().to(DType.FLOAT32).requiresGrad_(true) : null;
        Tensor b32 = affine ? b64.detach().to(DType.FLOAT32).requiresGrad_(true) : null;
        int[] shape = {n};
        Tensor y64 = NnFunctional.layerNorm(x64, shape, g64, b64);
        Tensor y32 = NnFunctional.layerNorm(x32, shape, g32, b32);
        assertEquals(DType.FLOAT32, y32.dtype());
        assertClose(y64, y32, 1e-5, "values");
        Tensor[] in64 = affine ? new Tensor[] {x64, g64, b64} : new Tensor[] {x64};
        Tensor[] in32 = affine ? new Tensor[] {x32, g32, b32} : new Tensor[] {x32};
        // first order, fused kernel (no graph)
        Tensor[] d64 = Engine.grad(new Tensor[] {y64.mul(w).sum()}, null, in64, true, false, false);
        Tensor[] d32 = Engine.grad(new Tensor[] {y32.mul(w.to(DType.FLOAT32)).sum()}, null, in32, true, false, false);
        for (int i = 0; i < in64.length; i++) {
            assertClose(d64[i], d32[i], 1e-4, "first-order gradient " + i);
        }
        // second order: the createGraph backward, then a gradient of the gradient's square norm
        Tensor[] c64 = Engine.grad(new Tensor[] {y64.mul(w).sum()}, null, in64, true, true, false);
        Tensor[] c32 = Engine.grad(new Tensor[] {y32.mul(w.to(DType.FLOAT32)).sum()}, null, in32, true, true, false);
        assertClose(c64[0], c32[0], 1e-4, "createGraph gradient");
        Tensor[] s64 = Engine.grad(new Tensor[] {c64[0].mul(c64[0]).sum()}, null, in64, false, false, true);
        Tensor[] s32 = Engine.grad(new Tensor[] {c32[0].mul(c32[0]).sum()}, null, in32, false, false, true);
        assertClose(s64[0], s32[0], 2e-3, "second-order gradient of x");
    }

    private static void assertClose(Tensor expected, Tensor actual, double relTol, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        double scale = 1e-3;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(e[i] - a[i]);
            final int k = i;
            assertTrue(err <= relTol * scale, () -> what + ": element " + k + " expected " + e[k] + ", got " + a[k]);
        }
    }
}
