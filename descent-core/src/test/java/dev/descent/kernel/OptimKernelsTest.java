package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fast path (Vector API, threads, offsets) against the scalar reference loop, bit for bit. */
class OptimKernelsTest {
    @AfterEach
    void restore() {
        OptimKernels.setVectorized(true);
        OptimKernels.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Sizes around the vector length and a threaded one; every flag combination, but the big size only twice. */
    static Stream<Arguments> cases() {
        int[] sizes = {0, 1, 7, 16, 17, 63, 1000, 3 * OptimKernels.GRAIN + 5};
        return IntStream.range(0, sizes.length * 8)
                .filter(k -> k % sizes.length != sizes.length - 1 || k / sizes.length == 0 || k / sizes.length == 7)
                .mapToObj(k -> Arguments.of(sizes[k % sizes.length], k / sizes.length));
    }

    private static float[] randf(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static double[] randd(SplittableRandom r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (r.nextDouble() * 2 - 1) * scale;
        }
        return a;
    }

    @ParameterizedTest(name = "n={0} flags={1}")
    @MethodSource("cases")
    void adamFastEqualsReference(int n, int flags) {
        boolean maximize = (flags & 1) != 0;
        boolean ams = (flags & 2) != 0;
        double wd = (flags & 4) != 0 ? 0.01 : 0;
        SplittableRandom r = new SplittableRandom(42 + n + flags);
        int po = 3;
        int go = 5;
        float[] p = randf(r, n + po, 1);
        float[] g = randf(r, n + go, 1);
        float[] m = randf(r, n, 0.1);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble();
        }
        float[] vm = ams ? v.clone() : null;
        double[] pd = randd(r, n + po, 1);
        double[] gd = randd(r, n + go, 1);
        double[] md = randd(r, n, 0.1);
        double[] vd = new double[n];
        double[] vmd = ams ? new double[n] : null;
        float[][] fl = {p.clone(), g.clone(), m.clone(), v.clone(), vm == null ? null : vm.clone()};
        double[][] dl = {pd.clone(), gd.clone(), md.clone(), vd.clone(), vmd == null ? null : vmd.clone()};
        OptimKernels.setVectorized(true);
        OptimKernels.setThreads(2);
        for (int step = 0; step < 3; step++) {
            OptimKernels.adam(p, po, g, go, m, v, vm, n, 0.9, 0.999, -1e-3, 0.3, 1e-8, wd, 0.999, maximize);
            OptimKernels.adam(pd, po, gd, go, md, vd, vmd, n, 0.9, 0.999, -1e-3, 0.3, 1e-8, wd, 0.999, maximize);
            OptimKernels.adamReference(fl[0], po, fl[1], go, fl[2], fl[3], fl[4], 0.9, 0.999, -1e-3, 0.3, 1e-8, wd, 0.999,
                    maximize, 0, n);
            OptimKernels.adamReference(dl[0], po, dl[1], go, dl[2], dl[3], dl[4], 0.9, 0.999, -1e-3, 0.3, 1e-8, wd, 0.999,
                    maximize, 0, n);
        }
        assertArrayEquals(fl[0], p);
        assertArrayEquals(fl[2], m);
        assertArrayEquals(fl[3], v);
        assertArrayEquals(dl[0], pd);
        assertArrayEquals(dl[3], vd);
        if (ams) {
            assertArrayEquals(fl[4], vm);
            assertArrayEquals(dl[4], vmd);
        }
    }

