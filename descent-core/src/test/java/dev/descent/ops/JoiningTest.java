package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward values, shapes and error messages of cat, stack, split and chunk. */
class JoiningTest {
    private static final Tensor A = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    private static final Tensor B = Tensor.of(new double[][] {{7, 8, 9}});

    @Test
    void catAlongRowsAndColumns() {
        Tensor rows = Tensor.cat(List.of(A, B), 0);
        assertArrayEquals(new int[] {3, 3}, rows.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, rows.toDoubleArray());
        Tensor cols = Tensor.cat(List.of(A, A.t().contiguous().t()), -1);
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, cols.toDoubleArray());
        assertArrayEquals(A.toDoubleArray(), Tensor.cat(List.of(A), 0).toDoubleArray());
    }

    @Test
    void catSkipsLegacyEmptyVectorsAndPromotesTypes() {
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0);
        assertArrayEquals(A.toDoubleArray(), Tensor.cat(List.of(empty, A, empty), 1).toDoubleArray());
        Tensor mixed = Tensor.cat(List.of(Tensor.of(new float[] {1}), Tensor.of(new double[] {0.1})), 0);
        assertEquals(DType.FLOAT64, mixed.dtype());
        assertArrayEquals(new double[] {1, 0.1}, mixed.toDoubleArray());
        assertArrayEquals(new int[] {4, 0}, Tensor.cat(List.of(A.narrow(1, 0, 0), A.narrow(1, 0, 0)), 0).shape());
    }

    @Test
    void catErrorsNameTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(A, B.t()), 0));
        assertEquals("cat: tensors must have the same shape except in dimension 0, but tensor 0 has shape [2, 3]"
                + " and tensor 1 has shape [3, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(Tensor.scalar(1.0)), 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(A), 2));
    }

    @Test
    void stackAddsADimension() {
        Tensor s = Tensor.stack(List.of(A, A.mul(10.0)), 1);
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        assertArrayEquals(new double[] {1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60}, s.toDoubleArray());
        assertArrayEquals(new int[] {2, 3, 2}, Tensor.stack(List.of(A, A), -1).shape());
        assertArrayEquals(new double[] {1, 2}, Tensor.stack(List.of(Tensor.scalar(1.0), Tensor.scalar(2.0)), 0).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(List.of(A, B), 0));
        assertEquals("stack: expects each tensor to be of equal shape, but got [2, 3] at entry 0 and [1, 3] at entry 1",
                e.getMessage());
    }

    @Test
    void splitGivesViewsAndALastSmallerPiece() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 10, 1);
        List<Tensor> parts = x.split(4, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new double[] {8, 9}, parts.get(2).toDoubleArray());
        assertSame(x.storage(), parts.get(1).storage(), "pieces are views");
        List<Tensor> sized = x.split(new int[] {1, 0, 9}, 0);
        assertArrayEquals(new int[] {0}, sized.get(1).shape());
        assertEquals(9, sized.get(2).numel());
        assertEquals(1, Tensor.zeros(DType.FLOAT64, 0).split(3, 0).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {3, 3}, 0));
        assertEquals("split: sizes [3, 3] add up to 6, but dimension 0 of shape [10] has size 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.split(0, 0));
    }

    @Test
    void chunkUsesCeilSizesLikeTorch() {
        Tensor six = Tensor.arange(DType.FLOAT64, 0, 6, 1);
        assertEquals(List.of(2, 2, 2), sizes(six.chunk(4, 0)), "6 into 4 chunks gives 3 pieces of 2, as torch.chunk");
        assertEquals(List.of(2, 2, 1), sizes(Tensor.arange(DType.FLOAT64, 0, 5, 1).chunk(3, 0)));
        assertEquals(List.of(1, 1, 1, 1, 1, 1), sizes(six.chunk(10, 0)));
        assertEquals(List.of(0, 0, 0), sizes(Tensor.zeros(DType.FLOAT64, 0).chunk(3, 0)));
        assertEquals(List.of(2, 1), sizes(A.t().chunk(2, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> six.chunk(0, 0));
        assertEquals("chunk: number of chunks must be greater than 0, got 0", e.getMessage());
    }

    private static List<Integer> sizes(List<Tensor> pieces) {
        return pieces.stream().map(t -> t.size(0)).toList();
    }
}
