package dev.descent.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradMode;
import dev.descent.nn.AttentionMask;
import dev.descent.nn.Module;
import dev.descent.nn.NnTesting;
import dev.descent.nn.Summary;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model zoo: parameter counts from the architectures, names, plain twins, shapes, and creation by name. */
class ZooTest {
    private static final DType F32 = DType.FLOAT32;

    private static ResNet resnet(int depth, int channels, ResNet.Shortcut sc, boolean skip, long seed) {
        return new ResNet(depth, channels, 10, sc, skip, F32, new Generator(seed));
    }

    /**
     * ResNet-20 for 3×32×32 / 10 classes, counted by hand: stem 3·16·9 + 32 (BN) = 464; stage 1:
     * 3 × (2·16·16·9 + 2·32) = 14,016; stage 2: (16·32·9 + 32·32·9 + 128) + 2 × (2·32·32·9 + 128)
     * = 51,072; stage 3: (32·64·9 + 64·64·9 + 256) + 2 × (2·64·64·9 + 256) = 203,520; fc 64·10 + 10
     * = 650. Total 269,722 with option-A (parameter-free) shortcuts. Option B adds the projections
     * 16·32 + 64 and 32·64 + 128, 2,752 parameters: 272,474.
     */
    @Test
    void resNetParameterCountsFollowTheArchitecture() {
        assertEquals(269_722, ResNet.cifar(20).parameterCount());
        assertEquals(272_474, resnet(20, 3, ResNet.Shortcut.B, true, 0).parameterCount());
        assertEquals(464_154, resnet(32, 3, ResNet.Shortcut.A, true, 0).parameterCount());
        assertEquals(853_018, resnet(56, 3, ResNet.Shortcut.A, true, 0).parameterCount());
        assertEquals(1_727_962, resnet(110, 3, ResNet.Shortcut.A, true, 0).parameterCount());
        assertEquals(269_722 - 2 * 16 * 9, resnet(20, 1, ResNet.Shortcut.A, true, 0).parameterCount()); // 1-channel stem
        // the plain twins: same count with option A; option B loses its projections
        assertEquals(269_722, resnet(20, 3, ResNet.Shortcut.A, false, 0).parameterCount());
        assertEquals(853_018, resnet(56, 3, ResNet.Shortcut.A, false, 0).parameterCount());
        assertEquals(269_722, resnet(20, 3, ResNet.Shortcut.B, false, 0).parameterCount());
    }

