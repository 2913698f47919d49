package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.kernel.GemmOperand.Layout;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The vector and scalar GEMM against a naive triple loop in double precision, over seeded random
 * shapes (edge cases first), every operand layout, accumulate on and off, 1 and 2 threads. Results
 * must be bit-identical across thread counts and between the vector kernel and its scalar twin.
 * Error bound per element against the oracle:
 * {@code 2 (k + 2) u (sum_p |A(i,p) B(p,j)| + |C0(i,j)|)}, u the unit roundoff.
 */
class GemmTest {

    private static final double U_FLOAT = 0x1p-24;
    private static final double U_DOUBLE = 0x1p-53;

    @BeforeEach
    void vectorKernelsNow() {
        VectorWarmup.setReady(true);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Simd.forceScalar(false);
    }

    /** m, n, k, A layout, B layout, accumulate, seed. */
    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        Layout[] layouts = Layout.values();
        int[][] edges = {
            {0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {0, 0, 0}, {1, 1, 1}, {1, 1, 7}, {1, 9, 1}, {9, 1, 1},
            {1, 300, 257}, {257, 1, 300}, {3, 2, 1000}, {8, 32, 1}, {8, 32, 768}, {9, 33, 769}, {8, 32, 1024}, {9, 33, 1025},
            {16, 64, 64}, {96, 64, 32}, {97, 65, 31}, {9, 1000, 800}, {300, 300, 800}, {9, 4100, 20},
            {200, 17, 1}, {1, 2000, 2}, {2, 4000, 1100}, {8, 32, 1100}, {9, 33, 1000}, {97, 65, 61}, {65, 97, 50},
        };
        SplittableRandom rnd = new SplittableRandom(20261129);
        int i = 0;
        for (int[] e : edges) {
            list.add(Arguments.of(e[0], e[1], e[2], layouts[i % layouts.length], layouts[(i / 2 + 1) % layouts.length],
                    i % 3 != 0, rnd.nextLong()));
            i++;
        }
        // Every pair of layouts on one awkward shape that takes the packed path, and one that does not.
        for (Layout la : layouts) {
            for (Layout lb : layouts) {
                list.add(Arguments.of(45, 51, 130, la, lb, rnd.nextBoolean(), rnd.nextLong()));
                list.add(Arguments.of(7, 37, 20, la, lb, rnd.nextBoolean(), rnd.nextLong()));
            }
        }
        // Random shapes: direct path below 64^3 multiply-adds, packed above.
        for (int t = 0; t < 40; t++) {
            int m = 1 + rnd.nextInt(t % 4 == 0 ? 300 : 90);
            int n = 1 + rnd.nextInt(t % 4 == 1 ? 300 : 90);
            int k = 1 + rnd.nextInt(t % 4 == 2 ? 300 : 90);
            list.add(Arguments.of(m, n, k, layouts[rnd.nextInt(layouts.length)], layouts[rnd.nextInt(layouts.length)],
                    rnd.nextBoolean(), rnd.nextLong()));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "[{index}] m={0} n={1} k={2} A={3} B={4} acc={5}")
    @MethodSource("shapes")
    void sgemmMatchesOracleAndIsThreadInvariant(int m, int n, int k, Layout la, Layout lb, boolean acc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GemmOperand a = GemmOperand.random(m, k, la, rnd);
        GemmOperand b = GemmOperand.random(k, n, lb, rnd);
        int ldc = n + rnd.nextInt(3);
        int cOff = rnd.nextInt(4);
        float[] c0 = new float[cOff + Math.max(0, (m - 1) * ldc + n) + 3];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) rnd.nextDouble(-1, 1);
        }
        double[] c0d = new double[c0.length];
        for (int i = 0; i < c0.length; i++) {
            c0d[i] = c0[i];
        }
        double[][] ref = oracle(m, n, k, a, b, true, c0d, cOff, ldc, acc);

