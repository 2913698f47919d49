package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Forward values, validation and error messages of the indexing ops. */
class IndexingTest {
    private static final Tensor M = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});

    private static Tensor idx(double... v) {
        return Tensor.of(v);
    }

    @Test
    void indexSelectPicksSlicesWithRepeats() {
        assertArrayEquals(new double[] {3, 1, 3, 6, 4, 6}, M.indexSelect(1, idx(2, 0, 2)).toDoubleArray());
        assertArrayEquals(new double[] {4, 5, 6}, M.indexSelect(0, Tensor.scalar(1.0)).toDoubleArray());
        assertArrayEquals(new int[] {1, 3}, M.indexSelect(0, Tensor.scalar(1.0)).shape());
        assertArrayEquals(new int[] {0, 3}, M.indexSelect(0, idx()).shape());
        assertArrayEquals(new double[] {2, 5}, M.t().indexSelect(0, idx(1)).toDoubleArray(), "non-contiguous input");
        assertEquals(7.0, Tensor.scalar(7.0).indexSelect(0, idx(0)).item());
    }

    @Test
    void indexAddAccumulatesRepeatedIndices() {
        Tensor out = M.indexAdd(1, idx(0, 0, 2), Tensor.of(new double[][] {{10, 20, 30}, {1, 1, 1}}));
        assertArrayEquals(new double[] {31, 2, 33, 6, 5, 7}, out.toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, M.toDoubleArray(), "out of place");
    }

    @Test
    void gatherFollowsTheTorchFormula() {
        // out[i][j] = M[i][index[i][j]]
        Tensor index = Tensor.of(new double[][] {{0, 0}, {2, 1}});
        assertArrayEquals(new double[] {1, 1, 6, 5}, M.gather(1, index).toDoubleArray());
        // out[i][j] = M[index[i][j]][j]
        assertArrayEquals(new double[] {4, 2, 6}, M.gather(0, Tensor.of(new double[][] {{1, 0, 1}})).toDoubleArray());
        assertArrayEquals(new int[] {2, 0}, M.gather(1, Tensor.zeros(DType.FLOAT64, 2, 0)).shape());
    }

    @Test
    void scatterAddIsOutOfPlaceAndAccumulates() {
        Tensor zeros = Tensor.zeros(DType.FLOAT64, 2, 3);
        Tensor index = Tensor.of(new double[][] {{0, 0, 2}, {1, 1, 1}});
        Tensor out = zeros.scatterAdd(1, index, M);
        assertArrayEquals(new double[] {3, 0, 3, 0, 15, 0}, out.toDoubleArray());
        assertArrayEquals(new double[6], zeros.toDoubleArray());
        // only the part of src covered by the index is used
        Tensor small = Tensor.of(new double[][] {{2}});
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0},
                zeros.scatterAdd(1, small, Tensor.ones(DType.FLOAT64, 2, 3)).toDoubleArray());
    }

    @Test
    void maskedFillBroadcastsTheMask() {
        Tensor out = M.maskedFill(idx(1, 0, 1), Double.NEGATIVE_INFINITY);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 2, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 5, Double.NEGATIVE_INFINITY}, out.toDoubleArray());
        assertArrayEquals(new int[] {2, 2, 3}, M.maskedFill(Tensor.zeros(DType.FLOAT64, 2, 1, 1), 0).shape());
        // a masked -inf is the usual attention mask: softmax gives it no weight and no gradient
        Tensor x = idx(1, 2, 3).requiresGrad_(true);
        Tensor p = x.maskedFill(idx(0, 1, 0), Double.NEGATIVE_INFINITY).softmax(0);
        assertEquals(0.0, p.toDoubleArray()[1]);
        p.mul(idx(1, 2, 3)).sum().backward();
        assertEquals(0.0, x.grad().toDoubleArray()[1]);
        assertTrue(Double.isFinite(x.grad().toDoubleArray()[0]));
    }

    @Test
    void changingAnIndexBeforeBackwardIsReported() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor index = idx(0, 2);
        Tensor y = x.indexSelect(0, index).sum();
        index.fill_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("IndexSelectBackward") && e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void indexErrorsNameOpPositionValueAndShape() {
        IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class, () -> M.indexSelect(1, idx(0, 3)));
        assertEquals("indexSelect: index 3 at position [1] is out of range for dimension 1 of size 3 (tensor shape [2, 3])",
                range.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> M.gather(0, Tensor.of(new double[][] {{-1}})));
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> M.gather(1, Tensor.of(new double[][] {{0.5}})));
        assertTrue(frac.getMessage().startsWith("gather: index 0.5 at position [0, 0] is not a whole number"), frac.getMessage());
        assertThrows(IllegalArgumentException.class, () -> M.gather(1, idx(Double.NaN).reshape(1, 1)));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> M.gather(1, idx(0)));
        assertTrue(rank.getMessage().contains("same rank"), rank.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> M.gather(1, Tensor.zeros(DType.FLOAT64, 3, 1)));
        assertTrue(big.getMessage().contains("larger than the tensor [2, 3] in dimension 0"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> M.indexSelect(0, Tensor.zeros(DType.FLOAT64, 1, 1)));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> M.scatterAdd(0, Tensor.zeros(DType.FLOAT64, 1, 1), Tensor.ones(DType.FLOAT32, 1, 1)));
        assertTrue(type.getMessage().contains("float32"), type.getMessage());
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class, () -> M.maskedFill(idx(0.5), 1));
        assertTrue(mask.getMessage().startsWith("maskedFill: mask must hold 0 or 1, found 0.5"), mask.getMessage());
        IllegalArgumentException src = assertThrows(IllegalArgumentException.class,
                () -> M.indexAdd(0, idx(0), Tensor.ones(DType.FLOAT64, 2, 3)));
        assertTrue(src.getMessage().contains("expected source shape [1, 3]"), src.getMessage());
    }
}