    @Test
    void resNetDepthMustBeSixNPlusTwo() {
        for (int bad : new int[] {2, 19, 21, 22}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResNet.cifar(bad));
            assertTrue(e.getMessage().contains("6n+2") && e.getMessage().contains(Integer.toString(bad)), e.getMessage());
        }
        assertEquals(8, resnet(8, 3, ResNet.Shortcut.A, true, 0).depth());
    }

    @Test
    void stateDictNamesMirrorTorchvision() {
        List<String> names = new ArrayList<>(resnet(20, 3, ResNet.Shortcut.B, true, 0).stateDict().keySet());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight", "layer1.0.bn1.weight"),
                names.subList(0, 5));
        for (String n : List.of("layer1.0.conv1.weight", "layer1.2.bn2.bias", "layer2.0.downsample.0.weight",
                "layer2.0.downsample.1.running_var", "layer3.2.conv2.weight", "layer3.0.bn1.num_batches_tracked",
                "bn1.running_mean", "fc.weight", "fc.bias")) {
            assertTrue(names.contains(n), n + " in " + names);
        }
        assertTrue(names.stream().noneMatch(n -> n.contains("downsample") && n.startsWith("layer1")), "no projection in stage 1");
        List<String> a = new ArrayList<>(ResNet.cifar(20).stateDict().keySet());
        assertTrue(a.stream().noneMatch(n -> n.contains("downsample")), "option A has no projection parameters");
    }

    @Test
    void plainTwinHasTheSameWeightsButComputesSomethingElse() {
        ResNet res = resnet(8, 3, ResNet.Shortcut.A, true, 7);
        ResNet plain = resnet(8, 3, ResNet.Shortcut.A, false, 7);
        Map<String, Tensor> pr = res.namedParameters();
        Map<String, Tensor> pp = plain.namedParameters();
        assertEquals(pr.keySet(), pp.keySet());
        for (String k : pr.keySet()) {
            assertArrayEquals(pr.get(k).toDoubleArray(), pp.get(k).toDoubleArray(), 0.0, k);
        }
        Tensor x = Tensor.randn(new Generator(1), F32, 2, 3, 8, 8);
        Tensor yr = res.forward(x);
        Tensor yp = plain.forward(x);
        assertArrayEquals(new int[] {2, 10}, yr.shape());
        assertTrue(yr.sub(yp).abs().max().item() > 1e-3, "skip connections change the output");
    }

    @Test
    void resNetInitialisationIsKaimingNormalFanOut() {
        ResNet net = resnet(20, 3, ResNet.Shortcut.A, true, 3);
        Tensor w = net.namedParameters().get("layer3.1.conv1.weight"); // [64, 64, 3, 3]
        NnTesting.assertNormal(w, Math.sqrt(2.0 / (64 * 9)), "kaiming_normal fan_out");
        assertEquals(64.0, net.namedParameters().get("layer3.1.bn1.weight").sum().item());
        NnTesting.assertUniform(net.namedParameters().get("fc.weight"), 1 / Math.sqrt(64), "fc");
    }

    @Test
    void resNetOnFashionMnistSizedImagesWithOptionB() {
        ResNet net = resnet(20, 1, ResNet.Shortcut.B, true, 2);
        Tensor y = net.forward(Tensor.randn(new Generator(2), F32, 2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 10}, y.shape());
        y.sum().backward();
        assertTrue(net.namedParameters().get("layer2.0.downsample.0.weight").grad() != null);
    }

    @Test
    void leNetSummaryAndCount() {
        LeNet5 net = new LeNet5();
        assertEquals(61_706, net.parameterCount());
        String s = Summary.of(net, Tensor.zeros(F32, 1, 1, 28, 28));
        assertTrue(s.contains("features.0 Conv2d(1, 6, kernel_size=5, stride=1, padding=2)"), s);
        assertTrue(s.contains("[1, 6, 28, 28]"), s);
        assertTrue(s.contains("features.5 MaxPool2d"), s);
        assertTrue(s.contains("[1, 16, 5, 5]"), s);
        assertTrue(s.contains("flatten Flatten"), s);
        assertTrue(s.contains("[1, 400]"), s);
        assertTrue(s.contains("classifier.4 Linear(84, 10, bias=true)"), s);
        assertTrue(s.contains("total parameters: 61,706"), s);
        LeNet5 cifar = new LeNet5(3, 32, 32, 10, "tanh", false, F32, new Generator(0));
        assertArrayEquals(new int[] {2, 10}, cifar.forward(Tensor.zeros(F32, 2, 3, 32, 32)).shape());
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                "classifier.0.weight", "classifier.0.bias", "classifier.2.weight", "classifier.2.bias",
                "classifier.4.weight", "classifier.4.bias"), List.copyOf(net.namedParameters().keySet()));
    }

    @Test
    void mlpAndVgg() {
        Mlp mlp = new Mlp(784, 512, 512, 10);
        assertEquals(784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10, mlp.parameterCount());
        assertEquals("layers.0.weight", mlp.namedParameters().keySet().iterator().next());
        Mlp drop = new Mlp(new int[] {4, 8, 3}, "tanh", 0.5, F32, new Generator(0));
        assertArrayEquals(new int[] {5, 3}, drop.forward(Tensor.zeros(F32, 5, 2, 2)).shape());
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias"),
                List.copyOf(drop.namedParameters().keySet()));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(new int[] {4, 3}, "swoosh", 0, F32, new Generator(0)));

        Vgg vgg = Vgg.small(1, 28, 28, 10);
        vgg.eval();
        assertArrayEquals(new int[] {2, 10}, vgg.forward(Tensor.zeros(F32, 2, 1, 28, 28)).shape());
        Vgg c = new Vgg(3, 32, 32, 10, "8,M,16,M", false, 32, 0.0, F32, new Generator(1));
        assertArrayEquals(new int[] {2, 10}, c.forward(Tensor.zeros(F32, 2, 3, 32, 32)).shape());
        assertArrayEquals(new int[] {32, 16 * 8 * 8}, c.namedParameters().get("classifier.0.weight").shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Vgg(1, 4, 4, 10, "8,M,M,M", false, 8, 0, F32, new Generator(0)));
        assertTrue(e.getMessage().contains("below 1x1"), e.getMessage());
    }

    @Test
    void transformerClassifierOnTokensFeaturesAndPatches() {
        TransformerClassifier.Config cfg = new TransformerClassifier.Config(16, 2, 2, 32, 0.0, "relu", false);
        Generator g = new Generator(3);
        TransformerClassifier tok = TransformerClassifier.tokens(20, 10, 4, cfg, DType.FLOAT64, g);
        Tensor ids = Tensor.of(new double[] {1, 5, 7, 0, 0, 2, 3, 4, 9, 11}).reshape(2, 5);
        assertArrayEquals(new int[] {2, 4}, tok.forward(ids).shape());
        // with a padding mask, what stands at the padded positions does not matter
        Tensor pad = Tensor.zeros(DType.FLOAT64, 2, 5);
        pad.set(1, 0, 3);
        pad.set(1, 0, 4);
        AttentionMask m = AttentionMask.ofBoolean(pad);
        Tensor other = ids.clone();
        other.set(13, 0, 3);
        other.set(17, 0, 4);
        Tensor a = tok.forward(ids, m);
        Tensor b = tok.forward(other, m);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 1e-12);
        Tensor shortOnly = tok.forward(ids.narrow(0, 0, 1).narrow(1, 0, 3));
        assertArrayEquals(shortOnly.toDoubleArray(), a.narrow(0, 0, 1).toDoubleArray(), 1e-12);

        TransformerClassifier feat = TransformerClassifier.features(3, 8, 5, TransformerClassifier.Config.small(), F32, g);
        assertArrayEquals(new int[] {2, 5}, feat.forward(Tensor.zeros(F32, 2, 8, 3)).shape());
        assertTrue(feat.namedParameters().containsKey("norm.weight"), "pre-norm ends with a LayerNorm");
        TransformerClassifier img = TransformerClassifier.patches(1, 28, 28, 7, 10, cfg, F32, g);
        assertArrayEquals(new int[] {1, 16, 16}, img.namedParameters().get("pos_embedding").shape());
        assertArrayEquals(new int[] {16, 49}, img.namedParameters().get("embed.weight").shape());
        assertArrayEquals(new int[] {2, 10}, img.forward(Tensor.zeros(F32, 2, 1, 28, 28)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> feat.forward(Tensor.zeros(F32, 1, 9, 3)));
        assertTrue(e.getMessage().contains("maximum length 8"), e.getMessage());
    }

    @Test
    void transformerPatchesAreRowMajorImageBlocks() {
        // one 2×2 patch grid on a 1×4×4 image: patch 1 (top right) holds pixels (0..1, 2..3)
        TransformerClassifier.Config cfg = new TransformerClassifier.Config(4, 1, 1, 4, 0.0, "relu", false);
        TransformerClassifier img = TransformerClassifier.patches(1, 4, 4, 2, 2, cfg, DType.FLOAT64, new Generator(0));
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 16, 1).reshape(1, 1, 4, 4);
        Tensor w = img.namedParameters().get("embed.weight");
        Tensor bias = img.namedParameters().get("embed.bias");
        Tensor expected = Tensor.of(new double[] {2, 3, 6, 7}).matmul(w.t()).add(bias);
        Module embed = img.children().get("embed");
        Tensor patches = x.reshape(1, 1, 2, 2, 2, 2).permute(0, 2, 4, 1, 3, 5).reshape(1, 4, 4);
        assertArrayEquals(expected.toDoubleArray(), embed.forward(patches).select(1, 1).select(0, 0).toDoubleArray(), 1e-12);
    }

    @Test
    void lstmClassifierReadsImagesRowByRow() {
        LstmClassifier net = new LstmClassifier(28, 16, 2, 10, 0.0, DType.FLOAT64, new Generator(4));
        Tensor x = Tensor.randn(new Generator(5), DType.FLOAT64, 2, 1, 28, 28);
        Tensor y = net.forward(x);
        assertArrayEquals(new int[] {2, 10}, y.shape());
        dev.descent.nn.Lstm lstm = (dev.descent.nn.Lstm) net.children().get("lstm");
        Tensor hN = lstm.forward(x.squeeze(1), null).hN().select(0, 1);
        Tensor expected = net.children().get("fc").forward(hN);
        assertArrayEquals(expected.toDoubleArray(), y.toDoubleArray(), 1e-12);
        assertTrue(net.namedParameters().containsKey("lstm.weight_hh_l1"));
    }

    @Test
    void modelZooCreatesEveryListedName() {
        int[] image = {1, 28, 28};
        Generator g = new Generator(0);
        for (String name : ModelZoo.NAMES) {
            Module m = ModelZoo.create(name, image, 10, F32, g);
            assertTrue(m.parameterCount() > 0, name);
            if (name.startsWith("resnet")) {
                ResNet r = assertInstanceOf(ResNet.class, m);
                assertEquals(!name.endsWith("-noskip"), r.skip(), name);
                assertEquals(Integer.parseInt(name.replaceAll("\\D", "")), r.depth(), name);
                continue; // deep nets: built and counted, not run here
            }
            m.eval();
            try (var s = GradMode.noGrad()) {
                assertArrayEquals(new int[] {2, 10}, m.forward(Tensor.zeros(F32, 2, 1, 28, 28)).shape(), name);
            }
        }
        assertEquals(272_474, ModelZoo.create("resnet20-b", new int[] {3, 32, 32}, 10).parameterCount());
        assertInstanceOf(ResNet.class, ModelZoo.create("ResNet44-noskip", new int[] {3, 32, 32}, 10));
        // non-image inputs
        for (String name : List.of("mlp", "transformer", "lstm")) {
            Module m = ModelZoo.create(name, new int[] {2}, 3, F32, g);
            assertArrayEquals(new int[] {4, 3}, m.forward(Tensor.zeros(F32, 4, 2)).shape(), name);
        }
        Module seq = ModelZoo.create("lstm", new int[] {6, 5}, 3, F32, g);
        assertArrayEquals(new int[] {4, 3}, seq.forward(Tensor.zeros(F32, 4, 6, 5)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelZoo.create("alexnet", image, 10));
        assertTrue(e.getMessage().contains("unknown model 'alexnet'") && e.getMessage().contains("resnet56-noskip"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.create("lenet", new int[] {2}, 3));
        assertTrue(e.getMessage().contains("[C, H, W]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.create("resnet21", image, 10));
    }
}
