package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.Mlp;
import dev.descent.ops.Losses;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.optim.SGD;
import dev.descent.optim.State;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: it learns, it resumes bit for bit, it stops on divergence and on a plateau. */
class TrainerTest {
    @TempDir
    Path tmp;

    /** A small run: an MLP with dropout on 100 spiral points, 4 batches per epoch. */
    private record Run(Module model, Optimizer optimizer, Trainer trainer) {}

    private static final TensorDataset SPIRALS = Synthetic.spirals(100, 3, 0.05, 11);

    private static Run run(Path out, int epochs, Schedule schedule, Callback extra) {
        Generator gen = new Generator(5);
        Module model = new Mlp(new int[] {2, 16, 16, 3}, "relu", 0.3, DType.FLOAT32, gen);
        Optimizer opt = new Optimizer(model.namedParameters(), Adam.withLr(0.02));
        Trainer.Builder b = Trainer.builder(model, opt).data(SPIRALS, 25, 77).epochs(epochs).schedule(schedule)
                .clipGradNorm(5.0).logEvery(2).outputDir(out).checkpointEvery(7).generator("init", gen)
                .runInfo(new RunInfo(null, new int[] {2}, 3, DType.FLOAT32, 5, "spirals", Map.of("lr", "0.02")));
        if (extra != null) {
            b.callback(extra);
        }
        return new Run(model, opt, b.build());
    }

    private static Callback stopAt(long step) {
        return new Callback() {
            @Override
            public void onStepEnd(StepEnd s) {
                if (s.step() == step) {
                    s.trainer().requestStop("test stop");
                }
            }
        };
    }