    @ParameterizedTest(name = "n={0} flags={1}")
    @MethodSource("cases")
    void sgdFastEqualsReference(int n, int flags) {
        boolean maximize = (flags & 1) != 0;
        boolean nesterov = (flags & 2) != 0;
        double wd = (flags & 4) != 0 ? 0.01 : 0;
        double momentum = nesterov || n % 2 == 0 ? 0.9 : 0;
        SplittableRandom r = new SplittableRandom(7 + n + flags);
        float[] p = randf(r, n + 1, 1);
        float[] g = randf(r, n + 2, 1);
        float[] b = new float[n];
        double[] pd = randd(r, n + 1, 1);
        double[] gd = randd(r, n + 2, 1);
        double[] bd = new double[n];
        float[] p2 = p.clone();
        float[] b2 = b.clone();
        double[] pd2 = pd.clone();
        double[] bd2 = bd.clone();
        for (int step = 0; step < 3; step++) {
            boolean first = step == 0;
            OptimKernels.sgd(p, 1, g, 2, momentum != 0 ? b : null, n, 0.1, momentum, 0, wd, nesterov, maximize, first);
            OptimKernels.sgdReference(p2, 1, g, 2, momentum != 0 ? b2 : null, 0.1, momentum, 0, wd, nesterov, maximize,
                    first, 0, n);
            OptimKernels.sgd(pd, 1, gd, 2, momentum != 0 ? bd : null, n, 0.1, momentum, 0, wd, nesterov, maximize, first);
            OptimKernels.sgdReference(pd2, 1, gd, 2, momentum != 0 ? bd2 : null, 0.1, momentum, 0, wd, nesterov,
                    maximize, first, 0, n);
        }
        assertArrayEquals(p2, p);
        assertArrayEquals(b2, b);
        assertArrayEquals(pd2, pd);
        assertArrayEquals(bd2, bd);
    }

