package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.BufferPool;
import dev.descent.nn.Activation;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.Summary;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.Losses;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.ActivationScope;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a backward, the saved activations that only the graph held go to {@link BufferPool} and the
 * next allocations reuse them. These tests prove no activation that is still read is given away: each
 * experiment runs with pooling off, then on with every recycled array poisoned with NaN (and reused
 * at once by the allocations that follow), and the two must agree bit for bit. This package is not
 * the library's, so the modules defined here are user code, which may keep what it sees.
 */
class ActivationRecyclingTest {
    private static final DType F32 = DType.FLOAT32;

    @AfterEach
    void restorePool() {
        BufferPool.setPoisoning(false);
        BufferPool.setEnabled(true);
    }

    /** The experiment's outputs with pooling off, then on (poisoned); asserts equal bits; returns the activations recycled. */
    private static long sameBitsPooledOrNot(Supplier<List<Tensor>> experiment) {
        return sameBitsPooledOrNot("", experiment);
    }

    private static long sameBitsPooledOrNot(String label, Supplier<List<Tensor>> experiment) {
        BufferPool.setEnabled(false);
        List<float[]> plain = values(experiment.get());
        BufferPool.setEnabled(true);
        BufferPool.setPoisoning(true);
        long before = Storage.activationsRecycled();
        List<float[]> pooled = values(experiment.get());
        long recycled = Storage.activationsRecycled() - before;
        assertEquals(plain.size(), pooled.size());
        for (int i = 0; i < plain.size(); i++) {
            if (label.equals("lstm")) {
                // The LSTM gates' exp/tanh differ in the last bit between interpreted and compiled code
                // (also with pooling off in both runs); a wrongly recycled array would read NaN or garbage.
                float[] p = plain.get(i);
                float[] q = pooled.get(i);
                for (int j = 0; j < p.length; j++) {
                    assertEquals(p[j], q[j], 1e-5 * (1 + Math.abs(p[j])), label + " output " + i + " at " + j);
                }
            } else {
                assertArrayEquals(plain.get(i), pooled.get(i), label + " output " + i);
            }
        }
        return recycled;
    }

    private static List<float[]> values(List<Tensor> outputs) {
        List<float[]> copies = new ArrayList<>();
        for (Tensor t : outputs) {
            copies.add(t.toFloatArray());
        }
        return copies;
    }

    private static int[] exampleOf(String name, SplittableRandom rnd) {
        return switch (name) {
            case "mlp" -> new int[] {784};
            case "transformer", "lstm" -> new int[] {12 + rnd.nextInt(8), 48};
            case "lenet" -> new int[] {1, 28, 28};
            default -> new int[] {3, 32, 32};
        };
    }

    private static Tensor batchOf(Generator gen, int batch, int[] example) {
        int[] xs = new int[example.length + 1];
        xs[0] = batch;
        System.arraycopy(example, 0, xs, 1, example.length);
        return Tensor.randn(gen, F32, xs);
    }

