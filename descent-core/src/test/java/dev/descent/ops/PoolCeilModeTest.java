package dev.descent.ops;

import static dev.descent.ops.NnTestSupport.assertClose;
import static dev.descent.ops.NnTestSupport.assertFloat32Agrees;
import static dev.descent.ops.NnTestSupport.assertGrad;
import static dev.descent.ops.NnTestSupport.assertGrad2;
import static dev.descent.ops.NnTestSupport.between;
import static dev.descent.ops.NnTestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pooling with {@code ceil_mode} ({@link PoolGeometry}) against a direct loop written from PyTorch's
 * description: window i exists while it starts inside the input or the left padding and overhangs
 * the padded input by less than a stride; max ignores everything outside the input; average divides
 * by the window clipped to the padded input (count_include_pad) or to the input. Plus first- and
 * second-order gradient checks, float32 agreement, and {@link Padding#constant}'s own checks.
 */
class PoolCeilModeTest {

    record Case(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                boolean countIncludePad) {
        static Case random(long seed, boolean dilated) {
            SplittableRandom r = new SplittableRandom(seed * 31 + 7);
            while (true) {
                int kh = between(r, 1, 4);
                int kw = between(r, 1, 4);
                Case k = new Case(between(r, 1, 2), between(r, 1, 3), between(r, 1, 8), between(r, 1, 8), kh, kw,
                        between(r, 1, 3), between(r, 1, 3), between(r, 0, kh / 2), between(r, 0, kw / 2),
                        dilated ? between(r, 1, 2) : 1, dilated ? between(r, 1, 2) : 1, r.nextBoolean());
                if (k.oh() >= 1 && k.ow() >= 1) {
                    return k;
                }
            }
        }

        int oh() {
            return windows(h, kh, sh, ph, dh);
        }

        int ow() {
            return windows(w, kw, sw, pw, dw);
        }

        Tensor max(Tensor x) {
            return PoolGeometry.maxPool2d(x, kh, kw, sh, sw, ph, pw, dh, dw, true);
        }

        Tensor avg(Tensor x) {
            return PoolGeometry.avgPool2d(x, kh, kw, sh, sw, ph, pw, countIncludePad, true);
        }
    }

    /** The ceil-mode window count, by enumeration rather than by PyTorch's closed form. */
    static int windows(int in, int k, int s, int p, int d) {
        int count = 0;
        while (count * s < in + p && count * s + d * (k - 1) + 1 <= in + 2 * p + s - 1) {
            count++;
        }
        return count;
    }

    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    static double[] naive(double[] x, Case k, boolean max) {
        double[] out = new double[k.n() * k.c() * k.oh() * k.ow()];
        int q = 0;
        for (int p = 0; p < k.n() * k.c(); p++) {
            for (int i = 0; i < k.oh(); i++) {
                for (int j = 0; j < k.ow(); j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    double s = 0;
                    int inside = 0;
                    int padded = 0;
                    for (int a = 0; a < k.kh(); a++) {
                        for (int b = 0; b < k.kw(); b++) {
                            int ih = i * k.sh() - k.ph() + a * k.dh();
                            int iw = j * k.sw() - k.pw() + b * k.dw();
                            if (ih < k.h() + k.ph() && iw < k.w() + k.pw()) {
                                padded++;
                            }
                            if (ih >= 0 && ih < k.h() && iw >= 0 && iw < k.w()) {
                                double v = x[(p * k.h() + ih) * k.w() + iw];
                                m = Math.max(m, v);
                                s += v;
                                inside++;
                            }
                        }
                    }
                    out[q++] = max ? m : s / (k.countIncludePad() ? padded : inside);
                }
            }
        }
        return out;
    }

    @Test
    void outputSizesFollowPyTorchsRule() {
        // torch: MaxPool2d(2, 2, padding=1, ceil_mode=True) on 5 gives 3 (a 4th window would start in the right pad)
        assertEquals(3, PoolGeometry.outputSize(5, 2, 2, 1, 1, true));
        assertEquals(3, PoolGeometry.outputSize(5, 2, 2, 1, 1, false));
        assertEquals(3, PoolGeometry.outputSize(6, 3, 2, 0, 1, true));
        assertEquals(2, PoolGeometry.outputSize(6, 3, 2, 0, 1, false));
        for (int in = 1; in <= 12; in++) {
            for (int k = 1; k <= 4; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 0; p <= k / 2; p++) {
                        for (int d = 1; d <= 2; d++) {
                            if (in + 2 * p >= d * (k - 1) + 1) {
                                assertEquals(windows(in, k, s, p, d), PoolGeometry.outputSize(in, k, s, p, d, true),
                                        "in " + in + " k " + k + " s " + s + " p " + p + " d " + d);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void ceilModeMaxPoolMatchesDirectLoopAndGradients(long seed) {
        checkAgainstDirectLoop(seed, true);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void ceilModeAvgPoolMatchesDirectLoopAndGradients(long seed) {
        checkAgainstDirectLoop(seed, false);
    }

    /** Shape and values against {@link #naive}, float32 agreement, first- and second-order gradients. */
    private static void checkAgainstDirectLoop(long seed, boolean max) {
        Case k = Case.random(seed, max);
        Function<Tensor[], Tensor> f = t -> max ? k.max(t[0]) : k.avg(t[0]);
        String what = (max ? "max " : "avg ") + k;
        Tensor x = uniform(new SplittableRandom(seed), k.n(), k.c(), k.h(), k.w());
        Tensor y = f.apply(new Tensor[] {x});
        assertArrayEquals(new int[] {k.n(), k.c(), k.oh(), k.ow()}, y.shape(), what);
        assertClose(naive(x.toDoubleArray(), k, max), y.toDoubleArray(), max ? 0 : 1e-12, what);
        assertFloat32Agrees(what, f, x);
        assertGrad(what, f, x);
        assertGrad2(what, t -> f.apply(t).pow(2.0), x);
    }

    /** The random cases above are not all plain floor-mode ones: many add a window that overhangs. */
    @Test
    void randomCasesExerciseTheOverhang() {
        int overhanging = 0;
        for (long seed : seeds().toArray()) {
            for (boolean dilated : new boolean[] {true, false}) {
                Case k = Case.random(seed, dilated);
                if (k.oh() > PoolGeometry.outputSize(k.h(), k.kh(), k.sh(), k.ph(), k.dh(), false)
                        || k.ow() > PoolGeometry.outputSize(k.w(), k.kw(), k.sw(), k.pw(), k.dw(), false)) {
                    overhanging++;
                }
            }
        }
        assertTrue(overhanging >= 12, "only " + overhanging + " of 48 random cases overhang");
    }

    @Test
    void unbatchedInputPoolsLikeABatchOfOne() {
        Tensor x = uniform(new SplittableRandom(3), 2, 5, 6);
        assertArrayEquals(PoolGeometry.maxPool2d(x.unsqueeze(0), 3, 2, 2, 2, 1, 0, 1, 1, true).squeeze(0)
                .toDoubleArray(), PoolGeometry.maxPool2d(x, 3, 2, 2, 2, 1, 0, 1, 1, true).toDoubleArray(), 0);
        assertArrayEquals(PoolGeometry.avgPool2d(x.unsqueeze(0), 2, 3, 2, 2, 1, 1, false, true).squeeze(0)
                .toDoubleArray(), PoolGeometry.avgPool2d(x, 2, 3, 2, 2, 1, 1, false, true).toDoubleArray(), 0);
    }

    @Test
    void constantPaddingPlacesValuesAndGradients() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {7, 1, 2, 3, 7, 7, 7, 4, 5, 6, 7, 7},
                Padding.constant(x, 1, 1, 2, 7).toDoubleArray(), 0);
        assertArrayEquals(new int[] {3, 3}, Padding.constant(x, 0, 0, 1, 0).shape());
        Tensor u = uniform(new SplittableRandom(9), 2, 3, 2);
        assertGrad("pad", t -> Padding.constant(t[0], -2, 2, 1, 0.5).pow(2.0), u);
        assertGrad2("pad", t -> Padding.constant(t[0], -1, 0, 3, -1).pow(3.0), u);
    }
}