    @ParameterizedTest(name = "n={0} flags={1}")
    @MethodSource("cases")
    void otherVectorKernelsEqualReference(int n, int flags) {
        boolean maximize = (flags & 1) != 0;
        double wd = (flags & 2) != 0 ? 0.01 : 0;
        boolean variant = (flags & 4) != 0;
        SplittableRandom r = new SplittableRandom(99 + n + flags);
        OptimKernels.setThreads(2);
        // float32
        float[] g = randf(r, n + 2, 1);
        float[][] a = {randf(r, n + 1, 1), new float[n], randf(r, n, 0.1), randf(r, n, 0.1)};
        float[][] b = {a[0].clone(), a[1].clone(), a[2].clone(), a[3].clone()};
        // float64
        double[] gd = randd(r, n + 2, 1);
        double[][] c = {randd(r, n + 1, 1), new double[n], randd(r, n, 0.1), randd(r, n, 0.1)};
        double[][] d = {c[0].clone(), c[1].clone(), c[2].clone(), c[3].clone()};
        for (int step = 0; step < 3; step++) {
            float[] ga = variant ? a[2] : null;
            float[] gb = variant ? b[2] : null;
            double[] gc = variant ? c[2] : null;
            double[] gdd = variant ? d[2] : null;
            OptimKernels.rmsprop(a[0], 1, g, 2, a[1], ga, variant ? a[3] : null, n, 0.01, 0.99, 1e-8, wd, variant ? 0.9 : 0, maximize);
            OptimKernels.rmspropReference(b[0], 1, g, 2, b[1], gb, variant ? b[3] : null, 0.01, 0.99, 1e-8, wd,
                    variant ? 0.9 : 0, maximize, 0, n);
            OptimKernels.rmsprop(c[0], 1, gd, 2, c[1], gc, variant ? c[3] : null, n, 0.01, 0.99, 1e-8, wd, variant ? 0.9 : 0, maximize);
            OptimKernels.rmspropReference(d[0], 1, gd, 2, d[1], gdd, variant ? d[3] : null, 0.01, 0.99, 1e-8, wd,
                    variant ? 0.9 : 0, maximize, 0, n);
            OptimKernels.adagrad(a[0], 1, g, 2, a[1], n, -0.01, 1e-10, wd, maximize);
            OptimKernels.adagradReference(b[0], 1, g, 2, b[1], -0.01, 1e-10, wd, maximize, 0, n);
            OptimKernels.adagrad(c[0], 1, gd, 2, c[1], n, -0.01, 1e-10, wd, maximize);
            OptimKernels.adagradReference(d[0], 1, gd, 2, d[1], -0.01, 1e-10, wd, maximize, 0, n);
            double decay = variant ? 0.999 : 1;
            OptimKernels.nadam(a[0], 1, g, 2, a[2], a[1], n, 0.9, 0.999, 0.2, 1e-8, -0.01, -0.02, wd, decay, maximize);
            OptimKernels.nadamReference(b[0], 1, g, 2, b[2], b[1], 0.9, 0.999, 0.2, 1e-8, -0.01, -0.02, wd, decay, maximize, 0, n);
            OptimKernels.nadam(c[0], 1, gd, 2, c[2], c[1], n, 0.9, 0.999, 0.2, 1e-8, -0.01, -0.02, wd, decay, maximize);
            OptimKernels.nadamReference(d[0], 1, gd, 2, d[2], d[1], 0.9, 0.999, 0.2, 1e-8, -0.01, -0.02, wd, decay, maximize, 0, n);
            OptimKernels.lion(a[0], 1, g, 2, a[3], n, 1e-3, 0.9, 0.99, wd, maximize);
            OptimKernels.lionReference(b[0], 1, g, 2, b[3], 1e-3, 0.9, 0.99, wd, maximize, 0, n);
            OptimKernels.lion(c[0], 1, gd, 2, c[3], n, 1e-3, 0.9, 0.99, wd, maximize);
            OptimKernels.lionReference(d[0], 1, gd, 2, d[3], 1e-3, 0.9, 0.99, wd, maximize, 0, n);
        }
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(b[k], a[k], "float32 array " + k);
            assertArrayEquals(d[k], c[k], "float64 array " + k);
        }
    }

    @Test
    void threadedScalarKernelsEqualSingleThread() {
        int n = 5 * OptimKernels.GRAIN + 3;
        SplittableRandom r = new SplittableRandom(3);
        double[] p = randd(r, n, 1);
        double[] g = randd(r, n, 1);
        double[] sq = new double[n];
        double[] acc = new double[n];
        double[] p2 = p.clone();
        double[] sq2 = sq.clone();
        double[] acc2 = acc.clone();
        OptimKernels.setThreads(2);
        OptimKernels.adadelta(p, 0, g, 0, sq, acc, n, 1.0, 0.9, 1e-6, 0.01, false);
        OptimKernels.setThreads(1);
        OptimKernels.adadelta(p2, 0, g, 0, sq2, acc2, n, 1.0, 0.9, 1e-6, 0.01, false);
        assertArrayEquals(p2, p);
        assertArrayEquals(acc2, acc);
    }

    @Test
    void firstNonFiniteFindsTheFirstBadElement() {
        for (boolean vec : new boolean[] {true, false}) {
            OptimKernels.setVectorized(vec);
            float[] a = new float[100];
            assertEquals(-1, OptimKernels.firstNonFinite(a, 0, 100));
            a[37] = Float.NaN;
            a[90] = Float.POSITIVE_INFINITY;
            assertEquals(37, OptimKernels.firstNonFinite(a, 0, 100));
            assertEquals(90 - 40, OptimKernels.firstNonFinite(a, 40, 60));
            double[] d = new double[33];
            d[32] = Double.NEGATIVE_INFINITY;
            assertEquals(32, OptimKernels.firstNonFinite(d, 0, 33));
            assertEquals(-1, OptimKernels.firstNonFinite(d, 0, 32));
        }
    }

    @Test
    void firstNonFiniteAgreesWithTheElementwiseScanOnLongArrays() {
        java.util.Random r = new java.util.Random(11);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(5000);
            float[] a = new float[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                // extremes included: x·0 must stay zero for the largest finite magnitudes and for -0
                a[i] = switch (r.nextInt(4)) {
                    case 0 -> Float.MAX_VALUE * (r.nextBoolean() ? 1 : -1);
                    case 1 -> -0f;
                    default -> (float) r.nextGaussian();
                };
                d[i] = a[i];
            }
            int hits = r.nextInt(3);
            for (int h = 0; h < hits; h++) {
                int at = r.nextInt(n);
                a[at] = bad[r.nextInt(3)];
                d[at] = a[at];
            }
            int off = r.nextInt(Math.max(1, n / 4));
            for (boolean vec : new boolean[] {true, false}) {
                OptimKernels.setVectorized(vec);
                assertEquals(OptimKernels.firstNonFiniteReference(a, off, n - off), OptimKernels.firstNonFinite(a, off, n - off));
                assertEquals(OptimKernels.firstNonFiniteReference(d, off, n - off), OptimKernels.firstNonFinite(d, off, n - off));
            }
        }
    }

    @Test
    void torchSignIsZeroForNaN() {
        assertEquals(0.0, OptimKernels.sign(Double.NaN));
        assertEquals(-1f, OptimKernels.sign(-3f));
        assertEquals(0f, OptimKernels.sign(-0f));
    }
}
