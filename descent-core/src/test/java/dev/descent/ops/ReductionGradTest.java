package dev.descent.ops;

import dev.descent.ops.Cases.Arg;
import dev.descent.ops.Cases.Domain;
import dev.descent.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks (first and second order) of the reductions and of softmax, over all elements,
 * one dimension and several dimensions, with and without keepDim, on random shapes and layouts.
 */
class ReductionGradTest {

    /** Which dimensions a case reduces: null (all), one, or a random subset. */
    private static int[] dims(Cases c, int rank) {
        return switch (c.rnd.nextInt(3)) {
            case 0 -> null;
            case 1 -> new int[] {c.dim(rank)};
            default -> subset(c, rank);
        };
    }

    private static int[] subset(Cases c, int rank) {
        int[] perm = c.permutation(Math.max(rank, 1));
        int k = 1 + c.rnd.nextInt(Math.max(rank, 1));
        int[] d = new int[k];
        System.arraycopy(perm, 0, d, 0, k);
        return d;
    }

    static Stream<Arguments> sumCases() {
        return Cases.over("sum", "mean");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("sumCases")
    void sumAndMean(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shape(!name.equals("mean"));
        Arg x = c.arg(shape, Domain.NORMAL);
        int[] dims = dims(c, shape.length);
        boolean keep = c.rnd.nextBoolean();
        Checks.gradients(name + " dims " + java.util.Arrays.toString(dims) + " keep " + keep,
                in -> name.equals("sum") ? x.apply(in[0]).sum(dims, keep) : x.apply(in[0]).mean(dims, keep), true, x.leaf());
    }

    static Stream<Arguments> prodCases() {
        return Cases.over("prod", "prodWithZero", "prodWithTwoZeros");
    }

    /** prod's gradient is the product of the others: checked with no zero, one zero and two zeros per lane. */
    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("prodCases")
    void prod(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shape(true);
        int zeros = name.equals("prod") ? 0 : name.equals("prodWithZero") ? 1 : 2;
        Arg x = c.arg(shape, false, s -> withZeros(c, s, zeros));
        int[] dims = dims(c, shape.length);
        boolean keep = c.rnd.nextBoolean();
        Checks.gradients(name + " dims " + java.util.Arrays.toString(dims) + " keep " + keep,
                in -> Reductions.prod(x.apply(in[0]), dims, keep), true, x.leaf());
    }

    private static Tensor withZeros(Cases c, int[] shape, int zeros) {
        Tensor t = c.tensor(shape, Domain.NONZERO);
        double[] v = t.toDoubleArray();
        for (int i = 0; i < zeros && v.length > 0; i++) {
            v[c.rnd.nextInt(v.length)] = 0;
        }
        return Tensor.wrap(v, shape.clone());
    }

    static Stream<Arguments> extremaCases() {
        return Cases.over("max", "min");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("extremaCases")
    void maxAndMin(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shape(false);
        Arg x = c.arg(shape, Domain.DISTINCT);
        int[] dims = dims(c, shape.length);
        boolean keep = c.rnd.nextBoolean();
        boolean max = name.equals("max");
        Checks.gradients(name + " dims " + java.util.Arrays.toString(dims) + " keep " + keep,
                in -> max ? Reductions.max(x.apply(in[0]), dims, keep) : Reductions.min(x.apply(in[0]), dims, keep),
                true, x.leaf());
    }

    static Stream<Arguments> momentCases() {
        return Cases.over("var", "std");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("momentCases")
    void varAndStd(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shape(false);
        Arg x = c.arg(shape, Domain.DISTINCT);
        int[] dims = dims(c, shape.length);
        boolean keep = c.rnd.nextBoolean();
        // With one element per lane the unbiased divisor N - 1 is 0: use the population variance there.
        int lane = laneSize(shape, dims);
        int correction = lane > 1 ? c.rnd.nextInt(2) : 0;
        boolean std = name.equals("std");
        Checks.gradients(name + " dims " + java.util.Arrays.toString(dims) + " correction " + correction + " keep " + keep,
                in -> std ? x.apply(in[0]).std(dims, correction, keep) : x.apply(in[0]).var(dims, correction, keep),
                true, x.leaf());
    }

    private static int laneSize(int[] shape, int[] dims) {
        if (dims == null) {
            return dev.descent.tensor.Shape.numel(shape);
        }
        int n = 1;
        for (int d : dims) {
            n *= shape.length == 0 ? 1 : shape[d < 0 ? d + shape.length : d];
        }
        return n;
    }

    static Stream<Arguments> softmaxCases() {
        return Cases.over("softmax", "logSoftmax", "logsumexp");
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("softmaxCases")
    void softmaxFamily(String name, int caseIndex) {
        Cases c = new Cases(name, caseIndex);
        int[] shape = c.shape(true);
        Arg x = c.arg(shape, Domain.NORMAL);
        int dim = c.dim(shape.length);
        boolean keep = c.rnd.nextBoolean();
        Checks.gradients(name + " dim " + dim, in -> switch (name) {
            case "softmax" -> x.apply(in[0]).softmax(dim);
            case "logSoftmax" -> x.apply(in[0]).logSoftmax(dim);
            default -> x.apply(in[0]).logsumexp(dim, keep);
        }, true, x.leaf());
    }
}
