package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static dev.descent.nn.NnTesting.assertClose;
import static dev.descent.nn.NnTesting.gen;
import static dev.descent.nn.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ops.Conv;
import dev.descent.ops.NnFunctional;
import dev.descent.ops.Pool;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batch-norm statistics, dropout, residual connections and the thin layers' forward values and checks. */
class LayersTest {
    @Test
    void batchNormUpdatesRunningStatisticsWithMomentumAndUnbiasedVariance() {
        SplittableRandom r = new SplittableRandom(1);
        BatchNorm2d bn = new BatchNorm2d(3, F64);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        Tensor x = uniform(r, 4, 3, 2, 2).mul(3).add(1);
        Tensor y = bn.forward(x);
        int[] dims = {0, 2, 3};
        Tensor mean = x.mean(dims, false);
        Tensor unbiased = x.var(dims, 1, false);
        assertClose(mean.mul(0.1), bn.runningMean(), 1e-12, "running mean after one step");
        assertClose(unbiased.mul(0.1).add(0.9), bn.runningVar(), 1e-12, "running var after one step");
        assertEquals(1, bn.numBatchesTracked());
        // training output uses the batch statistics (biased variance)
        Tensor expected = x.sub(mean.reshape(1, 3, 1, 1)).div(x.var(dims, 0, true).add(1e-5).sqrt());
        assertClose(expected, y, 1e-10, "training normalization");
        // a second step composes the exponential average
        Tensor x2 = uniform(r, 4, 3, 2, 2);
        bn.forward(x2);
        assertClose(mean.mul(0.1 * 0.9).add(x2.mean(dims, false).mul(0.1)), bn.runningMean(), 1e-12, "second step");
        assertEquals(2, bn.numBatchesTracked());
        // evaluation uses the running statistics and leaves them alone
        bn.eval();
        Tensor rm = bn.runningMean().clone();
        Tensor rv = bn.runningVar().clone();
        Tensor ye = bn.forward(x);
        assertClose(x.sub(rm.reshape(1, 3, 1, 1)).div(rv.add(1e-5).sqrt().reshape(1, 3, 1, 1)), ye, 1e-12, "eval");
        assertClose(rm, bn.runningMean(), 0, "no update in eval");
        assertEquals(2, bn.numBatchesTracked());
    }

