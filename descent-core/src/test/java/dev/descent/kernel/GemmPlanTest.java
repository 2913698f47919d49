package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.GemmOperand.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packed plans ({@link GemmBlocking.Plan}) must be interchangeable: forced onto the same product,
 * each gives the scalar twin's bits on 1 and 2 threads, including edge tiles (m, n, k not multiples
 * of the register tile or of a K block), k = 1 and tiny products, which the test sends through the
 * packed path by lowering the direct threshold.
 */
class GemmPlanTest {

    private long savedDirect;

    @BeforeEach
    void packEverything() {
        VectorWarmup.setReady(true);
        savedDirect = GemmBlocking.DIRECT_MNK;
        GemmBlocking.DIRECT_MNK = 0;
    }

    @AfterEach
    void restore() {
        GemmBlocking.DIRECT_MNK = savedDirect;
        GemmBlocking.forced = null;
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Simd.forceScalar(false);
    }

    /** m, n, k, A layout, B layout, accumulate, seed: edge cases first, then random ones. */
    static Stream<Arguments> shapes() {
        int[][] edges = {
            {2, 2, 1}, {3, 5, 1}, {8, 32, 1}, {9, 33, 1}, {2, 3, 4}, {7, 31, 2}, {8, 32, 768}, {9, 33, 769},
            {8, 32, 1024}, {9, 33, 1025}, {8, 40, 2049}, {257, 33, 1025}, {260, 40, 1024},
            {17, 65, 1537}, {1, 40, 30}, {40, 1, 30}, {130, 70, 20}, {16, 150, 144}, {5, 3, 2000}, {33, 47, 1600},
        };
        List<Arguments> list = new ArrayList<>();
        Layout[] layouts = Layout.values();
        SplittableRandom rnd = new SplittableRandom(20261129);
        int i = 0;
        for (int[] e : edges) {
            list.add(Arguments.of(e[0], e[1], e[2], layouts[i % layouts.length], layouts[(i / 3 + 2) % layouts.length],
                    i % 2 == 0, rnd.nextLong()));
            i++;
        }
        for (int t = 0; t < 12; t++) {
            list.add(Arguments.of(1 + rnd.nextInt(150), 1 + rnd.nextInt(150), 1 + rnd.nextInt(t % 3 == 0 ? 2000 : 200),
                    layouts[rnd.nextInt(layouts.length)], layouts[rnd.nextInt(layouts.length)], rnd.nextBoolean(),
                    rnd.nextLong()));
        }
        // Transposed operands (weight gradients g^T x, forward x W^T) on odd shapes: pairs of A strips
        // with a lone strip, a partial strip and an odd depth; B strips with a 16-row tail and edges.
        int[][] transposed = {{37, 45, 129}, {101, 70, 131}, {16, 64, 2}, {200, 33, 1025}, {24, 97, 33}, {49, 160, 769}};
        int t = 0;
        for (int[] e : transposed) {
            list.add(Arguments.of(e[0], e[1], e[2], Layout.TRANSPOSED, Layout.ROW_MAJOR, t % 2 == 0, rnd.nextLong()));
            list.add(Arguments.of(e[0], e[1], e[2], Layout.ROW_MAJOR, Layout.TRANSPOSED, t % 2 == 1, rnd.nextLong()));
            list.add(Arguments.of(e[0], e[1], e[2], Layout.TRANSPOSED, Layout.TRANSPOSED, t % 2 == 0, rnd.nextLong()));
            t++;
        }
        return list.stream();
    }

