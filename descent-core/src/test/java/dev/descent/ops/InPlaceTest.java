package dev.descent.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** In-place ops write where they should, and refuse writes that cannot be done in place. */
class InPlaceTest {

    @Test
    void inPlaceOpsBroadcastTheSourceIntoTheDestination() {
        Tensor m = Tensor.zeros(DType.FLOAT64, 2, 3);
        m.add_(Tensor.of(new double[] {1, 2, 3}));
        m.mul_(Tensor.of(new double[][] {{2}, {3}}));
        assertArrayEquals(new double[] {2, 4, 6, 3, 6, 9}, m.toDoubleArray());
        m.t().select(0, 1).fill_(-1); // through a strided view
        assertArrayEquals(new double[] {2, -1, 6, 3, -1, 9}, m.toDoubleArray());
        assertEquals(3, m.storage().version(), "each in-place op bumps the version once");
    }

    @Test
    void aSourceLargerThanTheDestinationIsRefused() {
        Tensor v = Tensor.zeros(DType.FLOAT64, 3);
        Tensor big = Tensor.ones(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.add_(big));
        assertEquals("add_: a source of shape [2, 3] does not fit in place into shape [3] (the broadcast shape is [2, 3])",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.copy_(big));
        assertThrows(IllegalArgumentException.class, () -> v.mul_(big));
        assertArrayEquals(new double[3], v.toDoubleArray(), "nothing was written");
    }

    @Test
    void writingIntoAnExpandedViewIsRefused() {
        Tensor row = Tensor.zeros(DType.FLOAT64, 1, 3);
        Tensor e = row.expand(4, 3);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.add_(Tensor.ones(DType.FLOAT64, 4, 3)));
        assertTrue(ex.getMessage().contains("expanded view") && ex.getMessage().contains("clone()"), ex.getMessage());
        row.expand(1, 3).add_(Tensor.ones(DType.FLOAT64, 3)); // an expand that stretches nothing is fine
        assertArrayEquals(new double[] {1, 1, 1}, row.toDoubleArray());
    }

    @Test
    void scalarsHaveNoDimensionToIndex() {
        Tensor s = Tensor.scalar(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.select(0, 0));
        assertEquals("select() cannot be applied to a scalar (shape []); reshape(1) it first", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.narrow(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> s.size(0));
    }
}