        float[] first = null;
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            float[] c = c0.clone();
            Gemm.sgemm(m, n, k, a.f, a.off, a.rs, a.cs, b.f, b.off, b.rs, b.cs, c, cOff, ldc, acc);
            check(ref, c, c0, cOff, ldc, m, n, k, U_FLOAT, "vector=" + Simd.enabled() + " threads=" + threads);
            if (first == null) {
                first = c;
            } else {
                assertArrayEquals(first, c, "results differ between 1 and 2 threads");
            }
        }
        Simd.forceScalar(true);
        float[] c = c0.clone();
        Gemm.sgemm(m, n, k, a.f, a.off, a.rs, a.cs, b.f, b.off, b.rs, b.cs, c, cOff, ldc, acc);
        check(ref, c, c0, cOff, ldc, m, n, k, U_FLOAT, "scalar");
        assertArrayEquals(first, c, "the vector kernel and its scalar twin differ");
    }

    @ParameterizedTest(name = "[{index}] m={0} n={1} k={2} A={3} B={4} acc={5}")
    @MethodSource("shapes")
    void dgemmMatchesOracleAndIsThreadInvariant(int m, int n, int k, Layout la, Layout lb, boolean acc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GemmOperand a = GemmOperand.random(m, k, la, rnd);
        GemmOperand b = GemmOperand.random(k, n, lb, rnd);
        int ldc = n + rnd.nextInt(3);
        int cOff = rnd.nextInt(4);
        double[] c0 = new double[cOff + Math.max(0, (m - 1) * ldc + n) + 3];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = rnd.nextDouble(-1, 1);
        }
        double[][] ref = oracle(m, n, k, a, b, false, c0, cOff, ldc, acc);

        double[] first = null;
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            double[] c = c0.clone();
            Gemm.dgemm(m, n, k, a.d, a.off, a.rs, a.cs, b.d, b.off, b.rs, b.cs, c, cOff, ldc, acc);
            check(ref, c, c0, cOff, ldc, m, n, k, U_DOUBLE, "vector=" + Simd.enabled() + " threads=" + threads);
            if (first == null) {
                first = c;
            } else {
                assertArrayEquals(first, c, "results differ between 1 and 2 threads");
            }
        }
        Simd.forceScalar(true);
        double[] c = c0.clone();
        Gemm.dgemm(m, n, k, a.d, a.off, a.rs, a.cs, b.d, b.off, b.rs, b.cs, c, cOff, ldc, acc);
        check(ref, c, c0, cOff, ldc, m, n, k, U_DOUBLE, "scalar");
        assertArrayEquals(first, c, "the vector kernel and its scalar twin differ");
    }

    /** batch, m, n, k, which of A/B has batch stride 0 (0 none, 1 A, 2 B), seed. */
    static Stream<Arguments> batches() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of(0, 3, 3, 3, 0, rnd.nextLong()));
        list.add(Arguments.of(3, 0, 3, 3, 0, rnd.nextLong()));
        list.add(Arguments.of(5, 4, 5, 0, 1, rnd.nextLong()));
        list.add(Arguments.of(1, 70, 80, 90, 0, rnd.nextLong()));
        list.add(Arguments.of(64, 5, 7, 9, 1, rnd.nextLong()));
        list.add(Arguments.of(33, 17, 40, 23, 2, rnd.nextLong()));
        list.add(Arguments.of(3, 70, 80, 90, 2, rnd.nextLong()));
        for (int t = 0; t < 10; t++) {
            list.add(Arguments.of(1 + rnd.nextInt(20), 1 + rnd.nextInt(60), 1 + rnd.nextInt(60), 1 + rnd.nextInt(60),
                    rnd.nextInt(3), rnd.nextLong()));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "[{index}] batch={0} m={1} n={2} k={3} shared={4}")
    @MethodSource("batches")
    void batchedMatchesOneByOne(int batch, int m, int n, int k, int shared, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean acc = rnd.nextBoolean();
        int aBs = shared == 1 ? 0 : m * k + 1;
        int bBs = shared == 2 ? 0 : -(k * n + 2); // negative: items stored last-to-first
        int cBs = m * n + 3;
        float[] a = randomFloats(rnd, 2 + Math.max(0, batch - 1) * aBs + m * k);
        float[] b = randomFloats(rnd, 5 + Math.max(0, batch - 1) * Math.abs(bBs) + k * n);
        int bOff = shared == 2 ? 5 : 5 + Math.max(0, batch - 1) * Math.abs(bBs);
        float[] c0 = randomFloats(rnd, 1 + Math.max(0, batch) * cBs);
        double[] ad = new double[a.length];
        double[] bd = new double[b.length];
        double[] cd0 = new double[c0.length];
        for (int i = 0; i < a.length; i++) {
            ad[i] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            bd[i] = b[i];
        }
        for (int i = 0; i < c0.length; i++) {
            cd0[i] = c0[i];
        }
        // A transposed within each item, B row-major.
        float[] first = null;
        double[] firstD = null;
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            float[] c = c0.clone();
            Gemm.sgemmBatched(batch, m, n, k, a, 2, aBs, 1, m, b, bOff, bBs, n, 1, c, 1, cBs, n, acc);
            double[] cd = cd0.clone();
            Gemm.dgemmBatched(batch, m, n, k, ad, 2, aBs, 1, m, bd, bOff, bBs, n, 1, cd, 1, cBs, n, acc);
            for (int t = 0; t < batch; t++) {
                float[] one = c0.clone();
                Gemm.sgemm(m, n, k, a, 2 + t * aBs, 1, m, b, bOff + t * bBs, n, 1, one, 1 + t * cBs, n, acc);
                double[] oneD = cd0.clone();
                Gemm.dgemm(m, n, k, ad, 2 + t * aBs, 1, m, bd, bOff + t * bBs, n, 1, oneD, 1 + t * cBs, n, acc);
                for (int e = 0; e < m * n; e++) {
                    int idx = 1 + t * cBs + e;
                    assertEquals(one[idx], c[idx], "float item " + t + " element " + e);
                    assertEquals(oneD[idx], cd[idx], "double item " + t + " element " + e);
                }
            }
            if (first == null) {
                first = c;
                firstD = cd;
            } else {
                assertArrayEquals(first, c, "float results differ between 1 and 2 threads");
                assertArrayEquals(firstD, cd, "double results differ between 1 and 2 threads");
            }
        }
        // And item 0 against the oracle, so that "same as one by one" is not vacuous.
        if (batch > 0 && m > 0 && n > 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = acc ? c0[1 + i * n + j] : 0;
                    double abs = Math.abs(s);
                    for (int p = 0; p < k; p++) {
                        double v = (double) a[2 + i + p * m] * b[bOff + p * n + j];
                        s += v;
                        abs += Math.abs(v);
                    }
                    double err = Math.abs(first[1 + i * n + j] - s);
                    assertTrue(err <= 2 * (k + 2) * U_FLOAT * abs + 1e-30, "item 0 (" + i + "," + j + ") error " + err);
                }
            }
        }
    }

    @Test
    void deepKPackedAGroupOfKBlocksAtATimeGivesTheSameBits() {
        int saved = GemmBlocking.B_CAP;
        SplittableRandom rnd = new SplittableRandom(11);
        try {
            for (int t = 0; t < 6; t++) {
                int m = 20 + rnd.nextInt(60);
                int n = 40 + rnd.nextInt(200);
                int k = 800 + rnd.nextInt(1500);
                boolean acc = rnd.nextBoolean();
                float[] a = randomFloats(rnd, m * k);
                float[] b = randomFloats(rnd, k * n);
                float[] c0 = randomFloats(rnd, m * n);
                GemmBlocking.B_CAP = 1 << 22;
                float[] whole = c0.clone();
                Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, 1, k, whole, 0, n, acc);
                // Small enough that K blocks are packed one at a time and panels are narrow.
                GemmBlocking.B_CAP = 1 + rnd.nextInt(40_000);
                float[] grouped = c0.clone();
                Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, 1, k, grouped, 0, n, acc);
                assertArrayEquals(whole, grouped, "m=" + m + " n=" + n + " k=" + k + " cap=" + GemmBlocking.B_CAP);
            }
        } finally {
            GemmBlocking.B_CAP = saved;
        }
    }

    @Test
    void kZeroZeroesOrKeepsC() {
        float[] c = {1, 2, 3, 4, 5, 6, 7};
        Gemm.sgemm(2, 2, 0, new float[0], 0, 0, 0, new float[0], 0, 0, 0, c, 1, 3, true);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7}, c);
        Gemm.sgemm(2, 2, 0, new float[0], 0, 0, 0, new float[0], 0, 0, 0, c, 1, 3, false);
        assertArrayEquals(new float[] {1, 0, 0, 4, 0, 0, 7}, c);
        double[] cd = {1, 2, 3};
        Gemm.dgemm(1, 2, 0, new double[0], 0, 0, 0, new double[0], 0, 0, 0, cd, 1, 2, false);
        assertArrayEquals(new double[] {1, 0, 0}, cd);
    }

    @Test
    void badArgumentsNameTheValues() {
        float[] x = new float[16];
        var neg = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(-1, 2, 2, x, 0, 2, 1, x, 0, 2, 1, x, 0, 2, false));
        assertTrue(neg.getMessage().contains("m=-1"), neg.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(2, 2, 9, x, 0, 9, 1, new float[18], 0, 2, 1, new float[4], 0, 2, false));
        assertTrue(oob.getMessage().contains("a:") && oob.getMessage().contains("length 16"), oob.getMessage());
        var ldc = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 3, 1, x, 0, 1, 1, x, 0, 1, 1, x, 0, 2, false));
        assertTrue(ldc.getMessage().contains("ldc=2"), ldc.getMessage());
        var overlap = assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemmBatched(2, 2, 2, 2, new double[8], 0, 4, 2, 1, new double[8], 0, 4, 2, 1,
                        new double[8], 0, 0, 2, false));
        assertTrue(overlap.getMessage().contains("cBatchStride=0"), overlap.getMessage());
        assertThrows(NullPointerException.class, () -> Gemm.sgemm(1, 1, 1, null, 0, 1, 1, x, 0, 1, 1, x, 0, 1, false));
    }

    @Test
    void nanAndInfinityPropagateLikeTheScalarLoop() {
        // 0 * Inf must give NaN: no kernel may skip a zero of A.
        float[] a = {0f, 1f};
        float[] b = {Float.POSITIVE_INFINITY, 2f};
        float[] c = new float[1];
        Gemm.sgemm(1, 1, 2, a, 0, 2, 1, b, 0, 1, 1, c, 0, 1, false);
        assertTrue(Float.isNaN(c[0]));
    }

    private static float[] randomFloats(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    /** Exact-ish reference in double; returns {value, bound scale} per element. */
    private static double[][] oracle(int m, int n, int k, GemmOperand a, GemmOperand b, boolean useFloat,
                                     double[] c0, int cOff, int ldc, boolean acc) {
        double[][] out = new double[2][m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = useFloat ? a.f[a.index(i, p)] : a.d[a.index(i, p)];
                    double bv = useFloat ? b.f[b.index(p, j)] : b.d[b.index(p, j)];
                    s += av * bv;
                    abs += Math.abs(av * bv);
                }
                if (acc) {
                    double cv = c0[cOff + i * ldc + j];
                    s += cv;
                    abs += Math.abs(cv);
                }
                out[0][i * n + j] = s;
                out[1][i * n + j] = abs;
            }
        }
        return out;
    }

    private static void check(double[][] ref, float[] c, float[] c0, int cOff, int ldc, int m, int n, int k, double u, String what) {
        double[] cd = new double[c.length];
        double[] c0d = new double[c0.length];
        for (int i = 0; i < c.length; i++) {
            cd[i] = c[i];
            c0d[i] = c0[i];
        }
        check(ref, cd, c0d, cOff, ldc, m, n, k, u, what);
    }

    private static void check(double[][] ref, double[] c, double[] c0, int cOff, int ldc, int m, int n, int k, double u, String what) {
        boolean[] inside = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = cOff + i * ldc + j;
                inside[idx] = true;
                double err = Math.abs(c[idx] - ref[0][i * n + j]);
                double tol = 2 * (k + 2) * u * ref[1][i * n + j] + 1e-300;
                if (!(err <= tol)) {
                    fail(what + ": C(" + i + "," + j + ") = " + c[idx] + ", expected " + ref[0][i * n + j]
                            + " (error " + err + " > " + tol + ")");
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inside[i] && Double.doubleToRawLongBits(c[i]) != Double.doubleToRawLongBits(c0[i])) {
                fail(what + ": wrote outside C at index " + i + " " + Arrays.toString(new int[] {cOff, ldc, m, n}));
            }
        }
    }
}
