package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.TensorDataset;
import dev.descent.io.SafeTensors;
import dev.descent.surface.CheckpointReader;
import dev.descent.surface.EvalSet;
import dev.descent.surface.Loss;
import dev.descent.surface.ModelData;
import dev.descent.surface.SavedModel;
import dev.descent.tensor.DType;
import dev.descent.train.DataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The surface and hessian commands on a checkpoint written here in `descent train`'s layout. */
class SurfaceCommandTest {

    /**
     * Trains the zoo's mlp (2 → 512 → 512 → 4) on blobs with {@code descent train} for 20 steps (one
     * epoch of 1,000 examples in batches of 50), so OUT/checkpoints/step-20/ and latest exist.
     */
    static Path writeCheckpoint(Path out) {
        train(out, "--model", "mlp", "--data", "blobs", "--limit-train", "1000", "--batch-size", "50");
        return out;
    }

    /** {@code descent train} with momentum 0.02, one epoch, seed 7 and these arguments. */
    static void train(Path out, String... args) {
        List<String> a = new ArrayList<>(List.of("train", "--optimizer", "momentum", "--lr", "0.02", "--epochs", "1", "--seed", "7", "--out", out.toString(), "--quiet"));
        a.addAll(List.of(args));
        CliRun r = CliRun.of(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
    }

    /** The training split of a named data set as {@code descent train} loads it. */
    static TensorDataset trainSplit(String name) throws Exception {
        return DataSources.materialize(DataSources.load(name, DType.FLOAT32).train());
    }

    @Test
    void theSurfaceIsMeasuredOnTheDataTheCheckpointWasTrainedOn(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(run, "--model", "mlp-16", "--data", "spirals", "--limit-train", "200", "--limit-test", "100", "--batch-size", "50");
        SavedModel saved = CheckpointReader.read(run);
        assertEquals("spirals", saved.data(), "the checkpoint names its data");
        assertEquals(7, saved.seed());
        DataSources.Loaded loaded = DataSources.load("spirals", DType.FLOAT32);
        for (boolean train : new boolean[] {true, false}) {
            TensorDataset want = DataSources.materialize(train ? loaded.train() : loaded.test());
            TensorDataset got = ModelData.load(saved, null, train);
            assertEquals(want.size(), got.size());
            assertEquals(want.numClasses(), got.numClasses());
            assertArrayEquals(want.features().toFloatArray(), got.features().toFloatArray(), "features, bit for bit");
            assertArrayEquals(want.labels().toFloatArray(), got.labels().toFloatArray(), "labels, bit for bit");
        }
        // the examples trained on (--limit-train 200) are the first 200 of the split the surface reads
        TensorDataset trained = DataSources.materialize(loaded.limit(200, 100).train());
        TensorDataset measured = ModelData.load(saved, null, true);
        assertArrayEquals(trained.features().toFloatArray(), measured.features().narrow(0, 0, 200).contiguous()
                .toFloatArray());
        // descent surface's centre is the checkpoint's loss on the first --samples of them
        CliRun r = CliRun.of("surface", "--checkpoint", run.toString(), "--grid", "3", "--samples", "150", "--out",
                dir.resolve("s").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
        double want = EvalSet.first(trained, 150, 500).evaluate(saved.load(), Loss.CROSS_ENTROPY).loss();
        assertEquals(want, (Double) j.get("center_loss"), 1e-6 * Math.abs(want));
        assertTrue(((String) j.get("data")).startsWith("spirals (train, 150 samples)"), (String) j.get("data"));
        // data that does not fit the model is a user mistake, said in one line
        CliRun wrong = CliRun.of("hessian", "--checkpoint", run.toString(), "--data", "synthetic-images");
        assertEquals(2, wrong.exit());
        assertEquals(1, wrong.err().lines().count(), wrong.err());
        assertTrue(wrong.err().contains("pass the --data it was trained on"), wrong.err());
    }

    @Test
    void checkpointLayoutsAreFound(@TempDir Path dir) throws Exception {
        Path out = writeCheckpoint(dir.resolve("run"));
        Path file = out.resolve("checkpoints/step-20/model.safetensors");
        for (Path p : List.of(out, out.resolve("checkpoints"), out.resolve("checkpoints/step-20"), file)) {
            assertEquals(file, CheckpointReader.locate(p), p.toString());
        }
        Files.delete(out.resolve("checkpoints/latest"));
        Files.createDirectories(out.resolve("checkpoints/step-3"));
        assertEquals(file, CheckpointReader.locate(out), "without 'latest' the highest step wins");
        SavedModel s = CheckpointReader.read(out);
        assertEquals("mlp", s.model());
        assertEquals(4, s.classes());
        assertEquals(20, s.step());
        assertEquals("blobs", s.data());
        assertEquals(2 * 512 + 512 + 512 * 512 + 512 + 512 * 4 + 4, s.load().parameterCount());
    }

    @Test
    void surfaceWritesGridPicturesAndReportAndResumes(@TempDir Path dir) throws Exception {
        Path run = writeCheckpoint(dir.resolve("run"));
        Path out = dir.resolve("surface");
        CliRun r = CliRun.of("surface", "--checkpoint", run.toString(), "--grid", "3", "--samples", "60", "--range",
                "-0.5:0.5", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(9.0, j.get("points_computed"));
        assertEquals(0.0, j.get("points_resumed"));
        // the centre is the checkpoint's own loss on the first 60 training examples
        SavedModel s = CheckpointReader.read(run);
        double want = EvalSet.first(trainSplit("blobs"), 60, 500).evaluate(s.load(), Loss.CROSS_ENTROPY).loss();
        assertEquals(want, (Double) j.get("center_loss"), 1e-5);
        for (String f : List.of("surface.csv", "directions.safetensors", "contour.png", "contour.svg", "surface3d.png",
                "accuracy.png", "index.html")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(3 + 9, Files.readAllLines(out.resolve("surface.csv")).size());
        assertTrue(Files.readString(out.resolve("index.html")).contains("surface-1-canvas"), "interactive 3-D view");
        // the same command again resumes everything from the log
        CliRun again = CliRun.of("surface", "--checkpoint", run.toString(), "--grid", "3", "--samples", "60", "--range",
                "-0.5:0.5", "--out", out.toString(), "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> k = (Map<String, Object>) MiniJson.parse(again.out());
        assertEquals(0.0, k.get("points_computed"));
        assertEquals(9.0, k.get("points_resumed"));
        assertEquals(j.get("center_loss"), k.get("center_loss"));
        // text output: one "name value" line per fact
        CliRun text = CliRun.of("surface", "--checkpoint", run.toString(), "--grid", "2", "--samples", "20", "--out",
                dir.resolve("s2").toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("center loss"), text.out());
        assertFalse(text.out().contains("\r"), "progress goes to stderr only");
    }

    @Test
    @SuppressWarnings("unchecked")
    void pcaDirectionsFollowTheRunsCheckpointsAndComparePathLosses(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(run, "--model", "mlp", "--data", "blobs", "--limit-train", "1000", "--batch-size", "25", "--checkpoint-every",
                "10");
        Path out = dir.resolve("pca");
        CliRun r = CliRun.of("surface", "--checkpoint", run.toString(), "--directions", "pca", "--grid", "3", "--samples", "50",
                "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(4.0, j.get("checkpoints_on_path"));
        double pc1 = (Double) j.get("explained_variance_pc1");
        double pc2 = (Double) j.get("explained_variance_pc2");
        assertTrue(pc1 >= pc2 && pc1 + pc2 <= 1 + 1e-9 && pc1 > 0.4, pc1 + " " + pc2);
        assertTrue((Double) j.get("path_max_loss_gap") >= 0);
        assertTrue(((String) j.get("directions")).startsWith("pca"));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("true loss L(θ_i)"), "the path-loss table");
        // the centre of the PCA grid is the last checkpoint
        assertTrue(((String) j.get("checkpoint")).contains("step-40"), (String) j.get("checkpoint"));
        CliRun few = CliRun.of("surface", "--checkpoint", run.resolve("checkpoints/step-40").toString(), "--directions", "pca");
        assertEquals(1, few.exit());
        assertTrue(few.err().contains("at least 3 step-<N> checkpoints"), few.err());
    }

    @Test
    void mistakesAreReportedInOneLine(@TempDir Path dir) throws Exception {
        CliRun missing = CliRun.of("surface", "--checkpoint", dir.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("descent: ") && missing.err().contains("no such checkpoint"), missing.err());
        Path run = writeCheckpoint(dir.resolve("run"));
        CliRun badRange = CliRun.of("surface", "--checkpoint", run.toString(), "--range", "1:-1");
        assertEquals(2, badRange.exit(), "a user mistake");
        assertTrue(badRange.err().contains("--range must be LO:HI"), badRange.err());
        CliRun badNorm = CliRun.of("surface", "--checkpoint", run.toString(), "--norm", "weird");
        assertTrue(badNorm.err().contains("use filter, layer or none"), badNorm.err());
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        SafeTensors.write(bare.resolve("model.safetensors"), Map.of(), Map.of("model", "mlp"));
        CliRun noMeta = CliRun.of("hessian", "--checkpoint", bare.toString());
        assertEquals(1, noMeta.exit());
        assertTrue(noMeta.err().contains("lacks input_shape, classes, dtype"), noMeta.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void hessianReportsTopEigenvaluesTraceAndDensityWithTheirSettings(@TempDir Path dir) throws Exception {
        Path run = writeCheckpoint(dir.resolve("run"));
        CliRun r = CliRun.of("hessian", "--checkpoint", run.toString(), "--samples", "64", "--top-k", "2", "--max-iter", "15",
                "--tol", "1e-3", "--trace", "--density", "--density-steps", "8", "--repeats", "2", "--out",
                dir.resolve("h").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(64.0, j.get("samples"));
        Map<String, Object> top = (Map<String, Object>) j.get("top_k");
        List<Double> values = (List<Double>) top.get("values");
        assertEquals(2, values.size());
        assertTrue(Math.abs(values.get(0)) >= Math.abs(values.get(1)) * 0.99, "largest magnitude first: " + values);
        assertEquals(2, ((List<?>) top.get("repeats")).size());
        assertEquals(1e-3, top.get("tolerance"));
        Map<String, Object> spread = ((List<Map<String, Object>>) top.get("spread")).get(0);
        assertTrue((Double) spread.get("max") >= (Double) spread.get("min"));
        Map<String, Object> trace = (Map<String, Object>) j.get("trace");
        assertTrue((Double) trace.get("samples") >= 2);
        Map<String, Object> density = (Map<String, Object>) j.get("density");
        assertEquals(8, ((List<?>) ((List<?>) density.get("nodes")).get(0)).size());
        assertTrue(Files.size(Path.of((String) density.get("picture"))) > 0);
        assertTrue((Double) j.get("hessian_vector_products") > 0);
        // plain text names the method, the tolerance and the spread
        CliRun text = CliRun.of("hessian", "--checkpoint", run.toString(), "--samples", "32", "--top-k", "1", "--max-iter", "5",
                "--repeats", "2", "--method", "lanczos");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("Lanczos") && text.out().contains("seeds"), text.out());
    }

    @Test
    void theCommandsAreRegistered() {
        CliRun help = CliRun.of("--help");
        for (String c : List.of("surface", "hessian", "experiment")) {
            assertTrue(help.out().contains(c) || help.err().contains(c), c);
        }
        CliRun exp = CliRun.of("experiment", "skip-connections", "--help");
        assertEquals(0, exp.exit());
        assertTrue(exp.out().contains("--budget"));
    }
}
