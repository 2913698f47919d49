package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.io.Json;
import dev.descent.io.SafeTensors;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Algorithms;
import dev.descent.optim.Optimizer;
import dev.descent.optim.State;
import dev.descent.optim.StateDict;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: the layout, the metadata other commands read, atomic writes, exact optimizer state. */
class CheckpointTest {
    @TempDir
    Path tmp;

    private static final TensorDataset DATA = Synthetic.spirals(60, 3, 0.05, 3);
    private static final Map<String, String> HP = Map.of("optimizer", "adam", "lr", "0.01");

    private Trainer trainer(Path out, int epochs, int every) {
        Generator gen = new Generator(42);
        Module model = ModelZoo.create("mlp-8", new int[] {2}, 3, DType.FLOAT32, gen);
        Optimizer opt = new Optimizer(model.namedParameters(), Algorithms.create("adam", Map.of("lr", "0.01")));
        return Trainer.builder(model, opt).data(DATA, 20, 42).epochs(epochs).outputDir(out).checkpointEvery(every)
                .runInfo(new RunInfo("mlp-8", new int[] {2}, 3, DType.FLOAT32, 42, "spirals", HP)).build();
    }

    @Test
    void checkpointFilesAreSafetensorsWithTheDocumentedMetadata() throws Exception {
        Trainer t = trainer(tmp, 2, 4);
        t.fit();
        assertEquals(List.of("step-4", "step-6"), Checkpoint.list(tmp.resolve("checkpoints")).stream()
                .map(p -> p.getFileName().toString()).toList());
        Path dir = tmp.resolve("checkpoints/step-6");
        SafeTensors.Loaded model = SafeTensors.read(dir.resolve("model.safetensors"));
        Map<String, String> meta = model.metadata();
        assertEquals(dev.descent.Version.VERSION, meta.get("descent.version"));
        assertTrue(dev.descent.Version.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"),
                "filled from the POM: " + dev.descent.Version.VERSION);
        assertEquals("mlp-8", meta.get("model"));
        assertEquals("2", meta.get("input_shape"));
        assertEquals("3", meta.get("classes"));
        assertEquals("float32", meta.get("dtype"));
        assertEquals("42", meta.get("seed"));
        assertEquals("6", meta.get("step"));
        assertEquals("2", meta.get("epoch"));
        assertEquals("spirals", meta.get("data"));
        assertEquals(HP, Json.parse(meta.get("hyperparameters")));
        assertEquals(t.model().stateDict().keySet(), model.tensors().keySet().stream().collect(
                java.util.stream.Collectors.toSet()));

        SafeTensors.Loaded opt = SafeTensors.read(dir.resolve("optimizer.safetensors"));
        assertTrue(opt.tensors().containsKey("layers.0.weight/exp_avg"), opt.tensors().keySet().toString());
        assertTrue(opt.tensors().containsKey("layers.2.bias/exp_avg_sq"));
        assertEquals("Adam", opt.metadata().get("algorithm"));
        assertEquals("6", opt.metadata().get("steps"));

        Map<String, Object> trainer = JsonValues.object(Json.parse(Files.readString(dir.resolve("trainer.json"))), "t");
        assertEquals(2L, trainer.get("epoch"));
        assertEquals(0L, trainer.get("batch"));
        assertEquals(6L, trainer.get("step"));
        assertTrue(trainer.containsKey("generators") && trainer.containsKey("schedule") && trainer.containsKey("metrics"));

        Checkpoint ck = Checkpoint.load(tmp);
        assertEquals(dir, ck.dir());
        assertEquals(dir, Checkpoint.load(tmp.resolve("checkpoints")).dir());
        assertEquals(tmp.resolve("checkpoints/step-4"), Checkpoint.load(tmp.resolve("checkpoints/step-4")).dir());
        assertEquals("mlp-8", ck.modelName());
        assertArrayEquals(new int[] {2}, ck.inputShape());
        assertEquals(3, ck.classes());
        assertEquals(DType.FLOAT32, ck.dtype());
        assertEquals(42, ck.seed());
        assertEquals(6, ck.step());
        assertEquals(2, ck.epoch());
        assertEquals(HP, ck.hyperparameters());
        Module rebuilt = ck.model();
        assertFalse(rebuilt.isTraining());
        try (var s = GradMode.noGrad()) {
            Tensor x = DATA.features();
            assertArrayEquals(t.model().eval().forward(x).toFloatArray(), rebuilt.forward(x).toFloatArray());
        }
        StateDict sd = ck.optimizerState();
        assertEquals(6, sd.steps());
        assertArrayEquals(t.optimizer().state("layers.0.weight").tensor("exp_avg").toFloatArray(),
                sd.state().get("layers.0.weight").tensor("exp_avg").toFloatArray());
    }

