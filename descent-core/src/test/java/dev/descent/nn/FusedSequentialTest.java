package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.nn.zoo.Mlp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential runs a Linear followed by a fusable Activation as one op: same values and gradients as
 * the layers one by one, the fused node in the graph, and unchanged names, state dict and summary.
 */
class FusedSequentialTest {

    private static Sequential net(String act, long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(5, 7, true, DType.FLOAT64, g), Activation.byName(act),
                new Linear(7, 3, true, DType.FLOAT64, g));
    }

    /** The same layers called one by one, as before the fusion. */
    private static Tensor layerByLayer(Sequential s, Tensor x) {
        for (int i = 0; i < s.size(); i++) {
            x = s.get(i).forward(x);
        }
        return x;
    }

    @Test
    void linearThenActivationIsOneNodeWithTheSameValuesAndGradients() {
        for (String act : List.of("relu", "leaky_relu", "gelu", "gelu_tanh", "silu", "tanh", "sigmoid", "elu")) {
            Sequential a = net(act, 3);
            Sequential b = net(act, 3);
            Tensor x = Tensor.randn(new Generator(4), DType.FLOAT64, 4, 5);
            Tensor ya = a.forward(x);
            Tensor yb = layerByLayer(b, x);
            assertArrayEquals(yb.toDoubleArray(), ya.toDoubleArray(), 1e-12, act);
            ya.sum().backward();
            yb.sum().backward();
            for (var e : a.namedParameters().entrySet()) {
                assertArrayEquals(b.namedParameters().get(e.getKey()).grad().toDoubleArray(),
                        e.getValue().grad().toDoubleArray(), 1e-12, act + " " + e.getKey());
            }
            assertEquals("LinearBackward", ya.gradFn().name()); // the last layer has no activation
            Activation ac = (Activation) a.get(1);
            if (!act.equals("elu")) { // the pair Sequential fuses: its node carries the activation's name
                Tensor hidden = ((Linear) a.get(0)).forward(x, ac.fused());
                assertTrue(hidden.gradFn().name().matches("Linear[A-Z][a-zA-Z]+Backward"), act + ": " + hidden.gradFn().name());
            } else {
                assertEquals(null, ac.fused(), "elu has no fused form and runs as its own layer");
            }
        }
    }

    @Test
    void namesStateDictAndSummaryAreThoseOfTheSeparateLayers() {
        Mlp mlp = new Mlp(new int[] {4, 6, 2}, "relu", 0.0, DType.FLOAT64, new Generator(1));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
                List.copyOf(mlp.namedParameters().keySet()));
        String s = Summary.of(mlp, Tensor.zeros(DType.FLOAT64, 3, 4));
        assertTrue(s.contains("layers.0 Linear(4, 6, bias=true)") && s.contains("layers.1 ReLU")
                && s.contains("layers.2 Linear(6, 2, bias=true)"), s);
        int linear = s.indexOf("layers.0 ");
        int relu = s.indexOf("layers.1 ");
        assertTrue(linear < relu && s.substring(relu, s.indexOf('\n', relu)).contains("[3, 6]"), s);
    }
}