    @ParameterizedTest(name = "[{index}] m={0} n={1} k={2} A={3} B={4} acc={5}")
    @MethodSource("shapes")
    void everyPlanGivesTheScalarBitsInFloat(int m, int n, int k, Layout la, Layout lb, boolean acc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GemmOperand a = GemmOperand.random(m, k, la, rnd);
        GemmOperand b = GemmOperand.random(k, n, lb, rnd);
        int ldc = n + rnd.nextInt(3);
        int cOff = rnd.nextInt(4);
        float[] c0 = new float[cOff + (m - 1) * ldc + n + 2];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) rnd.nextDouble(-1, 1);
        }
        Simd.forceScalar(true);
        float[] expected = c0.clone();
        Gemm.sgemm(m, n, k, a.f, a.off, a.rs, a.cs, b.f, b.off, b.rs, b.cs, expected, cOff, ldc, acc);
        Simd.forceScalar(false);
        assertCloseToDoubleSum(m, n, k, a, b, c0, expected, cOff, ldc, acc);
        for (GemmBlocking.Plan plan : GemmBlocking.Plan.values()) {
            GemmBlocking.forced = plan;
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                float[] c = c0.clone();
                Gemm.sgemm(m, n, k, a.f, a.off, a.rs, a.cs, b.f, b.off, b.rs, b.cs, c, cOff, ldc, acc);
                assertArrayEquals(expected, c, plan + " on " + threads + " threads differs from the scalar twin");
            }
        }
    }

    @ParameterizedTest(name = "[{index}] m={0} n={1} k={2} A={3} B={4} acc={5}")
    @MethodSource("shapes")
    void everyPlanGivesTheScalarBitsInDouble(int m, int n, int k, Layout la, Layout lb, boolean acc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GemmOperand a = GemmOperand.random(m, k, la, rnd);
        GemmOperand b = GemmOperand.random(k, n, lb, rnd);
        int ldc = n + rnd.nextInt(3);
        int cOff = rnd.nextInt(4);
        double[] c0 = new double[cOff + (m - 1) * ldc + n + 2];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = rnd.nextDouble(-1, 1);
        }
        Simd.forceScalar(true);
        double[] expected = c0.clone();
        Gemm.dgemm(m, n, k, a.d, a.off, a.rs, a.cs, b.d, b.off, b.rs, b.cs, expected, cOff, ldc, acc);
        Simd.forceScalar(false);
        for (GemmBlocking.Plan plan : GemmBlocking.Plan.values()) {
            GemmBlocking.forced = plan;
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                double[] c = c0.clone();
                Gemm.dgemm(m, n, k, a.d, a.off, a.rs, a.cs, b.d, b.off, b.rs, b.cs, c, cOff, ldc, acc);
                assertArrayEquals(expected, c, plan + " on " + threads + " threads differs from the scalar twin");
            }
        }
    }

    @Test
    void trainingShapesGetTheirPlans() {
        GemmBlocking.DIRECT_MNK = savedDirect;
        // ResNet-20 weight gradients: C is a small [Cout x 9 Cin], k runs over batch x positions.
        assertEquals(GemmBlocking.Plan.KSPLIT, GemmBlocking.plan(16, 144, 28672));
        assertEquals(GemmBlocking.Plan.KSPLIT, GemmBlocking.plan(64, 576, 7232));
        // Convolutions as GEMM and their input gradients: a small A, very many columns.
        assertEquals(GemmBlocking.Plan.STREAM, GemmBlocking.plan(16, 131072, 144));
        assertEquals(GemmBlocking.Plan.STREAM, GemmBlocking.plan(64, 8192, 576));
        assertEquals(GemmBlocking.Plan.STREAM, GemmBlocking.plan(144, 131072, 16));
        // MLP with batch 128: forward and both gradients.
        assertEquals(GemmBlocking.Plan.STREAM, GemmBlocking.plan(128, 512, 784));
        assertEquals(GemmBlocking.Plan.STREAM, GemmBlocking.plan(512, 784, 128));
        // Large squares share a packed B panel.
        assertEquals(GemmBlocking.Plan.PANEL, GemmBlocking.plan(512, 512, 512));
        assertEquals(GemmBlocking.Plan.PANEL, GemmBlocking.plan(1024, 1024, 1024));
    }

    /** The scalar result itself is right: within the usual bound of a double-precision sum. */
    private static void assertCloseToDoubleSum(int m, int n, int k, GemmOperand a, GemmOperand b, float[] c0, float[] c,
                                               int cOff, int ldc, boolean acc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = acc ? c0[cOff + i * ldc + j] : 0;
                double abs = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    double t = (double) a.f[a.index(i, p)] * b.f[b.index(p, j)];
                    s += t;
                    abs += Math.abs(t);
                }
                double err = Math.abs(c[cOff + i * ldc + j] - s);
                assertTrue(err <= 2 * (k + 2) * 0x1p-24 * abs + 1e-30, "C(" + i + "," + j + ") error " + err);
            }
        }
    }
}
