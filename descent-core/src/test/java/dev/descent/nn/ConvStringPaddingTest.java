package dev.descent.nn;

import static dev.descent.nn.NnTesting.F64;
import static dev.descent.nn.NnTesting.assertClose;
import static dev.descent.nn.NnTesting.assertGradients;
import static dev.descent.nn.NnTesting.between;
import static dev.descent.nn.NnTesting.gen;
import static dev.descent.nn.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ops.Conv;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv1d and Conv2d with PyTorch's string padding: "same" keeps the size (odd totals put the extra
 * element on the right/bottom), "valid" is no padding, strided "same" is refused as in PyTorch.
 * Values against PyTorch itself are in {@link TorchLayerParityTest} (cases {@code conv*_same*}).
 */
class ConvStringPaddingTest {
    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 4);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameKeepsTheSizeAndPadsTheOddElementAtTheEnd(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int kh = between(r, 1, 4);
        int kw = between(r, 1, 4);
        int dh = between(r, 1, 2);
        int dw = between(r, 1, 2);
        Conv2d c = new Conv2d(2, 3, kh, kw, 1, 1, "same", dh, dw, 1, r.nextBoolean(), F64, gen(seed));
        Tensor x = uniform(r, 2, 2, between(r, 1, 6), between(r, 1, 6));
        Tensor y = c.forward(x);
        assertArrayEquals(new int[] {2, 3, x.size(2), x.size(3)}, y.shape(), c.toString());
        // the reference: symmetric padding of the larger half on a window one larger, then the extra row/column
        // of the output dropped from the left/top when the total is odd
        int th = dh * (kh - 1);
        int tw = dw * (kw - 1);
        Tensor ref = Conv.conv2d(x, c.weight(), c.bias(), 1, 1, (th + 1) / 2, (tw + 1) / 2, dh, dw, 1);
        ref = ref.narrow(2, th % 2, x.size(2)).narrow(3, tw % 2, x.size(3));
        assertClose(ref, y, 1e-14, c.toString());
        assertGradients(c.toString(), c, x);
        Conv1d c1 = new Conv1d(2, 2, kw, 1, "same", dw, 2, true, F64, gen(seed));
        Tensor x1 = uniform(r, 2, 2, between(r, 1, 6));
        Tensor y1 = c1.forward(x1);
        Tensor ref1 = Conv.conv1d(x1, c1.weight(), c1.bias(), 1, (tw + 1) / 2, dw, 2).narrow(2, tw % 2, x1.size(2));
        assertClose(ref1, y1, 1e-14, c1.toString());
        assertGradients(c1.toString(), c1, x1);
    }

    @Test
    void validIsNoPaddingAndStridedSameIsRefused() {
        SplittableRandom r = new SplittableRandom(7);
        Conv2d valid = new Conv2d(2, 2, 3, 2, 2, 1, "valid", 1, 1, 1, true, F64, gen(1));
        Conv2d zero = new Conv2d(2, 2, 3, 2, 2, 1, 0, 0, 1, 1, 1, true, F64, gen(1));
        Tensor x = uniform(r, 1, 2, 7, 5);
        assertClose(zero.forward(x), valid.forward(x), 0, "valid = padding 0");
        assertEquals("Conv2d(2, 2, kernel_size=(3, 2), stride=(2, 1), padding=valid)", valid.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(2, 2, 3, 3, 2, 1, "same", 1, 1, 1, true, F64, gen(1)));
        assertTrue(e.getMessage().contains("strided"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 2, 3, 1, "full", 1, 1, true, F64, gen(1)));
    }
}
