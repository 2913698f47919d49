package dev.descent.ops;

import dev.descent.ops.Cases.Arg;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks (first and second order) of matmul over PyTorch's cases: vector·vector,
 * vector·matrix, matrix·vector, matrix·matrix, batched with broadcast batch dims, empty inner or
 * outer dimensions, and transposed or strided operands.
 */
class MatmulGradTest {

    /** Pairs of operand shapes, the edge cases first. */
    static final int[][][] SHAPES = {
        {{4}, {4}},
        {{4}, {4, 2}},
        {{3, 4}, {4}},
        {{3, 4}, {4, 2}},
        {{1, 1}, {1, 1}},
        {{2, 3, 4}, {4, 5}},
        {{4}, {2, 4, 3}},
        {{2, 3, 4}, {4}},
        {{2, 1, 3, 4}, {3, 4, 2}},
        {{1, 3, 4}, {2, 1, 4, 2}},
        {{0, 4}, {4, 2}},
        {{3, 0}, {0, 2}},
        {{2, 0, 3}, {3, 1}},
    };

    static Stream<Arguments> cases() {
        return IntStream.range(0, SHAPES.length).boxed().flatMap(i -> Stream.of(Arguments.of(i, 0), Arguments.of(i, 5)));
    }

    /** Forward values against a triple loop over the broadcast batch, for every shape pair and layout. */
    @ParameterizedTest(name = "shapes {0} layout case {1}")
    @MethodSource("cases")
    void matmulMatchesNaiveProduct(int shapes, int layoutCase) {
        Cases c = new Cases("matmulValues" + shapes, layoutCase);
        int[] sa = SHAPES[shapes][0];
        int[] sb = SHAPES[shapes][1];
        Arg a = c.arg(sa, Domain.NORMAL);
        Arg b = c.arg(sb, Domain.NORMAL);
        Tensor x = a.apply(a.leaf());
        Tensor y = b.apply(b.leaf());
        // promote 1-D operands as torch does, multiply, then drop the added dims
        Tensor x2 = sa.length == 1 ? x.reshape(1, sa[0]) : x;
        Tensor y2 = sb.length == 1 ? y.reshape(sb[0], 1) : y;
        int[] xs = x2.shape();
        int[] ys = y2.shape();
        int m = xs[xs.length - 2];
        int k = xs[xs.length - 1];
        int n = ys[ys.length - 1];
        int[] batch = Shape.broadcast("ref", java.util.Arrays.copyOf(xs, xs.length - 2), java.util.Arrays.copyOf(ys, ys.length - 2));
        int batchN = Shape.numel(batch);
        int[] xFull = java.util.Arrays.copyOf(batch, batch.length + 2);
        xFull[batch.length] = m;
        xFull[batch.length + 1] = k;
        int[] yFull = java.util.Arrays.copyOf(batch, batch.length + 2);
        yFull[batch.length] = k;
        yFull[batch.length + 1] = n;
        double[] xv = x2.expand(xFull).toDoubleArray();
        double[] yv = y2.expand(yFull).toDoubleArray();
        double[] expected = new double[batchN * m * n];
        for (int t = 0; t < batchN; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += xv[t * m * k + i * k + p] * yv[t * k * n + p * n + j];
                    }
                    expected[t * m * n + i * n + j] = acc;
                }
            }
        }
        Tensor out = x.matmul(y);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out.toDoubleArray(), 1e-12);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor shaped = Tensor.zeros(dev.descent.tensor.DType.FLOAT64, outShape);
        if (sa.length == 1) {
            shaped = shaped.squeeze(-2);
        }
        if (sb.length == 1) {
            shaped = shaped.squeeze(-1);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(shaped.shape(), out.shape());
    }

    @ParameterizedTest(name = "shapes {0} layout case {1}")
    @MethodSource("cases")
    void matmulGradients(int shapes, int layoutCase) {
        Cases c = new Cases("matmul" + shapes, layoutCase);
        int[] sa = SHAPES[shapes][0];
        int[] sb = SHAPES[shapes][1];
        Arg a = c.arg(sa, Domain.NORMAL);
        Arg b = c.arg(sb, Domain.NORMAL);
        Checks.gradients("matmul " + Shape.str(sa) + " x " + Shape.str(sb),
                in -> a.apply(in[0]).matmul(b.apply(in[1])), true, a.leaf(), b.leaf());
    }
}