    @Test
    void locateFallsBackToTheNewestStepFolderAndExplainsWhatItExpects() throws Exception {
        trainer(tmp, 2, 4).fit();
        Files.delete(tmp.resolve("checkpoints/latest"));
        assertEquals(tmp.resolve("checkpoints/step-6"), Checkpoint.locate(tmp));
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Checkpoint.load(empty));
        assertTrue(e.getMessage().contains("no checkpoint here (expected a run folder OUT, OUT/checkpoints or "
                + "OUT/checkpoints/step-N holding model.safetensors)"), e.getMessage());
        assertThrows(FileNotFoundException.class, () -> Checkpoint.load(tmp.resolve("missing")));
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesNoPartialFolderAndKeepsLatest() throws Exception {
        for (String failAfter : List.of("model.safetensors", "optimizer.safetensors", "trainer.json")) {
            Path out = tmp.resolve(failAfter);
            Trainer t = trainer(out, 2, 3);
            t.writeHook = name -> {
                if (name.equals(failAfter) && t.step() == 6) {
                    throw new IOException("disk full (simulated)");
                }
            };
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, t::fit);
            assertTrue(e.getMessage().contains("disk full (simulated)"), e.getMessage());
            Path ck = out.resolve("checkpoints");
            assertEquals(List.of("latest", "step-3"), entries(ck), failAfter);
            assertEquals("step-3", Files.readString(ck.resolve("latest")).strip());
            assertEquals(3, Checkpoint.load(out).step());
        }
    }

    @Test
    void replacingACheckpointOfTheSameStepIsAtomicToo() throws Exception {
        Trainer t = trainer(tmp, 1, 0);
        t.fit();
        Path dir = tmp.resolve("checkpoints/step-3");
        long before = Files.size(dir.resolve("trainer.json"));
        t.writeHook = name -> {
            if (name.equals("trainer.json")) {
                throw new IOException("simulated");
            }
        };
        assertThrows(IOException.class, t::saveCheckpoint);
        assertEquals(List.of("latest", "step-3"), entries(tmp.resolve("checkpoints")));
        assertEquals(before, Files.size(dir.resolve("trainer.json")));
        t.writeHook = null;
        t.saveCheckpoint();
        assertEquals(List.of("latest", "step-3"), entries(tmp.resolve("checkpoints")));
        assertEquals(3, Checkpoint.load(tmp).step());
    }

    @Test
    void staleTemporaryFoldersOfACrashAreRemovedAtTheNextStart() throws Exception {
        Path stale = Files.createDirectories(tmp.resolve("checkpoints/.step-9.tmp-123"));
        Files.writeString(stale.resolve("model.safetensors"), "half");
        trainer(tmp, 1, 0).fit();
        assertEquals(List.of("latest", "step-3"), entries(tmp.resolve("checkpoints")));
    }

    @Test
    void optimizerStateRoundTripsExactlyWithScalarsListsAndSpecialValues() throws Exception {
        for (String name : List.of("nadam", "asgd", "lbfgs", "rprop", "momentum", "adagrad")) {
            Tensor w = Tensor.randn(new Generator(1), DType.FLOAT64, 3, 2).requiresGrad_(true);
            Algorithm a = Algorithms.create(name, Map.of());
            Optimizer opt = new Optimizer(Map.of("w", w), a);
            for (int i = 0; i < 3; i++) {
                if (a.needsClosure()) {
                    opt.step(() -> {
                        opt.zeroGrad();
                        Tensor l = w.mul(w).sum().add(w.sum());
                        l.backward();
                        return l;
                    });
                } else {
                    opt.zeroGrad();
                    w.mul(w).sum().add(w.sum()).backward();
                    opt.step();
                }
            }
            StateDict sd = opt.stateDict();
            State s = sd.state().get("w");
            s.putScalar("special_nan", Double.NaN).putScalar("special_negzero", -0.0)
                    .putScalar("special_inf", Double.NEGATIVE_INFINITY);
            Path f = tmp.resolve(name + ".safetensors");
            OptimizerCheckpoint.write(f, sd);
            StateDict back = OptimizerCheckpoint.read(f);
            assertEquals(sd.algorithm(), back.algorithm(), name);
            assertEquals(sd.steps(), back.steps());
            assertEquals(sd.groups(), back.groups(), name);
            State b = back.state().get("w");
            assertEquals(s.step(), b.step());
            assertEquals(s.scalars().keySet(), b.scalars().keySet());
            s.scalars().forEach((k, v) -> assertEquals(Double.doubleToRawLongBits(v),
                    Double.doubleToRawLongBits(b.scalar(k)), name + " " + k));
            assertEquals(s.tensors().keySet(), b.tensors().keySet(), name);
            s.tensors().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), b.tensor(k).toDoubleArray(), name + " " + k));
            assertEquals(s.lists().keySet(), b.lists().keySet(), name);
            s.lists().forEach((k, v) -> {
                assertEquals(v.size(), b.lists().get(k).size());
                for (int i = 0; i < v.size(); i++) {
                    assertArrayEquals(v.get(i).toDoubleArray(), b.lists().get(k).get(i).toDoubleArray());
                }
            });
            Optimizer fresh = new Optimizer(Map.of("w", w.detach().clone().requiresGrad_(true)), a);
            fresh.loadStateDict(back);
            assertEquals(opt.group(0).hyperparameters(), fresh.group(0).hyperparameters());
        }
    }
}
