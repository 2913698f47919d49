package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Module;
import dev.descent.tensor.Tensor;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Surface2dTest {
    static final TensorDataset DATA = Fixtures.blobs(200);
    static final Supplier<Module> MLP = Fixtures.mlpFactory();
    static final Module TRAINED = Fixtures.trained(MLP, DATA, 30, 1);
    static final EvalSet EVAL = EvalSet.first(DATA, 150, 64);
    static final Plane PLANE = Plane.random(TRAINED, 123, Normalization.FILTER, true);

    static Surface2d.Builder small() {
        return Surface2d.builder(MLP, TRAINED.stateDict(), PLANE, EVAL).grid(-1, 1, 5, -0.5, 1, 4);
    }

    static void assertGridsEqual(double[][] a, double[][] b) {
        assertEquals(a.length, b.length);
        for (int j = 0; j < a.length; j++) {
            assertArrayEquals(a[j], b[j], 0.0, "row " + j);
        }
    }

    @Test
    void eachPointIsTheLossOfThePerturbedWeights() {
        Surface2d.Result r = small().fastPath(false).workers(1).build().run();
        assertTrue(r.complete());
        assertEquals(20, r.computed());
        // the centre column x = 0 at y = 0 is the trained model itself
        Metrics at0 = EVAL.evaluate(TRAINED, Loss.CROSS_ENTROPY);
        assertEquals(at0.loss(), r.loss()[1][2], 1e-6);
        assertEquals(at0.accuracy(), r.accuracy()[1][2], 0.0);
        // an off-centre point by hand: θ + αδ + βη with α = 0.5, β = 1
        Module m = MLP.get();
        m.loadStateDict(TRAINED.stateDict(), true);
        try (var s = GradMode.noGrad()) {
            for (var e : m.namedParameters().entrySet()) {
                Tensor v = TRAINED.namedParameters().get(e.getKey()).detach()
                        .add(PLANE.x().get(e.getKey()).mul(0.5)).add(PLANE.y().get(e.getKey()));
                e.getValue().copy_(v);
            }
        }
        Metrics by = EVAL.evaluate(m, Loss.CROSS_ENTROPY);
        assertEquals(by.loss(), r.loss()[3][3], 1e-5 * by.loss());
        assertEquals(by.accuracy(), r.accuracy()[3][3], 1.0 / 150 + 1e-12);
    }

    @Test
    void parallelWorkersGiveTheSameGridAsOne() {
        Surface2d.Result one = small().fastPath(false).workers(1).build().run();
        Surface2d.Result three = small().fastPath(false).workers(3).build().run();
        assertGridsEqual(one.loss(), three.loss());
        assertGridsEqual(one.accuracy(), three.accuracy());
    }

    @Test
    void linearFirstLayerFastPathAgreesWithDirectEvaluation() {
        Surface2d.Result direct = small().fastPath(false).build().run();
        Surface2d.Result fast = small().fastPath(true).build().run();
        assertTrue(fast.fastPath());
        assertFalse(direct.fastPath());
        for (int j = 0; j < direct.loss().length; j++) {
            for (int i = 0; i < direct.loss()[j].length; i++) {
                assertEquals(direct.loss()[j][i], fast.loss()[j][i], 1e-5 * Math.max(1, direct.loss()[j][i]));
                assertEquals(direct.accuracy()[j][i], fast.accuracy()[j][i], 2.0 / 150);
            }
        }
    }

    @Test
    void interruptedRunResumesFromItsLogWithoutRecomputingAndEndsIdentical(@TempDir Path dir) throws Exception {
        Surface2d.Result whole = small().workers(2).build().run();
        Path log = dir.resolve("surface.csv");
        Surface2d.Result part = small().workers(2).log(log).limit(7).build().run();
        assertEquals(7, part.computed());
        assertFalse(part.complete());
        int[] seen = {0};
        Surface2d.Result rest = small().workers(2).log(log).listener((i, done, total, m) -> seen[0]++).build().run();
        assertEquals(7, rest.resumed());
        assertEquals(13, rest.computed(), "only the missing points are computed");
        assertEquals(13, seen[0]);
        assertTrue(rest.complete());
        assertGridsEqual(whole.loss(), rest.loss());
        assertGridsEqual(whole.accuracy(), rest.accuracy());
        // a third run has nothing left to do
        Surface2d.Result again = small().log(log).build().run();
        assertEquals(0, again.computed());
        assertEquals(20, again.resumed());
        assertGridsEqual(whole.loss(), again.loss());
        assertEquals(3 + 20, Files.readAllLines(log).size());
    }

    @Test
    void aListenerThatThrowsStopsTheRunLikeACrash(@TempDir Path dir) {
        Path log = dir.resolve("s.csv");
        int[] count = {0};
        RuntimeException boom = assertThrows(RuntimeException.class, () -> small().workers(2).log(log)
                .listener((i, done, total, m) -> {
                    if (++count[0] == 4) {
                        throw new IllegalStateException("simulated crash");
                    }
                }).build().run());
        assertEquals("simulated crash", boom.getMessage());
        Surface2d.Result rest = small().log(log).build().run();
        assertTrue(rest.resumed() >= 4 && rest.resumed() <= 5, "resumed " + rest.resumed());
        assertTrue(rest.complete());
        assertGridsEqual(small().build().run().loss(), rest.loss());
    }

    @Test
    void aLineCutShortIsDroppedAndAForeignLogIsRefused(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("s.csv");
        small().log(log).limit(5).build().run();
        Files.writeString(log, "17,0.5,0.", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // power cut mid-line
        Surface2d.Result rest = small().log(log).build().run();
        assertEquals(5, rest.resumed());
        assertEquals(15, rest.computed());
        assertGridsEqual(small().build().run().loss(), rest.loss());
        // the same log for another plane
        Plane other = Plane.random(TRAINED, 124, Normalization.FILTER, true);
        var e = assertThrows(UncheckedIOException.class, () -> Surface2d.builder(MLP, TRAINED.stateDict(), other, EVAL)
                .grid(-1, 1, 5, -0.5, 1, 4).log(log).build().run());
        assertTrue(e.getMessage().contains("different surface"), e.getMessage());
    }

    @Test
    void batchNormStatisticsComeFromTheTrainedWeightsAndAreNotPerturbed() {
        TensorDataset images = Fixtures.images(60);
        Module net = Fixtures.trained(Fixtures.resnetFactory(), images, 3, 2);
        Map<String, Tensor> state = net.stateDict();
        assertTrue(state.get("bn1.running_mean").abs().sum().item() > 0, "training moved the running mean");
        Plane p = Plane.random(net, 7, Normalization.FILTER, true);
        EvalSet eval = EvalSet.first(images, 40, 20);
        Surface2d.Result r = Surface2d.builder(Fixtures.resnetFactory(), state, p, eval).grid(-0.5, 0.5, 3, -0.5, 0.5, 3)
                .workers(2).build().run();
        assertFalse(r.fastPath());
        assertEquals(eval.evaluate(net, Loss.CROSS_ENTROPY).loss(), r.centerLoss(), 1e-5);
        assertTrue(r.loss()[0][0] != r.centerLoss());
    }

    @Test
    void gridSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> small().grid(1, -1, 5, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> small().workers(0));
        List<Double> none = List.of();
        assertTrue(none.isEmpty());
    }
}