    @Test
    void batchNormCumulativeMomentumAndWithoutRunningStatistics() {
        SplittableRandom r = new SplittableRandom(2);
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, BatchNorm.CUMULATIVE, true, true, F64);
        Tensor a = uniform(r, 5, 2);
        Tensor b = uniform(r, 5, 2);
        bn.forward(a);
        bn.forward(b);
        assertClose(a.mean(0, false).add(b.mean(0, false)).div(2), bn.runningMean(), 1e-12, "cumulative average");
        BatchNorm1d free = new BatchNorm1d(2, 1e-5, 0.1, false, false, F64);
        assertTrue(free.stateDict().isEmpty());
        free.eval();
        Tensor y = free.forward(a);
        assertClose(a.sub(a.mean(0, true)).div(a.var(new int[] {0}, 0, true).add(1e-5).sqrt()), y, 1e-10,
                "batch statistics in eval without running stats");
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(F64, 5, 3)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(4, 3)));
    }

    @Test
    void dropoutIsSeededAndIdentityInEvaluation() {
        Tensor x = Tensor.ones(F64, 1000);
        Dropout a = new Dropout(0.3, gen(5));
        Dropout b = new Dropout(0.3, gen(5));
        Tensor ya = a.forward(x);
        assertClose(ya, b.forward(x), 0, "same seed, same mask");
        double kept = 0;
        for (double v : ya.toDoubleArray()) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.7) < 1e-12, "inverted scaling");
            kept += v == 0 ? 0 : 1;
        }
        assertEquals(700, kept, 60);
        a.eval();
        assertSame(x, a.forward(x));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    }

    @Test
    void residualAddsTheShortcutAndProjectsWhenShapesDiffer() {
        SplittableRandom r = new SplittableRandom(3);
        Linear body = new Linear(4, 4, true, F64, gen(1));
        Residual res = new Residual(body);
        Tensor x = uniform(r, 2, 4);
        assertClose(body.forward(x).add(x), res.forward(x), 0, "identity shortcut");
        // a strided, widening body: the 1×1 conv + BN projection matches shapes
        Conv2d conv = new Conv2d(2, 4, 3, 2, 1, 1, 1, false, F64, gen(2));
        Residual proj = Residual.conv(conv, 2, 4, 2, true, F64, gen(3));
        assertEquals(List.of("body.weight", "shortcut.0.weight", "shortcut.1.weight", "shortcut.1.bias"),
                List.copyOf(proj.namedParameters().keySet()));
        Tensor img = uniform(r, 2, 2, 6, 6);
        Module shortcut = proj.children().get("shortcut");
        Tensor expected = conv.forward(img).add(shortcut.forward(img));
        assertClose(expected, proj.forward(img), 1e-12, "projection shortcut");
        assertArrayEquals(new int[] {2, 4, 3, 3}, proj.forward(img).shape());
        // the plain twin: same body, no shortcut parameters, output = body
        Residual plain = Residual.conv(conv, 2, 4, 2, false, F64, gen(3));
        assertEquals(List.of("body.weight"), List.copyOf(plain.namedParameters().keySet()));
        assertClose(conv.forward(img), plain.forward(img), 0, "skip=false");
        // same shapes: no projection
        assertEquals(1, Residual.conv(new Conv2d(4, 4, 3, 1, 1), 4, 4, 1, true, F64, gen(0)).children().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Residual(conv).forward(img));
        assertTrue(e.getMessage().contains("projection"), e.getMessage());
        Residual lin = Residual.linear(new Linear(3, 5, true, F64, gen(4)), 3, 5, true, F64, gen(5));
        assertArrayEquals(new int[] {2, 5}, lin.forward(uniform(r, 2, 3)).shape());
    }

    @Test
    void thinLayersDelegateToTheOps() {
        SplittableRandom r = new SplittableRandom(4);
        Tensor x = uniform(r, 2, 4, 7, 6);
        Conv2d c = new Conv2d(4, 6, 3, 3, 2, 1, 1, 1, 2, 1, 2, true, F64, gen(1));
        assertClose(Conv.conv2d(x, c.weight(), c.bias(), 2, 1, 1, 1, 2, 1, 2), c.forward(x), 0, "Conv2d");
        assertClose(Pool.maxPool2d(x, 3, 2, 1), new MaxPool2d(3, 2, 1).forward(x), 0, "MaxPool2d");
        assertClose(Pool.avgPool2d(x, 2, 2, 0), new AvgPool2d(2).forward(x), 0, "AvgPool2d");
        assertClose(Pool.adaptiveAvgPool2d(x, 1, 1), new AdaptiveAvgPool2d(1).forward(x), 0, "AdaptiveAvgPool2d");
        assertArrayEquals(new int[] {2, 168}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 4, 42}, new Flatten(2, 3).forward(x).shape());
        assertSame(x, new Identity().forward(x));
        Tensor seq = uniform(r, 2, 3, 9);
        Conv1d c1 = new Conv1d(3, 6, 3, 2, 1, 2, 3, true, F64, gen(2));
        assertClose(Conv.conv1d(seq, c1.weight(), c1.bias(), 2, 1, 2, 3), c1.forward(seq), 0, "Conv1d");
        LayerNorm ln = new LayerNorm(new int[] {7, 6}, 1e-5, true, true, F64);
        assertClose(NnFunctional.layerNorm(x, new int[] {7, 6}, ln.weight(), ln.bias()), ln.forward(x), 0, "LayerNorm");
        assertEquals("Conv2d(4, 6, kernel_size=3, stride=(2, 1), padding=1, dilation=(2, 1), groups=2)", c.toString());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 1, 1, 2, true, F64, gen(0)));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6));
    }

    @Test
    void embeddingLooksUpRowsAndMovesWithTheModuleType() {
        Embedding e = new Embedding(10, 4, null, F64, gen(1));
        Tensor idx = Tensor.of(new double[] {3, 0, 9, 3}).reshape(2, 2);
        Tensor out = e.forward(idx);
        assertArrayEquals(new int[] {2, 2, 4}, out.shape());
        assertClose(e.weight().select(0, 9), out.select(0, 1).select(0, 0), 0, "row 9");
        Embedding p = new Embedding(10, 4, -1, F64, gen(1));
        assertEquals(0.0, p.weight().select(0, 9).abs().sum().item());
        assertEquals("Embedding(10, 4, padding_idx=9)", p.toString());
        e.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, e.forward(idx).dtype());
        assertNotSame(out, e.forward(idx));
    }
}
