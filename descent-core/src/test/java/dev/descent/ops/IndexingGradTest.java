package dev.descent.ops;

import dev.descent.ops.Cases.Arg;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks (first and second order) of indexSelect, indexAdd, gather, scatterAdd and
 * maskedFill, with repeated indices (the gradients must accumulate), empty indices and
 * non-contiguous inputs.
 */
class IndexingGradTest {

    static Stream<Arguments> cases() {
        return Cases.over("indexSelect", "indexAdd", "gather", "scatterAdd", "maskedFill");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void indexingGradients(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = name.equals("maskedFill") ? c.shape(true) : c.shapeOfRank(c.index == 0 ? 0 : 1, false);
        int rank = shape.length;
        int dim = c.dim(rank);
        int d = rank == 0 ? 0 : dim < 0 ? dim + rank : dim;
        int size = rank == 0 ? 1 : shape[d];
        Arg x = c.arg(shape, Domain.NORMAL);
        String label = name + " dim " + dim + " on " + Shape.str(shape);
        switch (name) {
            case "indexSelect": {
                Tensor index = c.indices(new int[] {rank == 0 ? 1 : c.rnd.nextInt(0, 6)}, size);
                Checks.gradients(label + " index " + Checks.describe(index),
                        in -> x.apply(in[0]).indexSelect(dim, index), true, x.leaf());
                break;
            }
            case "indexAdd": {
                int k = rank == 0 ? 1 : c.rnd.nextInt(0, 6);
                Tensor index = c.indices(new int[] {k}, size);
                int[] srcShape = shape.clone();
                if (rank > 0) {
                    srcShape[d] = k;
                }
                Tensor src = c.tensor(srcShape, Domain.NORMAL);
                Checks.gradients(label + " index " + Checks.describe(index),
                        in -> x.apply(in[0]).indexAdd(dim, index, in[1]), true, x.leaf(), src);
                break;
            }
            case "gather": {
                int[] idxShape = smallerOff(c, shape, d, 4);
                Tensor index = c.indices(idxShape, size);
                Checks.gradients(label + " index " + Checks.describe(index),
                        in -> x.apply(in[0]).gather(dim, index), true, x.leaf());
                break;
            }
            case "scatterAdd": {
                int[] idxShape = smallerOff(c, shape, d, 4);
                Tensor index = c.indices(idxShape, size);
                // the source may be larger than the index: only the covered part is used
                int[] srcShape = idxShape.clone();
                for (int i = 0; i < srcShape.length; i++) {
                    srcShape[i] += c.rnd.nextInt(2);
                }
                Arg src = c.arg(srcShape, Domain.NORMAL);
                Checks.gradients(label + " index " + Checks.describe(index) + " src " + Shape.str(srcShape),
                        in -> x.apply(in[0]).scatterAdd(dim, index, src.apply(in[1])), true, x.leaf(), src.leaf());
                break;
            }
            default: {
                int[][] pair = c.broadcastPair(true);
                Arg y = c.arg(pair[0], Domain.NORMAL);
                Tensor mask = c.mask(pair[1]);
                double value = c.rnd.nextBoolean() ? -100 : 2.5; // a huge fill value would drown the finite differences
                Checks.gradients(name + " mask " + Checks.describe(mask),
                        in -> y.apply(in[0]).maskedFill(mask, value), true, y.leaf());
            }
        }
    }

    /** An index shape of the same rank, no larger than {@code shape} off {@code dim}, up to {@code max} along it. */
    private static int[] smallerOff(Cases c, int[] shape, int dim, int max) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = i == dim ? c.rnd.nextInt(0, max + 1) : c.rnd.nextInt(0, shape[i] + 1);
        }
        return s;
    }
}