    private static void assertSameBits(Module a, Module b) {
        Map<String, Tensor> sa = a.stateDict();
        Map<String, Tensor> sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            assertArrayEquals(bits(sa.get(k)), bits(sb.get(k)), k);
        }
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    private static List<Map<String, Object>> withoutSeconds(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> c = new LinkedHashMap<>(r);
            c.remove("seconds");
            out.add(c);
        }
        return out;
    }

    @Test
    void trainingOnSpiralsLowersTheLossAndWritesMetrics() throws Exception {
        TensorDataset data = Synthetic.spirals(300, 3, 0.05, 7);
        Module model = new Mlp(new int[] {2, 32, 32, 3}, "relu", 0.0, DType.FLOAT32, new Generator(1));
        Optimizer opt = new Optimizer(model.namedParameters(), Adam.withLr(0.03));
        try (Trainer t = Trainer.builder(model, opt).data(data, 32, 3).validationSplit(0.2).epochs(15)
                .outputDir(tmp).checkpoints(false).build()) {
            TrainResult r = t.fit();
            List<Map<String, Object>> epochs = r.metrics().stream().filter(m -> m.get("kind").equals("epoch")).toList();
            assertEquals(15, epochs.size());
            double first = (double) epochs.getFirst().get("loss");
            double last = (double) epochs.getLast().get("loss");
            assertTrue(last < 0.8 * first, "training loss " + first + " -> " + last);
            assertTrue((double) epochs.getLast().get("val_loss") < (double) epochs.getFirst().get("val_loss"));
            assertTrue(r.valAccuracy() > 0.6, "validation accuracy " + r.valAccuracy());
            assertEquals(15, r.epochs());
            assertEquals(15L * 8, r.steps()); // 240 training examples in batches of 32
            assertNull(r.stopReason());
            List<String> csv = Files.readAllLines(tmp.resolve(MetricsLog.CSV));
            assertTrue(csv.get(0).startsWith("# descent "), csv.get(0));
            assertEquals(String.join(",", MetricsLog.COLUMNS), csv.get(1));
            assertEquals(r.metrics().size() + 2, csv.size());
            assertEquals(r.metrics().size(), Files.readAllLines(tmp.resolve(MetricsLog.JSONL)).size());
            assertFalse(Files.exists(tmp.resolve(Checkpoint.CHECKPOINTS)));
        }
    }

    @Test
    void resumedRunEndsWithTheSameBitsAsTheUninterruptedOne() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Run whole = run(a, 3, Schedule.cosine(), null);
        TrainResult ra = whole.trainer().fit();
        assertEquals(12, ra.steps());
        assertTrue(Files.isDirectory(a.resolve("checkpoints/step-7")));
        assertEquals("step-12", Files.readString(a.resolve("checkpoints/latest")).strip());

        Run first = run(b, 3, Schedule.cosine(), stopAt(7));
        TrainResult rb = first.trainer().fit();
        assertEquals(7, rb.steps());
        assertEquals("test stop", rb.stopReason());
        assertEquals("step-7", Files.readString(b.resolve("checkpoints/latest")).strip());

        Run second = run(b, 3, Schedule.cosine(), null);
        assertEquals(7, second.trainer().resume(b).step());
        assertEquals(1, second.trainer().epoch());
        assertEquals(3, second.trainer().batchInEpoch());
        TrainResult rc = second.trainer().fit();
        assertEquals(12, rc.steps());
        assertSameBits(whole.model(), second.model());
        assertEquals(whole.optimizer().group(0).lr(), second.optimizer().group(0).lr());
        for (String p : whole.model().namedParameters().keySet()) {
            State sa = whole.optimizer().state(p);
            State sc = second.optimizer().state(p);
            assertEquals(sa.step(), sc.step());
            assertArrayEquals(bits(sa.tensor("exp_avg_sq")), bits(sc.tensor("exp_avg_sq")), p);
        }
        for (String g : whole.trainer().generators().keySet()) {
            assertArrayEquals(whole.trainer().generators().get(g).getState(), second.trainer().generators().get(g).getState());
        }
        assertEquals(withoutSeconds(ra.metrics()), withoutSeconds(rc.metrics()));
        assertEquals(Files.readAllLines(a.resolve(MetricsLog.CSV)).size(), Files.readAllLines(b.resolve(MetricsLog.CSV)).size());

        // the uninterrupted run's own step-7 checkpoint resumes to the same bits as well
        Run third = run(tmp.resolve("c"), 3, Schedule.cosine(), null);
        third.trainer().resume(a.resolve("checkpoints/step-7")).fit();
        assertSameBits(whole.model(), third.model());
    }

    @Test
    void resumeIsSensitiveToTheDropoutGenerators() throws Exception {
        Path b = tmp.resolve("b");
        Run whole = run(tmp.resolve("a"), 3, Schedule.step(1, 0.5), null);
        whole.trainer().fit();
        run(b, 3, Schedule.step(1, 0.5), stopAt(7)).trainer().fit();
        Run resumed = run(b, 3, Schedule.step(1, 0.5), null);
        resumed.trainer().resume(b);
        resumed.trainer().generators().get("module:layers.2").setState(new Generator(99).getState());
        resumed.trainer().fit();
        Tensor wa = whole.model().namedParameters().get("layers.0.weight");
        Tensor wr = resumed.model().namedParameters().get("layers.0.weight");
        assertFalse(java.util.Arrays.equals(bits(wa), bits(wr)), "other dropout masks must change the result");
    }

    @Test
    void resumeRefusesACheckpointOfAnotherRun() throws Exception {
        Path b = tmp.resolve("b");
        run(b, 3, Schedule.cosine(), stopAt(7)).trainer().fit();
        Run other = run(tmp.resolve("x"), 4, Schedule.cosine(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.trainer().resume(b));
        assertTrue(e.getMessage().contains("planned for 3 epochs"), e.getMessage());
        Run none = run(tmp.resolve("y"), 3, Schedule.none(), null);
        e = assertThrows(IllegalArgumentException.class, () -> none.trainer().resume(b));
        assertTrue(e.getMessage().contains("schedule cosine"), e.getMessage());
    }

    private static Trainer diverging(Path out, double lr, double clip) {
        Synthetic.Regression reg = Synthetic.linear(64, 4, 0.1, 3);
        Module model = new Linear(4, 1, true, DType.FLOAT32, new Generator(2));
        Optimizer opt = new Optimizer(model.namedParameters(), SGD.withLr(lr));
        Trainer.Builder b = Trainer.builder(model, opt).data(reg.data(), 16, 1).epochs(50)
                .loss((o, y) -> Losses.mse(o.reshape(-1), y)).outputDir(out).checkpoints(false)
                .divergenceGuard(new DivergenceGuard("--clip-grad-norm 1.0"));
        if (!Double.isNaN(clip)) {
            b.clipGradValue(clip);
        }
        return b.build();
    }

    @Test
    void divergenceGuardNamesTheStepTheLastFiniteLossAndTheFix() {
        Trainer t = diverging(tmp, 1.5, Double.NaN);
        DivergenceException e = assertThrows(DivergenceException.class, t::fit);
        String m = e.getMessage();
        assertTrue(m.startsWith("training diverged at step " + e.step() + " (epoch "), m);
        assertTrue(m.contains("; the last finite loss was "), m);
        assertTrue(m.endsWith("Lower the learning rate (now 1.5), or clip gradients with --clip-grad-norm 1.0"), m);
        assertFalse(m.contains("\n"));
        assertEquals(e.step() - 1, e.lastFiniteStep());
        assertTrue(Double.isFinite(e.lastFiniteLoss()) && e.lastFiniteLoss() > 1e10, "last finite " + e.lastFiniteLoss());
        assertEquals(e.step(), t.step());
        for (Tensor p : t.model().parameters()) {
            for (float v : p.toFloatArray()) {
                assertTrue(Float.isFinite(v), "the diverging step must not update the weights");
            }
        }
    }

    @Test
    void earlyStoppingStopsWhenTheValidationLossStopsImproving() {
        Module model = new Mlp(new int[] {2, 8, 3}, "relu", 0.0, DType.FLOAT32, new Generator(1));
        Optimizer opt = new Optimizer(model.namedParameters(), SGD.withLr(0.0)); // nothing changes: no improvement
        List<Integer> seen = new ArrayList<>();
        Trainer t = Trainer.builder(model, opt).data(SPIRALS, 50, 1).validationSplit(0.2).epochs(20).earlyStopping(2)
                .callback(new Callback() {
                    @Override
                    public void onEpochEnd(EpochEnd e) {
                        seen.add(e.epoch());
                    }
                }).build();
        TrainResult r = t.fit();
        assertEquals(3, r.epochs());
        assertEquals(List.of(1, 2, 3), seen);
        assertTrue(r.stopReason().startsWith("early stopping: the validation loss has not improved for 2 epochs"),
                r.stopReason());
        assertThrows(IllegalStateException.class, () -> Trainer.builder(model, opt).data(SPIRALS, 50, 1).earlyStopping(2)
                .build());
    }

    @Test
    void progressBarDrawsFramesOnATerminalAndLinesElsewhere() {
        for (boolean terminal : new boolean[] {true, false}) {
            StringWriter sw = new StringWriter();
            Module model = new Mlp(new int[] {2, 8, 3}, "relu", 0.0, DType.FLOAT32, new Generator(1));
            Optimizer opt = new Optimizer(model.namedParameters(), Momentum.withLr(0.05));
            Trainer.builder(model, opt).data(SPIRALS, 20, 1).validationSplit(0.2).epochs(2)
                    .progress(new ProgressBar(new PrintWriter(sw), terminal, 0)).build().fit();
            String text = sw.toString();
            assertTrue(text.startsWith("training: 2 epochs of 4 steps\n"), text);
            assertTrue(text.contains("epoch 1/2 [#####---------------] 1/4"), text);
            assertTrue(text.contains("samples/s"), text);
            assertTrue(text.contains("epoch 2/2 done: loss "), text);
            assertTrue(text.contains("val_acc "), text);
            assertEquals(terminal, text.contains("\r"), text);
            assertNotEquals(-1, text.indexOf("ETA "));
        }
    }

    @Test
    void lbfgsTrainsThroughItsClosure() {
        Module model = new Mlp(new int[] {2, 8, 3}, "tanh", 0.0, DType.FLOAT64, new Generator(1));
        Optimizer opt = new Optimizer(model.namedParameters(), dev.descent.optim.Algorithms.create("lbfgs",
                Map.of("lr", "0.5", "max-iter", "5")));
        TrainResult r = Trainer.builder(model, opt).data(SPIRALS.to(DType.FLOAT64), 100, 1).epochs(4).logEvery(1).build()
                .fit();
        List<Map<String, Object>> steps = r.metrics().stream().filter(m -> m.get("kind").equals("step")).toList();
        assertEquals(4, steps.size());
        assertTrue((double) steps.getLast().get("loss") < (double) steps.getFirst().get("loss"), steps.toString());
    }
}
