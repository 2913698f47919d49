package dev.descent.surface.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.data.Batch;
import dev.descent.landscape.analysis.SymmetricEigen;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.surface.Loss;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class HessianVectorProductTest {

    /** Moves every spanned parameter by {@code c·v}. */
    static void shift(Module m, HessianVectorProduct h, double[] v, double c) {
        int o = 0;
        try (var s = GradMode.noGrad()) {
            for (String name : h.names()) {
                Tensor p = m.namedParameters().get(name);
                double[] d = new double[p.numel()];
                for (int k = 0; k < d.length; k++) {
                    d[k] = c * v[o + k];
                }
                p.add_(Tensor.wrap(d, p.shape()).to(p.dtype()));
                o += d.length;
            }
        }
    }

    /** Central differences of the gradient along v, step eps. */
    static double[] finiteDifference(Module m, HessianVectorProduct h, double[] v, double eps) {
        shift(m, h, v, eps);
        double[] gp = h.gradient();
        shift(m, h, v, -2 * eps);
        double[] gm = h.gradient();
        shift(m, h, v, eps);
        double[] fd = new double[gp.length];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (gp[i] - gm[i]) / (2 * eps);
        }
        return fd;
    }

    static double relErr(double[] a, double[] b) {
        double[] d = a.clone();
        Vectors.axpy(-1, b, d);
        return Vectors.norm(d) / Math.max(Vectors.norm(b), 1e-300);
    }

    @Test
    void hvpMatchesFiniteDifferencesOfGradients() {
        Module m = Tiny.mlp(1);
        HessianVectorProduct h = new HessianVectorProduct(m, Tiny.data(60, 2));
        assertEquals(67, h.dim());
        Generator g = new Generator(3);
        for (int trial = 0; trial < 4; trial++) {
            double[] v = Vectors.gaussian(h.dim(), g);
            double[] hv = h.apply(v);
            double[] fd = finiteDifference(m, h, v, 1e-5);
            assertTrue(relErr(hv, fd) < 1e-7, "HVP vs finite differences: relative error " + relErr(hv, fd));
        }
    }

    @Test
    void denseHessianBuiltColumnByColumnIsSymmetricAndMatchesFiniteDifferences() {
        Module m = Tiny.wider(4);
        HessianVectorProduct h = new HessianVectorProduct(m, Tiny.data(90, 5));
        double[][] dense = h.toDense();
        assertEquals(99, dense.length);
        assertTrue(LinearOperator.asymmetry(dense) < 1e-10, "asymmetry " + LinearOperator.asymmetry(dense));
        // a few columns against finite differences of the gradient along e_j
        for (int j : new int[] {0, 17, 48, 60, 98}) {
            double[] e = new double[h.dim()];
            e[j] = 1;
            double[] fd = finiteDifference(m, h, e, 1e-5);
            double[] col = new double[h.dim()];
            for (int i = 0; i < col.length; i++) {
                col[i] = dense[i][j];
            }
            assertTrue(relErr(col, fd) < 1e-6, "column " + j + ": relative error " + relErr(col, fd));
        }
        // a product with an arbitrary vector equals the dense matrix times it
        double[] v = Vectors.gaussian(h.dim(), new Generator(9));
        assertTrue(relErr(h.apply(v), LinearOperator.dense(dense).apply(v)) < 1e-12);
    }

    @Test
    void batchesAreWeightedBySizeLikeOneBigBatch() {
        Module m = Tiny.mlp(6);
        HessianVectorProduct whole = new HessianVectorProduct(m, Tiny.data(70, 7));
        HessianVectorProduct parts = new HessianVectorProduct(m, Tiny.data(70, 30, 7)); // 30 + 30 + 10
        HessianVectorProduct rebuilt = new HessianVectorProduct(m, Tiny.data(70, 30, 7), Loss.CROSS_ENTROPY,
                HessianVectorProduct.Params.ALL, false);
        double[] v = Vectors.gaussian(whole.dim(), new Generator(1));
        double[] a = whole.apply(v);
        assertTrue(relErr(parts.apply(v), a) < 1e-12);
        assertTrue(relErr(parts.apply(v), a) < 1e-12, "cached graphs are reused correctly");
        assertTrue(relErr(rebuilt.apply(v), a) < 1e-12);
        assertEquals(2, parts.products());
    }

    @Test
    void weightsOnlySpaceSkipsBiasesAsLL() {
        Module m = Tiny.mlp(2);
        HessianVectorProduct all = new HessianVectorProduct(m, Tiny.data(40, 1));
        HessianVectorProduct weights = new HessianVectorProduct(m, Tiny.data(40, 1), Loss.CROSS_ENTROPY,
                HessianVectorProduct.Params.WEIGHTS, true);
        assertEquals(List.of("layers.0.weight", "layers.2.weight"), weights.names());
        assertEquals(32 + 24, weights.dim());
        // the weights-only Hessian is the principal sub-matrix of the full one
        double[][] full = all.toDense();
        double[][] sub = weights.toDense();
        int[] idx = new int[56];
        for (int i = 0; i < 32; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < 24; i++) {
            idx[32 + i] = 40 + i;
        }
        for (int i = 0; i < 56; i++) {
            for (int j = 0; j < 56; j++) {
                assertEquals(full[idx[i]][idx[j]], sub[i][j], 1e-12);
            }
        }
    }

    @Test
    void secondOrderThroughConvolutionsAndBatchNormInEvalMode() {
        Module net = ModelZoo.create("resnet8", new int[] {1, 8, 8}, 3, DType.FLOAT64, new Generator(5));
        Generator g = new Generator(8);
        Batch b = new Batch(Tensor.randn(g, DType.FLOAT64, 3, 1, 8, 8), Tensor.of(new double[] {0, 2, 1}, 3));
        HessianVectorProduct h = new HessianVectorProduct(net, List.of(b));
        assertTrue(!net.isTraining(), "the HVP evaluates in eval mode");
        double[] v = Vectors.gaussian(h.dim(), g);
        Vectors.scale(1e-2, v);
        double[] hv = h.apply(v);
        double[] fd = finiteDifference(net, h, v, 1e-4);
        assertTrue(relErr(hv, fd) < 1e-5, "ResNet-8 HVP vs finite differences: " + relErr(hv, fd));
    }

    @Test
    void productsOnSeparateModelsInParallelThreadsMatchSequentialOnes() throws Exception {
        // the engine numbers its passes atomically, so cached graphs in two threads never see a reused number
        List<Batch> data = Tiny.data(50, 3);
        double[] v = Vectors.gaussian(67, new Generator(2));
        double[][] want = new double[2][];
        for (int t = 0; t < 2; t++) {
            want[t] = new HessianVectorProduct(Tiny.mlp(10 + t), data).apply(v);
        }
        double[][] worst = new double[2][1];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                HessianVectorProduct h = new HessianVectorProduct(Tiny.mlp(10 + id), data);
                for (int k = 0; k < 300; k++) {
                    worst[id][0] = Math.max(worst[id][0], relErr(h.apply(v), want[id]));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0.0, worst[0][0]);
        assertEquals(0.0, worst[1][0]);
    }

    @Test
    void denseSpectrumOfTinyNetHasMixedSigns() {
        // the oracle used by the solver tests: a 67-parameter Hessian, its spectrum from Jacobi
        HessianVectorProduct h = new HessianVectorProduct(Tiny.mlp(1), Tiny.data(60, 2));
        SymmetricEigen e = SymmetricEigen.of(LinearOperator.symmetrize(h.toDense()));
        assertEquals(67, e.size());
        assertTrue(e.max() > 0);
    }
}
