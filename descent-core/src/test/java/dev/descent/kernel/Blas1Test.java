package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.SIZES;
import static dev.descent.kernel.KernelTestSupport.randomDoubles;
import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BLAS-1 helpers against plain loops: axpy and scale exactly (one FMA / one multiply per element),
 * dot and norm2 within {@code 80 * 2^-24 * sum |x y|} for floats (the blocked-sum bound).
 */
class Blas1Test {

    static IntStream sizes() {
        return IntStream.of(SIZES);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void floatHelpersMatchPlainLoops(int n) {
        SplittableRandom rnd = new SplittableRandom(n + 1);
        float[] x = randomFloats(rnd, n + 2, -3, 3);
        float[] y = randomFloats(rnd, n + 1, -3, 3);
        double dot = 0;
        double abs = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) x[i + 2] * y[i + 1];
            abs += Math.abs((double) x[i + 2] * y[i + 1]);
            sq += (double) x[i + 2] * x[i + 2];
        }
        assertEquals(dot, Blas1.dot(n, x, 2, y, 1), 80 * 0x1p-24 * abs + 1e-30);
        assertEquals(Math.sqrt(sq), Blas1.norm2(n, x, 2), 80 * 0x1p-24 * Math.sqrt(sq) + 1e-30);

        float[] expected = y.clone();
        for (int i = 0; i < n; i++) {
            expected[i + 1] = Math.fma(-0.3f, x[i + 2], expected[i + 1]);
        }
        Blas1.axpy(n, -0.3, x, 2, y, 1);
        KernelTestSupport.assertBitwise(expected, y, "axpy");
        for (int i = 0; i < n; i++) {
            expected[i + 1] *= 1.7f;
        }
        Blas1.scale(n, 1.7, y, 1);
        KernelTestSupport.assertBitwise(expected, y, "scale");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void doubleHelpersMatchPlainLoops(int n) {
        SplittableRandom rnd = new SplittableRandom(n + 2);
        double[] x = randomDoubles(rnd, n, -3, 3);
        double[] y = randomDoubles(rnd, n, -3, 3);
        double dot = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            dot += x[i] * y[i];
            abs += Math.abs(x[i] * y[i]);
        }
        assertEquals(dot, Blas1.dot(n, x, 0, y, 0), (80 + n) * 0x1p-53 * abs + 1e-300);
        double[] expected = y.clone();
        for (int i = 0; i < n; i++) {
            expected[i] = Math.fma(2.5, x[i], expected[i]);
        }
        Blas1.axpy(n, 2.5, x, 0, y, 0);
        KernelTestSupport.assertBitwise(expected, y, "axpy");
    }

    @Test
    void dotDoesNotDependOnThreadCount() {
        int n = 3 * Blas1.CHUNK + 123;
        float[] x = randomFloats(new SplittableRandom(1), n, -1, 1);
        double[] one = new double[1];
        KernelTestSupport.withThreads(1, () -> one[0] = Blas1.dot(n, x, 0, x, 0));
        KernelTestSupport.withThreads(2, () -> assertEquals(one[0], Blas1.dot(n, x, 0, x, 0)));
    }
}
