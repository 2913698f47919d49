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