    /** Every zoo model called as a whole (so its activations are internal), a few steps: parameters bit for bit. */
    @Test
    void everyZooModelTrainsToTheSameBitsWhileItsActivationsAreRecycled() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (String name : List.of("mlp", "lenet", "vgg", "resnet20", "lstm", "transformer")) {
            long seed = rnd.nextLong();
            int batch = name.equals("mlp") ? 32 + rnd.nextInt(17) : 4 + rnd.nextInt(5);
            int[] example = exampleOf(name, rnd);
            long recycled = sameBitsPooledOrNot(name, () -> {
                Generator gen = new Generator(seed);
                Module net = ModelZoo.create(name, example, 10, F32, gen);
                Optimizer opt = new Optimizer(net.namedParameters(), Momentum.of(0.01, 0.9));
                List<Tensor> out = new ArrayList<>();
                for (int step = 0; step < 3; step++) {
                    Tensor x = batchOf(gen, batch, example);
                    Tensor y = Tensor.randint(gen, F32, 0, 10, batch);
                    opt.zeroGrad();
                    Tensor logits = net.call(x);
                    Losses.crossEntropy(logits, y).backward();
                    opt.step();
                    out.add(logits.detach()); // returned to the caller: must survive the next steps
                }
                out.addAll(net.parameters());
                return out;
            });
            assertTrue(recycled > 0, name + ": activations must be recycled");
        }
    }

    /** retainGraph keeps every activation; the final backward without it recycles them; grad(), createGraph and Summary in between. */
    @Test
    void retainGraphCreateGraphGradAndSummaryKeepWhatTheyNeed() {
        long recycled = sameBitsPooledOrNot(() -> {
            Generator gen = new Generator(11);
            Module net = ModelZoo.create("mlp", new int[] {784}, 10, F32, gen);
            Tensor x = batchOf(gen, 40, new int[] {784}).requiresGrad_(true);
            Tensor y = Tensor.randint(gen, F32, 0, 10, 40);
            List<Tensor> out = new ArrayList<>();
            Tensor w = net.parameters().get(0);
            for (int step = 0; step < 2; step++) {
                Tensor loss = Losses.crossEntropy(net.call(x), y);
                loss.backward(null, true, false);           // graph kept: nothing recycled yet
                out.add(w.grad().clone());
                if (step == 0) { // the recorded backward saves activations again, and is never released
                    Tensor[] g = Engine.grad(new Tensor[] {loss}, null, new Tensor[] {x, w}, true, true, false);
                    out.add(g[0].detach());
                    out.add(g[1].detach());
                    Tensor[] hv = Engine.grad(new Tensor[] {g[0].mul(g[0]).sum()}, null, new Tensor[] {w},
                            true, false, false);
                    out.add(hv[0]);
                } else {
                    Tensor[] g = Engine.grad(new Tensor[] {loss}, null, new Tensor[] {x, w}, true, false, false);
                    out.add(g[0]);
                    out.add(g[1]);
                }
                Summary.of(net, x.detach());                 // a no-grad forward in between
                loss.backward();                             // releases the graph: activations recycled
                out.add(w.grad().clone());
                out.add(x.grad().clone());
                w.grad().zero_();
                x.grad().zero_();
            }
            return out;
        });
        assertTrue(recycled > 0);
    }

    /** A user module that keeps its input, an intermediate and what a library layer returned to it. */
    static final class Stash extends Module {
        private final Linear inner;
        final List<Tensor> kept = new ArrayList<>();

        Stash(Generator gen) {
            inner = child("inner", new Linear(256, 256, true, F32, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = inner.call(x);
            Tensor t = h.tanh();
            kept.add(x);
            kept.add(h);
            kept.add(t);
            return t.mul(x);
        }
    }

    @Test
    void tensorsAUserModuleKeepsHoldTheirValuesAfterBackwardAndTheNextForward() {
        long recycled = sameBitsPooledOrNot(() -> {
            Generator gen = new Generator(12);
            Stash stash = new Stash(gen);
            Module net = new Sequential(new Linear(784, 256, true, F32, gen), Activation.relu(), stash,
                    new Linear(256, 256, true, F32, gen), Activation.relu(), new Linear(256, 10, true, F32, gen));
            Optimizer opt = new Optimizer(net.namedParameters(), Momentum.of(0.01, 0.9));
            List<float[]> atForward = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                Tensor x = batchOf(gen, 64, new int[] {784});
                Tensor y = Tensor.randint(gen, F32, 0, 10, 64);
                opt.zeroGrad();
                Tensor loss = Losses.crossEntropy(net.call(x), y);
                for (int i = atForward.size(); i < stash.kept.size(); i++) {
                    atForward.add(stash.kept.get(i).toFloatArray());
                }
                loss.backward();
                opt.step();
            }
            // every stashed tensor, of every step, still holds what it held when its forward ended
            for (int i = 0; i < atForward.size(); i++) {
                assertArrayEquals(atForward.get(i), stash.kept.get(i).toFloatArray(), "stashed tensor " + i);
            }
            List<Tensor> out = new ArrayList<>(stash.kept);
            out.addAll(net.parameters());
            return out;
        });
        assertTrue(recycled > 0, "the library layers around the user module still recycle");
    }

    @Test
    void aStepOfResNetAndMlpRecyclesActivationsAndTheNextStepReusesThem() {
        for (String name : List.of("mlp", "resnet20")) {
            Generator gen = new Generator(13);
            int[] example = name.equals("mlp") ? new int[] {784} : new int[] {3, 32, 32};
            int batch = name.equals("mlp") ? 64 : 8;
            Module net = ModelZoo.create(name, example, 10, F32, gen);
            Optimizer opt = new Optimizer(net.namedParameters(), Momentum.of(0.01, 0.9));
            Tensor x = batchOf(gen, batch, example);
            Tensor y = Tensor.randint(gen, F32, 0, 10, batch);
            long[] recycled = new long[3];
            long[] reused = new long[3];
            for (int step = 0; step < 3; step++) {
                long a = Storage.activationsRecycled();
                long r = BufferPool.reusedCount();
                opt.zeroGrad();
                Losses.crossEntropy(net.call(x), y).backward();
                opt.step();
                recycled[step] = Storage.activationsRecycled() - a;
                reused[step] = BufferPool.reusedCount() - r;
            }
            // MLP: two hidden layers' outputs at least; ResNet-20: a conv/BN output per layer at least.
            int atLeast = name.equals("mlp") ? 2 : 19;
            for (int step = 0; step < 3; step++) {
                assertTrue(recycled[step] >= atLeast, name + " step " + step + " recycled " + recycled[step]);
            }
            assertTrue(reused[2] >= recycled[1], name + ": the next step takes them back (" + reused[2] + " < "
                    + recycled[1] + ")");
        }
    }

    @Test
    void aForwardUnderNoGradRecyclesItsTemporariesButNotWhatItReturns() {
        sameBitsPooledOrNot(() -> {
            Generator gen = new Generator(14);
            Module net = ModelZoo.create("resnet20", new int[] {3, 32, 32}, 10, F32, gen);
            Tensor x = batchOf(gen, 6, new int[] {3, 32, 32});
            Tensor out = net.call(x);
            assertTrue(!out.storage().internal(), "what a library model returns to its caller has escaped");
            List<Tensor> outs = new ArrayList<>(List.of(out));
            try (var s = GradMode.noGrad()) {
                long before = Storage.activationsRecycled();
                for (int i = 0; i < 2; i++) {
                    outs.add(net.eval().call(x));
                }
                assertTrue(!BufferPool.enabled() || Storage.activationsRecycled() - before >= 19,
                        "an evaluation forward recycles its intermediate maps");
            }
            return outs;
        });
    }

    @Test
    void publicSavedEscapesItsTensorAndSecondBackwardStillFailsLoudly() {
        Generator gen = new Generator(15);
        Module net = ModelZoo.create("mlp", new int[] {784}, 10, F32, gen);
        Tensor loss = net.call(batchOf(gen, 64, new int[] {784})).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        long scope = ActivationScope.enter(true); // as inside a library forward
        try {
            Tensor t = Tensor.empty(F32, 128, 256);
            assertTrue(t.storage().internal());
            new Saved(t, "custom");
            assertTrue(!t.storage().internal(), "a tensor saved by user code may be referenced elsewhere");
        } finally {
            ActivationScope.exit(scope, null);
        }
    }
}
