package dev.descent.ops;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded random inputs for property tests. Case {@code k} of a test is reproducible from
 * {@code (SEED, k)} alone. The first cases are the edge cases (a scalar, size-1 dimensions, an empty
 * tensor); later ones draw random shapes and lay some inputs out as non-contiguous views.
 */
final class Cases {
    /** The seed every property test derives its cases from. */
    static final long SEED = 20_260_101L;
    /** Cases per op: the fixed edge cases and then random ones. */
    static final int COUNT = 10;

    final SplittableRandom rnd;
    final int index;

    Cases(String op, int index) {
        this.rnd = new SplittableRandom(SEED * 31 + op.hashCode() * 1_000_003L + index);
        this.index = index;
    }

    /** {@code (name, case)} pairs for a parameterized test over several ops. */
    static Stream<Arguments> over(String... ops) {
        return Arrays.stream(ops).flatMap(op -> IntStream.range(0, COUNT).mapToObj(i -> Arguments.of(op, i)));
    }

    // ---------------------------------------------------------------- shapes

    /** Case 0: a scalar; 1: [1]; 2: size-1 dims; 3: an empty tensor (when allowed); then random. */
    int[] shape(boolean allowEmpty) {
        return switch (index) {
            case 0 -> new int[] {};
            case 1 -> new int[] {1};
            case 2 -> new int[] {1, 3, 1};
            case 3 -> allowEmpty ? new int[] {2, 0} : randomShape(1, 3);
            default -> randomShape(1, 3);
        };
    }

    /** A shape of at least {@code minRank} dimensions, edge cases first, sizes 1 to 4. */
    int[] shapeOfRank(int minRank, boolean allowEmpty) {
        int[] s = shape(allowEmpty);
        while (s.length < minRank) {
            s = prepend(rnd.nextInt(1, 4), s);
        }
        return s;
    }

