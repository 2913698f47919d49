package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.data.Datasets;
import dev.descent.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole experiment pipeline at a toy size (7 × 7 images, 200 of them, one epoch). */
class SkipConnectionsTest {

    static SkipConnections.Config toy() {
        return new SkipConnections.Config("toy", 20, 7, 200, 100, 1, 50, 0.1, 0.1, 0.9, 5e-4, 40, 3, 1.0, 32, 3, 1e-3, 2, 16, 3,
                0.1, 100, 7);
    }

    @Test
    void theDepthIsASettingOfBothNets() {
        SkipConnections.Config c = SkipConnections.Config.small().with(56, 500, 1, 5);
        assertEquals(List.of("resnet56", "resnet56-noskip"), List.of(c.skipModel(), c.plainModel()));
        assertEquals(List.of(500, 1, 5), List.of(c.trainSamples(), c.epochs(), c.grid()));
        assertEquals(SkipConnections.Config.small().with(null, null, null, null), SkipConnections.Config.small());
        var e = assertThrows(IllegalArgumentException.class, () -> SkipConnections.Config.small().with(21, null, null, null));
        assertTrue(e.getMessage().startsWith("the depth must be 6n + 2"), e.getMessage());
    }

    @Test
    void theLearningRatesCanBeSetPerNet() {
        SkipConnections.Config base = SkipConnections.Config.small();
        SkipConnections.Config c = base.withLr(0.05, 0.02);
        assertEquals(List.of(0.05, 0.02), List.of(c.lrSkip(), c.lrPlain()));
        assertEquals(base, base.withLr(null, null));
        assertEquals(List.of(0.03, base.lrPlain()), List.of(base.withLr(0.03, null).lrSkip(), base.withLr(0.03, null).lrPlain()));
        for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> base.withLr(bad, null));
            assertTrue(e.getMessage().startsWith("the learning rate must be a positive number"), e.getMessage());
        }
    }

    /**
     * The deeper pair of issue #6 end to end at a tiny budget: every number of the report exists and
     * is finite, and the plain twin has the residual net's parameters.
     */
    @Test
    @Tag("slow")
    void theFiftySixLayerPairRunsEndToEnd(@TempDir Path dir) throws Exception {
        assumeTrue(Datasets.findFashionMnist() != null, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        SkipConnections.Result r = SkipConnections.run(toy().with(56, null, null, null), dir, s -> { });
        assertEquals(List.of("resnet56", "resnet56-noskip"), r.nets().stream().map(SkipConnections.NetResult::model).toList());
        for (SkipConnections.NetResult n : r.nets()) {
            for (double v : new double[] {n.finalTrainLoss(), n.testAccuracy(), n.lambdaMax(), n.fractionNonConvex(),
                n.totalVariation(), n.wiggle(), n.surface().centerLoss()}) {
                assertTrue(Double.isFinite(v), n.model() + ": " + v);
            }
            assertEquals(9, n.surface().computed());
            assertEquals(n.model(), CheckpointReader.read(dir.resolve(n.model())).model());
        }
        String summary = Files.readString(dir.resolve("summary.json"));
        for (String field : List.of("lambda_max", "fraction_nonconvex", "local_minima", "total_variation", "wiggle",
                "test_accuracy", "center_loss")) {
            assertTrue(summary.contains("\"" + field + "\": "), field);
        }
        assertTrue(summary.contains("\"verdict\""), summary);
        assertFalse(summary.contains("NaN") || summary.contains("Infinity"), summary);
        assertTrue(r.verdict().startsWith("Depth 56, toy budget"), r.verdict());
        assertTrue(r.summaryLines().get(0).contains("depth 56"), r.summaryLines().get(0));
    }

    @Test
    void thePlainTwinStartsFromTheSameWeightsWithTheSameNames() {
        var skip = dev.descent.nn.zoo.ModelZoo.create("resnet20", new int[] {1, 14, 14}, 10, dev.descent.tensor.DType.FLOAT32,
                new dev.descent.tensor.Generator(42));
        var plain = dev.descent.nn.zoo.ModelZoo.create("resnet20-noskip", new int[] {1, 14, 14}, 10,
                dev.descent.tensor.DType.FLOAT32, new dev.descent.tensor.Generator(42));
        var a = skip.stateDict();
        var b = plain.stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
        }
    }

    @Test
    void bothNetsAreTrainedIdenticallyAndMeasuredTheSameWay(@TempDir Path dir) throws Exception {
        assumeTrue(Datasets.findFashionMnist() != null, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        List<String> progress = new ArrayList<>();
        SkipConnections.Result r = SkipConnections.run(toy(), dir, progress::add);
        assertEquals(List.of("resnet20", "resnet20-noskip"), r.nets().stream().map(SkipConnections.NetResult::model).toList());
        for (SkipConnections.NetResult n : r.nets()) {
            assertTrue(n.surface().complete());
            assertEquals(9, n.surface().computed());
            assertTrue(n.lambdaMax() > 0, "λmax " + n.lambdaMax());
            assertTrue(n.testAccuracy() >= 0 && n.testAccuracy() <= 1);
            assertEquals(4, n.convexity().ratio().length * n.convexity().ratio()[0].length);
            for (String f : List.of("contour.png", "surface3d.png", "convexity.png", "accuracy.png", "surface.csv",
                    "directions.safetensors")) {
                assertTrue(Files.size(dir.resolve(n.model()).resolve(f)) > 0, f);
            }
            // the checkpoint is in `descent train`'s layout, readable by the surface and hessian commands
            SavedModel saved = CheckpointReader.read(dir.resolve(n.model()));
            assertEquals(n.model(), saved.model());
            assertEquals(4, saved.step());
        }
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"verdict\""));
        List<String> lines = r.summaryLines();
        assertTrue(lines.get(0).startsWith("Skip connections (toy budget"), lines.get(0));
        assertEquals(5, lines.size(), "title, header, two nets, verdict");
        HtmlReport report = new HtmlReport("t");
        r.toHtml(report);
        String html = report.toHtml();
        assertTrue(html.contains("Skip connections and the loss landscape") && html.contains("surface-2-canvas"));
        assertTrue(progress.stream().anyMatch(s -> s.contains("epoch 1/1")));
        assertTrue(r.seconds() > 0 && r.cpuSeconds() > 0);
    }
}
