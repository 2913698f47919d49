package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static dev.descent.nn.NnTesting.gen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Default initialisations against PyTorch's formulas: bounds respected, mean ≈ 0 and variance
 * ≈ bound²/3 for uniform draws, N(0, 1) for embeddings, constants for normalization layers.
 * Tolerances: a few standard errors of the sample statistics for the tensor's size.
 */
class InitStatsTest {
    @Test
    void convolutionsUseKaimingUniformWithASqrt5() {
        // kaiming_uniform(a=√5): bound = √(6/((1+5)·fan_in)) = 1/√fan_in, fan_in = in/groups·k·k; bias the same
        Conv2d c = new Conv2d(16, 32, 3, 1, 1, 1, 1, true, F64, gen(1));
        NnTesting.assertUniform(c.weight(), 1 / Math.sqrt(16 * 9), "Conv2d weight");
        NnTesting.assertUniform(c.bias(), 1 / Math.sqrt(16 * 9), "Conv2d bias");
        Conv2d g = new Conv2d(16, 32, 3, 1, 1, 1, 4, false, F64, gen(2));
        NnTesting.assertUniform(g.weight(), 1 / Math.sqrt(4 * 9), "grouped Conv2d weight");
        Conv1d c1 = new Conv1d(8, 64, 5, 1, 0, 1, 1, true, F64, gen(3));
        NnTesting.assertUniform(c1.weight(), 1 / Math.sqrt(8 * 5), "Conv1d weight");
        Linear l = new Linear(300, 200, true, F64, gen(4));
        NnTesting.assertUniform(l.weight(), 1 / Math.sqrt(300), "Linear weight");
        NnTesting.assertUniform(l.bias(), 1 / Math.sqrt(300), "Linear bias");
    }

    @Test
    void recurrentWeightsAreUniformInOneOverSqrtHidden() {
        Lstm lstm = new Lstm(20, 50, 2, true, false, 0, F64, gen(5));
        for (var e : lstm.namedParameters().entrySet()) {
            NnTesting.assertUniform(e.getValue(), 1 / Math.sqrt(50), "LSTM " + e.getKey());
        }
        Gru gru = new Gru(30, 40, 1, true, false, 0, F64, gen(6));
        NnTesting.assertUniform(gru.namedParameters().get("weight_ih_l0"), 1 / Math.sqrt(40), "GRU weight_ih_l0");
        Rnn rnn = new Rnn(30, 60, 1, "relu", true, false, 0, F64, gen(7));
        NnTesting.assertUniform(rnn.namedParameters().get("weight_hh_l0"), 1 / Math.sqrt(60), "RNN weight_hh_l0");
    }

    @Test
    void embeddingIsStandardNormalAndNormsAreOneZero() {
        NnTesting.assertNormal(new Embedding(500, 40, null, F64, gen(8)).weight(), 1.0, "Embedding");
        BatchNorm2d bn = new BatchNorm2d(7, F64);
        assertEquals(7.0, bn.weight().sum().item());
        assertEquals(0.0, bn.bias().abs().sum().item());
        assertEquals(0.0, bn.runningMean().abs().sum().item());
        assertEquals(7.0, bn.runningVar().sum().item());
        assertEquals(0, bn.numBatchesTracked());
        LayerNorm ln = new LayerNorm(5);
        assertEquals(5.0, ln.weight().sum().item());
        assertEquals(0.0, ln.bias().abs().sum().item());
        GroupNorm gn = new GroupNorm(2, 6);
        assertEquals(6.0, gn.namedParameters().get("weight").sum().item());
        assertEquals(0.0, gn.namedParameters().get("bias").abs().sum().item());
    }

    @Test
    void sameSeedSameWeightsAndManualSeedResetsTheDefault() {
        Init.manualSeed(42);
        Linear a = new Linear(5, 3);
        Init.manualSeed(42);
        Linear b = new Linear(5, 3);
        assertEquals(a.weight().sum().item(), b.weight().sum().item(), 0.0);
        Linear c = new Linear(5, 3);
        assertTrue(a.weight().sub(c.weight()).abs().sum().item() > 0);
    }
}
