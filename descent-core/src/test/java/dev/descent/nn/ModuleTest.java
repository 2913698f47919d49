package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential mlp() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(4, 8, true, DType.FLOAT64, g), Activation.tanh(),
                new Linear(8, 3, true, DType.FLOAT64, g));
    }

    @Test
    void namesParametersWithDottedPathsInOrder() {
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(mlp().namedParameters().keySet()));
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, mlp().parameterCount());
    }

    @Test
    void defaultLinearInitStaysWithinPyTorchBound() {
        Linear l = new Linear(100, 50, true, DType.FLOAT64, new Generator(3));
        double bound = 1 / Math.sqrt(100);
        for (double v : l.weight().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        // variance of U(-b, b) is b²/3
        double var = l.weight().var().item();
        assertEquals(bound * bound / 3, var, 0.1 * bound * bound / 3);
    }

    @Test
    void stateDictRoundTripAndShapeMismatch() {
        Sequential a = mlp();
        Sequential b = new Sequential(new Linear(4, 8, true, DType.FLOAT64, new Generator(9)), Activation.tanh(),
                new Linear(8, 3, true, DType.FLOAT64, new Generator(9)));
        b.loadStateDict(a.stateDict(), true);
        Tensor x = Tensor.randn(new Generator(5), DType.FLOAT64, 2, 4);
        assertEquals(a.forward(x).sum().item(), b.forward(x).sum().item(), 0.0);
        Sequential wrong = new Sequential(new Linear(4, 7, true, DType.FLOAT64, new Generator(9)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrong.loadStateDict(a.stateDict(), false));
        assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
    }

    @Test
    void gradientsReachEveryParameter() {
        Sequential m = mlp();
        Tensor x = Tensor.randn(new Generator(5), DType.FLOAT64, 5, 4);
        m.forward(x).pow(2).mean().backward();
        for (var e : m.namedParameters().entrySet()) {
            assertTrue(e.getValue().grad() != null, e.getKey());
        }
    }

    @Test
    void summaryListsLayersAndTotal() {
        String s = Summary.of(mlp(), Tensor.zeros(DType.FLOAT64, 2, 4));
        assertTrue(s.contains("Linear(4, 8, bias=true)"), s);
        assertTrue(s.contains("[2, 3]"), s);
        assertTrue(s.contains("total parameters: 67"), s);
    }
}
