package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GRU gate kernel: the Vector API twin against the scalar reference in {@link RecurrentCells}
 * (float math against double math, a few ulps of slack scaled by the magnitudes), over row widths
 * that give partial vectors, whole ones and both, with the neighbours of the row left untouched.
 */
class GruGatesTest {
    private static final double TOL = 2e-6;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 15, 16, 17, 33, 128})
    void vectorForwardMatchesScalar(int h) {
        assumeTrue(Simd.AVAILABLE, "no Vector API");
        SplittableRandom rnd = new SplittableRandom(h);
        float[] x = randomFloats(rnd, 3 * h + 4, -5, 5);
        float[] s = randomFloats(rnd, 3 * h + 2, -5, 5);
        float[] hp = randomFloats(rnd, h + 1, -1, 1);
        float[] act = new float[4 * h + 2];
        float[] out = new float[h + 2];
        float[] actV = new float[4 * h + 2];
        float[] outV = new float[h + 2];
        RecurrentCells.gruForward(h, x, 4, s, 2, hp, 1, act, 1, out, 1);
        VectorGruGatesFloat.forward(h, x, 4, s, 2, hp, 1, actV, 1, outV, 1);
        KernelTestSupport.assertCloseScaled(act, actV, TOL, "act");
        KernelTestSupport.assertCloseScaled(out, outV, TOL, "h");
        assertEquals(0f, actV[0], "no write before the row");
        assertEquals(0f, actV[4 * h + 1], "no write after the row");
        assertEquals(0f, outV[h + 1], "no write after h");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 15, 16, 17, 33, 128})
    void vectorBackwardMatchesScalar(int h) {
        assumeTrue(Simd.AVAILABLE, "no Vector API");
        SplittableRandom rnd = new SplittableRandom(100 + h);
        float[] act = randomFloats(rnd, 4 * h, 0, 1);
        for (int j = 2 * h; j < 3 * h; j++) {
            act[j] = 2 * act[j] - 1; // n is a tanh: in (−1, 1)
        }
        for (int j = 3 * h; j < 4 * h; j++) {
            act[j] = 4 * act[j] - 2; // s_n: any value
        }
        float[] hp = randomFloats(rnd, h, -1, 1);
        float[] dh = randomFloats(rnd, h, -1, 1);
        float[] dhV = dh.clone();
        float[] dx = new float[3 * h];
        float[] dg = new float[3 * h];
        float[] dxV = new float[3 * h];
        float[] dgV = new float[3 * h];
        RecurrentCells.gruBackward(h, act, 0, hp, 0, dh, 0, dx, 0, dg, 0);
        VectorGruGatesFloat.backward(h, act, 0, hp, 0, dhV, 0, dxV, 0, dgV, 0);
        KernelTestSupport.assertCloseScaled(dx, dxV, TOL, "dx");
        KernelTestSupport.assertCloseScaled(dg, dgV, TOL, "dgh");
        KernelTestSupport.assertCloseScaled(dh, dhV, TOL, "dh");
    }
}
