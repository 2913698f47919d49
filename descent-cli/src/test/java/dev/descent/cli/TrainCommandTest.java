package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import dev.descent.io.SafeTensors;
import dev.descent.tensor.Tensor;
import dev.descent.train.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code descent train}: files, JSON, resume, and one-line errors. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private static CliRun run(List<Path> fashionSearchPath, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        if (fashionSearchPath != null) {
            ((TrainCommand) cl.getSubcommands().get("train").getCommand()).fashionSearchPath = fashionSearchPath;
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private static String[] spirals(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "mlp-16", "--data", "spirals", "--optimizer",
                "momentum", "--lr", "0.05", "--batch-size", "50", "--seed", "3", "--limit-train", "200", "--limit-test",
                "100", "--val-split", "0.25", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainsOnSpiralsAndWritesMetricsCheckpointsPicturesAndJson() throws Exception {
        Path out = tmp.resolve("run");
        CliRun r = run(null, spirals(out, "--epochs", "2", "--checkpoint-every", "3"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out().strip());
        for (String k : List.of("model", "data", "optimizer", "train_loss", "val_loss", "test_loss", "test_accuracy",
                "epochs", "steps", "seconds", "samples_per_second")) {
            assertTrue(j.containsKey(k), k + " in " + r.out());
        }
        assertEquals(2.0, j.get("epochs"));
        assertEquals(6.0, j.get("steps")); // 150 training examples after the split, batches of 50
        assertEquals(100.0, j.get("test_examples"));
        double acc = (Double) j.get("test_accuracy");
        assertTrue(acc >= 0 && acc <= 1);
        for (String f : List.of("metrics.csv", "metrics.jsonl", "loss.png", "accuracy.png", "report.html", "summary.json",
                "checkpoints/latest", "checkpoints/step-3/model.safetensors", "checkpoints/step-6/optimizer.safetensors",
                "checkpoints/step-6/trainer.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(r.out(), Files.readString(out.resolve("summary.json")));
        assertTrue(r.err().contains("epoch 2/2 done: loss "), r.err());
        Map<String, String> meta = SafeTensors.read(out.resolve("checkpoints/step-6/model.safetensors")).metadata();
        assertEquals("mlp-16", meta.get("model"));
        assertEquals("2", meta.get("input_shape"));
        assertEquals("3", meta.get("classes"));
        assertEquals("spirals", meta.get("data"));
        Map<String, Object> hp = (Map<String, Object>) Json.parse(meta.get("hyperparameters"));
        assertEquals("momentum", hp.get("optimizer"));
        assertEquals("0.05", hp.get("lr"));
        assertEquals("0.9", hp.get("momentum"));
        assertEquals("50", hp.get("batch_size"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("descent train --model mlp-16"), "the report names the command");
        assertTrue(html.contains("test accuracy"));
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).get(0)
                .startsWith("# descent " + dev.descent.Version.VERSION + ", model mlp-16, seed 3"));
    }

    @Test
    void resumeContinuesTheRunToTheSameWeights() throws Exception {
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        assertEquals(0, run(null, spirals(whole, "--epochs", "2", "--quiet")).exit());
        assertEquals(0, run(null, spirals(parts, "--epochs", "1", "--quiet")).exit());
        CliRun r = run(null, "train", "--resume", parts.toString(), "--epochs", "2", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"steps\": 6"), r.out());
        assertTrue(r.out().contains("\"test_examples\": 100"), "--limit-test is carried over: " + r.out());
        Map<String, Tensor> a = Checkpoint.load(whole).weights();
        Map<String, Tensor> b = Checkpoint.load(parts).weights();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        }
        assertEquals(withoutSeconds(whole.resolve("metrics.csv")), withoutSeconds(parts.resolve("metrics.csv")));

        CliRun changed = run(null, "train", "--resume", parts.toString(), "--lr", "0.1");
        assertEquals(2, changed.exit(), "a user mistake");
        assertEquals("descent: --lr 0.1 differs from the resumed run's 0.05 (the checkpoint " + parts.resolve(
                "checkpoints/step-6") + "): a resumed run keeps its settings; leave --lr out\n", changed.err());
        CliRun again = run(null, spirals(parts, "--epochs", "1"));
        assertEquals(2, again.exit(), "a user mistake");
        assertTrue(again.err().startsWith("descent: " + parts + " already holds a training run"), again.err());
    }

    private static List<String> withoutSeconds(Path csv) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",", -1);
            if (f.length > 4) {
                f[4] = "";
            }
            out.add(String.join(",", Arrays.asList(f)));
        }
        return out;
    }

    @Test
    void badFlagsGiveOneLineErrors() {
        Path out = tmp.resolve("bad");
        String[][] cases = {
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adamm"},
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adam", "--momentum", "0.9"},
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adam", "--lr", "fast"},
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adam", "--epochs", "0"},
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adam", "--lr-schedule", "wavy"},
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adam", "--adam-lr", "1"},
            {"train", "--model", "mlp", "--data", "nowhere", "--optimizer", "adam"},
            {"train", "--model", "lenet", "--data", "spirals", "--optimizer", "adam"},
            {"train", "--model", "mlp", "--data", "spirals", "--optimizer", "adam", "--early-stopping", "2"},
            {"train", "--data", "spirals", "--optimizer", "adam"},
        };
        String[] expected = {
            "descent: unknown optimizer 'adamm': use one of [sgd, momentum",
            "descent: optimizer adam does not take --momentum; adam accepts --lr --betas",
            "descent: --lr expects a number, got 'fast'",
            "descent: --epochs must be at least 1, got 0",
            "descent: unknown learning-rate schedule 'wavy' (use none, cosine, step:N[,GAMMA]",
            "descent: Unknown options: '--adam-lr'",
            "descent: unknown data set 'nowhere': use one of fashion-mnist, spirals, moons, blobs, synthetic-images",
            "descent: ModelZoo: model 'lenet' takes images [C, H, W], got examples of shape [2]",
            "descent: --early-stopping watches the validation loss: add --val-split F",
            "descent: missing --model NAME (or --resume DIR to continue a run)",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of(cases[i]));
            args.addAll(List.of("--out", out.toString(), "--quiet"));
            CliRun r = run(null, args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().startsWith(expected[i]), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(out.resolve("checkpoints")));
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        Path nowhere = tmp.resolve("no-such-folder");
        CliRun r = run(List.of(nowhere), "train", "--model", "mlp", "--data", "fashion-mnist", "--optimizer", "adam",
                "--out", tmp.resolve("fm").toString());
        assertEquals(1, r.exit());
        assertEquals("descent: Fashion-MNIST is not installed (looked in " + nowhere + "): install it with "
                + "`sudo apt-get install dataset-fashion-mnist`, or pass --data PATH to a folder with its IDX files\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void divergenceExitsOneWithTheStepAndTheAdvice() throws Exception {
        CliRun r = run(null, "train", "--model", "mlp-16", "--data", "spirals", "--optimizer", "sgd", "--lr", "1e30",
                "--epochs", "3", "--limit-train", "200", "--batch-size", "50", "--out", tmp.resolve("nan").toString(),
                "--quiet");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("descent: training diverged at step "), r.err());
        assertTrue(r.err().contains("the last finite loss was "), r.err());
        assertTrue(r.err().endsWith("Lower the learning rate (now 1e+30), or clip gradients with --clip-grad-norm 1.0\n"),
                r.err());
        assertEquals(1, r.err().lines().count());
        assertEquals("", r.out());
        assertTrue(Files.readString(tmp.resolve("nan/report.html")).contains("training diverged at step "),
                "a diverged run still gets its report");
        assertFalse(Files.exists(tmp.resolve("nan/summary.json")));
    }
}
