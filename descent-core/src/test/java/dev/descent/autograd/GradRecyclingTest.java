package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.BufferPool;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.Losses;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine gives dead gradient buffers to {@link BufferPool}; these tests prove it never gives one
 * that is still read. Each experiment runs twice, with pooling off and with pooling on, and every
 * recycled array is poisoned with NaN: a gradient wrongly believed dead then reads NaN, or is
 * overwritten by the allocations that follow, and the two runs' bits differ. Shapes are large enough
 * ({@value #ROWS}×{@value #COLS} and up) for the pool to take them.
 */
class GradRecyclingTest {
    private static final DType F32 = DType.FLOAT32;
    private static final int ROWS = 64;
    private static final int COLS = 512;

    @AfterEach
    void restorePool() {
        BufferPool.setPoisoning(false);
        BufferPool.setEnabled(true);
    }

    /** The experiment's outputs with pooling off, then with pooling on (poisoned); asserts equal bits. */
    private static long sameBitsPooledOrNot(Supplier<List<Tensor>> experiment) {
        BufferPool.setEnabled(false);
        List<float[]> plain = snapshot(experiment.get());
        BufferPool.setEnabled(true);
        BufferPool.setPoisoning(true);
        long before = BufferPool.recycledCount();
        List<float[]> pooled = snapshot(experiment.get());
        long recycled = BufferPool.recycledCount() - before;
        assertEquals(plain.size(), pooled.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), pooled.get(i), "output " + i);
        }
        return recycled;
    }

    /** Copies the outputs after churning the pool: same-sized allocations that would overwrite a recycled output. */
    private static List<float[]> snapshot(List<Tensor> outputs) {
        List<Tensor> churn = new ArrayList<>();
        Generator g = new Generator(99);
        for (Tensor t : outputs) {
            churn.add(Tensor.randn(g, F32, t.shape()));
        }
        List<float[]> copies = new ArrayList<>();
        for (Tensor t : outputs) {
            copies.add(t.toFloatArray());
        }
        return copies;
    }

    private static Tensor leaf(long seed) {
        return Tensor.randn(new Generator(seed), F32, ROWS, COLS).requiresGrad_(true);
    }

    @Test
    void gradientsPassedOnUnchangedOrAsViewsAreNotRecycledWhileHeld() {
        long recycled = sameBitsPooledOrNot(() -> {
            Tensor x = leaf(1);
            Tensor w = leaf(2);
            Tensor h = x.mul(w);                                   // the gradient arriving here is fresh
            Tensor twice = h.add(h);                               // add hands g to both inputs
            Tensor viewed = h.reshape(COLS, ROWS).transpose(0, 1); // a view of a view of g flows back
            Tensor spread = h.sum(0, true).expand(ROWS, COLS);     // expand: g's sum, broadcast
            Tensor loss = twice.tanh().add(viewed.mul(2.0)).add(spread.relu()).add(x).sum();
            loss.backward();
            return List.of(x.grad(), w.grad());
        });
        assertTrue(recycled > 0, "the experiment must exercise recycling");
    }

    @Test
    void retainedGradientKeepsItsBuffer() {
        sameBitsPooledOrNot(() -> {
            Tensor x = leaf(3);
            Tensor h = x.tanh().retainGrad();
            Tensor k = h.mul(h).retainGrad();
            k.relu().sum().backward();
            return List.of(h.grad(), k.grad(), x.grad());
        });
    }

    @Test
    void retainGraphThenSecondBackwardAccumulatesTheSame() {
        long recycled = sameBitsPooledOrNot(() -> {
            Tensor x = leaf(4);
            Tensor w = leaf(5);
            Tensor loss = x.mul(w).tanh().mul(x).sum();
            loss.backward(null, true, false);
            Tensor first = x.grad().clone();
            loss.backward(null, false, false);
            return List.of(first, x.grad(), w.grad());
        });
        assertTrue(recycled > 0);
    }

    @Test
    void createGraphRecyclesNothingAndSecondDerivativesAgree() {
        sameBitsPooledOrNot(() -> {
            Tensor x = leaf(6);
            Tensor y = x.tanh().mul(x).sum();
            Tensor gx = Engine.grad(new Tensor[] {y}, null, new Tensor[] {x}, true, true, false)[0];
            Tensor hv = Engine.grad(new Tensor[] {gx.sum()}, null, new Tensor[] {x}, false, false, false)[0];
            return List.of(gx.detach(), hv);
        });
        Tensor x = leaf(6);
        Tensor y = x.tanh().mul(x).tanh().sum();
        long mark = BufferPool.recycledCount();
        Engine.grad(new Tensor[] {y}, null, new Tensor[] {x}, true, true, false);
        assertEquals(mark, BufferPool.recycledCount(), "a pass that records its graph must recycle nothing");
    }

    @Test
    void leafGradientAccumulatesInPlaceAcrossSteps() {
        long recycled = sameBitsPooledOrNot(() -> {
            Tensor x = leaf(7);
            Tensor w = leaf(8);
            List<Tensor> out = new ArrayList<>();
            Tensor firstGrad = null;
            for (int step = 0; step < 3; step++) {
                x.mul(w).relu().mul(w).sum().backward();
                if (firstGrad == null) {
                    firstGrad = w.grad();
                }
                assertSame(firstGrad, w.grad(), "an existing .grad is accumulated into, not replaced");
                out.add(w.grad().clone());
            }
            return out;
        });
        assertTrue(recycled > 0);
    }

    @Test
    void gradResultsAreNotRecycled() {
        sameBitsPooledOrNot(() -> {
            Tensor x = leaf(9);
            Tensor h = x.mul(x);
            Tensor y = h.tanh().sum();
            Tensor[] g = Engine.grad(new Tensor[] {y}, null, new Tensor[] {x, h}, false, false, false);
            return List.of(g[0], g[1]);
        });
    }

    /** Every zoo model (except the deep ResNets), a few SGD-momentum steps on random data: parameters bit for bit. */
    @Test
    void modelZooTrainsToTheSameBitsWithPooling() {
        SplittableRandom rnd = new SplittableRandom(2026);
        long recycled = 0;
        for (String name : List.of("mlp", "lenet", "vgg", "resnet20", "lstm", "transformer")) {
            long seed = rnd.nextLong();
            // large enough that activations and their gradients reach the pool's minimum length
            int batch = name.equals("mlp") ? 32 + rnd.nextInt(17) : 4 + rnd.nextInt(5);
            int[] example = switch (name) {
                case "mlp" -> new int[] {784};
                case "transformer", "lstm" -> new int[] {12 + rnd.nextInt(8), 48};
                case "lenet" -> new int[] {1, 28, 28};
                default -> new int[] {3, 32, 32};
            };
            // Bit for bit, the transformer too: its LayerNorm kernel once summed lanes with reduceLanes, whose
            // order changes when the JIT compiles it (FixedOrderSourcesTest now forbids that).
            recycled += sameBitsPooledOrNot(() -> train(name, example, batch, seed));
        }
        assertTrue(recycled > 0);
    }

    private static List<Tensor> train(String name, int[] example, int batch, long seed) {
        Generator gen = new Generator(seed);
        Module net = ModelZoo.create(name, example, 10, F32, gen);
        Optimizer opt = new Optimizer(net.namedParameters(), Momentum.of(0.01, 0.9));
        int[] xs = new int[example.length + 1];
        xs[0] = batch;
        System.arraycopy(example, 0, xs, 1, example.length);
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(gen, F32, xs);
            Tensor y = Tensor.randint(gen, F32, 0, 10, batch);
            opt.zeroGrad();
            Losses.crossEntropy(net.forward(x), y).backward();
            opt.step();
        }
        return new ArrayList<>(net.parameters());
    }
}
