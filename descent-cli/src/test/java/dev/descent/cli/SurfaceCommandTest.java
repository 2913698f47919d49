package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.io.SafeTensors;
import dev.descent.nn.Module;
import dev.descent.nn.zoo.ModelZoo;
import dev.descent.ops.Losses;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.surface.CheckpointReader;
import dev.descent.surface.EvalSet;
import dev.descent.surface.Loss;
import dev.descent.surface.SavedModel;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The surface and hessian commands on a checkpoint written here in `descent train`'s layout. */
class SurfaceCommandTest {

    /** Trains the zoo's mlp (4 → 512 → 512 → 3) a little on blobs and saves it as OUT/checkpoints/step-20/ + latest. */
    static Path writeCheckpoint(Path out) throws Exception {
        Module m = ModelZoo.create("mlp", new int[] {4}, 3, DType.FLOAT32, new Generator(7));
        TensorDataset data = Synthetic.blobs(2000, 3, 4, 1.0, 7); // what DataSources generates for 'blobs' and seed 7
        Optimizer opt = new Optimizer(m.namedParameters(), Momentum.of(0.02, 0.9));
        for (int s = 0; s < 20; s++) {
            var b = data.batch(IntStream.range(s * 50, s * 50 + 50).toArray());
            opt.zeroGrad();
            Losses.crossEntropy(m.forward(b.x()), b.y()).backward();
            opt.step();
        }
        Path step = out.resolve("checkpoints").resolve("step-20");
        Files.createDirectories(step);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "mlp");
        meta.put("input_shape", "4");
        meta.put("classes", "3");
        meta.put("dtype", "float32");
        meta.put("seed", "7");
        meta.put("data", "blobs");
        SafeTensors.write(step.resolve("model.safetensors"), m.stateDict(), meta);
        Files.writeString(out.resolve("checkpoints").resolve("latest"), "step-20\n");
        return out;
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
        assertEquals(3, s.classes());
        assertEquals(20, s.step());
        assertEquals("blobs", s.data());
        assertEquals(4 * 512 + 512 + 512 * 512 + 512 + 512 * 3 + 3, s.load().parameterCount());
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
        double want = EvalSet.first(Synthetic.blobs(2000, 3, 4, 1.0, 7), 60, 500).evaluate(s.load(), Loss.CROSS_ENTROPY).loss();
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
        Module m = ModelZoo.create("mlp", new int[] {4}, 3, DType.FLOAT32, new Generator(7));
        TensorDataset data = Synthetic.blobs(2000, 3, 4, 1.0, 7);
        Optimizer opt = new Optimizer(m.namedParameters(), Momentum.of(0.02, 0.9));
        Map<String, String> meta = Map.of("model", "mlp", "input_shape", "4", "classes", "3", "dtype", "float32", "seed", "7",
                "data", "blobs");
        for (int s = 0; s <= 40; s++) {
            if (s % 10 == 0) {
                Path step = run.resolve("checkpoints").resolve("step-" + s);
                Files.createDirectories(step);
                SafeTensors.write(step.resolve("model.safetensors"), m.stateDict(), meta);
            }
            var b = data.batch(IntStream.range(s * 40, s * 40 + 40).toArray());
            opt.zeroGrad();
            Losses.crossEntropy(m.forward(b.x()), b.y()).backward();
            opt.step();
        }
        Path out = dir.resolve("pca");
        CliRun r = CliRun.of("surface", "--checkpoint", run.toString(), "--directions", "pca", "--grid", "3", "--samples", "50",
                "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(5.0, j.get("checkpoints_on_path"));
        double pc1 = (Double) j.get("explained_variance_pc1");
        double pc2 = (Double) j.get("explained_variance_pc2");
        assertTrue(pc1 >= pc2 && pc1 + pc2 <= 1 + 1e-9 && pc1 > 0.4, pc1 + " " + pc2);
        assertTrue((Double) j.get("path_max_loss_gap") >= 0);
        assertTrue(((String) j.get("directions")).startsWith("pca"));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("true loss L(θ_i)"), "the path-loss table");
        // the centre of the PCA grid is the last checkpoint
        assertTrue(((String) j.get("checkpoint")).contains("step-40"));
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
        assertEquals(1, badRange.exit());
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