    int[] randomShape(int minRank, int maxRank) {
        int rank = rnd.nextInt(minRank, maxRank + 1);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = rnd.nextInt(1, 5);
        }
        return s;
    }

    /**
     * Two shapes that broadcast together, of different ranks in most cases: case 0 two scalars, 1 a
     * scalar and a vector, 2 ranks 3 and 2 with size-1 dims on both sides, 3 an empty one; then random.
     */
    int[][] broadcastPair(boolean allowEmpty) {
        switch (index) {
            case 0:
                return new int[][] {{}, {}};
            case 1:
                return new int[][] {{}, {3}};
            case 2:
                return new int[][] {{2, 1, 3}, {4, 1}};
            case 3:
                if (allowEmpty) {
                    return new int[][] {{0, 3}, {3}};
                }
                return new int[][] {{1}, {2, 2}};
            default:
                int[] full = randomShape(1, 3);
                int[][] pair = {shrink(full), shrink(full)};
                if (rnd.nextBoolean()) {
                    int[] t = pair[0];
                    pair[0] = pair[1];
                    pair[1] = t;
                }
                return pair;
        }
    }

    /** Drops some leading dims of {@code full} and turns some of the rest into 1. */
    private int[] shrink(int[] full) {
        int drop = rnd.nextInt(0, full.length + 1);
        int[] s = Arrays.copyOfRange(full, drop, full.length);
        for (int i = 0; i < s.length; i++) {
            if (rnd.nextInt(3) == 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    static int[] prepend(int size, int[] s) {
        int[] r = new int[s.length + 1];
        r[0] = size;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }

    /** A dimension index of a tensor of {@code rank}, sometimes negative. */
    int dim(int rank) {
        int r = Math.max(rank, 1);
        int d = rnd.nextInt(r);
        return rnd.nextBoolean() ? d : d - r;
    }

    // ---------------------------------------------------------------- values

    /** How values are drawn; each keeps clear of the points where the op under test has a kink or a pole. */
    enum Domain {
        /** Normal(0, 1). */
        NORMAL,
        /** Uniform in [0.2, 2]: for log, sqrt, rsqrt, non-integer powers. */
        POSITIVE,
        /** |x| uniform in [0.05, 2] with a random sign: for abs, relu, leaky relu, elu, sign-dependent ops. */
        NONZERO,
        /** Uniform in [-1.2, 1.2]: for tan, away from its poles. */
        SMALL,
        /** All different, at least 0.05 apart: for max, min, sorting-like ops. */
        DISTINCT
    }

    double value(Domain d) {
        return switch (d) {
            case NORMAL -> gaussian();
            case POSITIVE -> rnd.nextDouble(0.2, 2.0);
            case NONZERO -> (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble(0.05, 2.0);
            case SMALL -> rnd.nextDouble(-1.2, 1.2);
            case DISTINCT -> throw new IllegalStateException("DISTINCT values are drawn for a whole tensor");
        };
    }

    double gaussian() {
        // Box-Muller from the seeded stream (SplittableRandom has no nextGaussian with a fixed algorithm across JDKs)
        double u = rnd.nextDouble(1e-12, 1.0);
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A float64 tensor of {@code shape} with values from {@code d}. */
    Tensor tensor(int[] shape, Domain d) {
        int n = Shape.numel(shape);
        double[] v = new double[n];
        if (d == Domain.DISTINCT) {
            int[] perm = permutation(n);
            double offset = rnd.nextDouble(-1, 0);
            for (int i = 0; i < n; i++) {
                v[i] = offset + 0.1 * (perm[i] - n / 2.0) + 0.05;
            }
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = value(d);
            }
        }
        return Tensor.wrap(v, shape.clone());
    }

    /** Values away from every point in {@code kinks} by at least 0.05. */
    Tensor tensorAwayFrom(int[] shape, double... kinks) {
        int n = Shape.numel(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = 1.5 * gaussian();
            } while (near(x, kinks));
            v[i] = x;
        }
        return Tensor.wrap(v, shape.clone());
    }

    private static boolean near(double x, double[] points) {
        for (double p : points) {
            if (Math.abs(x - p) < 0.05) {
                return true;
            }
        }
        return false;
    }

    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Integral index values in [0, size) as a float64 tensor of {@code shape}. */
    Tensor indices(int[] shape, int size) {
        int n = Shape.numel(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(size);
        }
        return Tensor.wrap(v, shape.clone());
    }

    /** A 0/1 float64 tensor. */
    Tensor mask(int[] shape) {
        int n = Shape.numel(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextBoolean() ? 1 : 0;
        }
        return Tensor.wrap(v, shape.clone());
    }

    // ---------------------------------------------------------------- layouts

    /** How an input reaches the op: as the leaf itself or as a non-contiguous view of it. */
    enum Layout {
        CONTIGUOUS,
        /** The last two dims swapped back: strides out of order. */
        TRANSPOSED,
        /** Every other element of a last dimension twice as long, from offset 1. */
        STRIDED,
        /** A size-1 dim expanded: stride 0 (repeats values, so not for {@link Domain#DISTINCT}). */
        EXPANDED
    }

    /** The layout for this case: contiguous for the edge cases, then cycling through the views. */
    Layout layout(int[] shape, boolean allowExpanded) {
        if (index < 4) {
            return Layout.CONTIGUOUS;
        }
        Layout l = Layout.values()[(index + rnd.nextInt(2)) % Layout.values().length];
        if (l == Layout.TRANSPOSED && shape.length < 2 || l == Layout.STRIDED && shape.length < 1
                || l == Layout.EXPANDED && (!allowExpanded || shape.length < 1)) {
            return shape.length >= 1 ? Layout.STRIDED : Layout.CONTIGUOUS;
        }
        return l;
    }

    /** A leaf to check gradients against and the view of it that the op receives. */
    record Arg(Tensor leaf, UnaryOperator<Tensor> view) {
        Tensor apply(Tensor leafValue) {
            return view.apply(leafValue);
        }
    }

    /** An input of logical {@code shape} with values from {@code d}, in the case's layout. */
    Arg arg(int[] shape, Domain d) {
        return arg(shape, layout(shape, d != Domain.DISTINCT), s -> tensor(s, d));
    }

    /** An input of logical {@code shape} in the case's layout, the leaf's values made by {@code values}. */
    Arg arg(int[] shape, boolean allowExpanded, java.util.function.Function<int[], Tensor> values) {
        return arg(shape, layout(shape, allowExpanded), values);
    }

    Arg arg(int[] shape, Layout layout, java.util.function.Function<int[], Tensor> values) {
        int r = shape.length;
        switch (layout) {
            case TRANSPOSED: {
                int[] s = shape.clone();
                s[r - 1] = shape[r - 2];
                s[r - 2] = shape[r - 1];
                return new Arg(values.apply(s), t -> t.transpose(-1, -2));
            }
            case STRIDED: {
                int[] s = shape.clone();
                s[r - 1] = 2 * shape[r - 1] + 1;
                return new Arg(values.apply(s), t -> t.slice(-1, 1, s[r - 1], 2));
            }
            case EXPANDED: {
                int[] s = shape.clone();
                s[0] = 1;
                return new Arg(values.apply(s), t -> t.expand(shape));
            }
            default:
                return new Arg(values.apply(shape), t -> t);
        }
    }

    static Tensor zeros64(int... shape) {
        return Tensor.zeros(DType.FLOAT64, shape);
    }
}
