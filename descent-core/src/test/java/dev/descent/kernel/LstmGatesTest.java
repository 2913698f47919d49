package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LSTM gate kernel: the Vector API twin against the scalar reference (float math against
 * double math, a few ulps of slack scaled by the magnitudes involved), the reference against the
 * formulas written out, saturation at huge pre-activations, and the untouched neighbours of a row.
 */
class LstmGatesTest {

    private static final double TOL = 2e-6;

    /** Row widths around the vector length: tails, a single partial vector, several vectors. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 15, 16, 17, 33, 128})
    void vectorForwardMatchesScalar(int h) {
        assumeTrue(Simd.AVAILABLE, "no Vector API");
        SplittableRandom rnd = new SplittableRandom(h);
        float[] x = randomFloats(rnd, 4 * h + 5, -6, 6);
        float[] s = randomFloats(rnd, 4 * h + 3, -6, 6);
        float[] cp = randomFloats(rnd, h + 2, -3, 3);
        Row ref = new Row(h);
        Row vec = new Row(h);
        ScalarLstmGates.forward(h, x, 5, s, 3, cp, 2, ref.act, 1, ref.c, 1, ref.h, 1);
        VectorLstmGatesFloat.forward(h, x, 5, s, 3, cp, 2, vec.act, 1, vec.c, 1, vec.h, 1);
        KernelTestSupport.assertCloseScaled(ref.act, vec.act, TOL, "act");
        KernelTestSupport.assertCloseScaled(ref.c, vec.c, TOL, "c");
        KernelTestSupport.assertCloseScaled(ref.h, vec.h, TOL, "h");
        assertEquals(0f, vec.act[0], "no write before the row");
        assertEquals(0f, vec.act[4 * h + 1], "no write after the row");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 15, 16, 17, 33, 128})
    void vectorBackwardMatchesScalar(int h) {
        assumeTrue(Simd.AVAILABLE, "no Vector API");
        SplittableRandom rnd = new SplittableRandom(100 + h);
        float[] act = randomFloats(rnd, 4 * h, 0, 1);
        for (int j = 2 * h; j < 3 * h; j++) {
            act[j] = 2 * act[j] - 1; // g is a tanh: in (−1, 1)
        }
        float[] c = randomFloats(rnd, h, -3, 3);
        float[] cp = randomFloats(rnd, h, -3, 3);
        float[] dh = randomFloats(rnd, h, -1, 1);
        float[] dc = randomFloats(rnd, h, -1, 1);
        float[] dhV = dh.clone();
        float[] dcV = dc.clone();
        float[] dx = new float[4 * h];
        float[] dxV = new float[4 * h];
        ScalarLstmGates.backward(h, act, 0, c, 0, cp, 0, dh, 0, dc, 0, dx, 0);
        VectorLstmGatesFloat.backward(h, act, 0, c, 0, cp, 0, dhV, 0, dcV, 0, dxV, 0);
        KernelTestSupport.assertCloseScaled(dx, dxV, TOL, "dx");
        KernelTestSupport.assertCloseScaled(dc, dcV, TOL, "dc");
        for (int j = 0; j < h; j++) {
            assertEquals(0f, dh[j]);
            assertEquals(0f, dhV[j]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void scalarForwardIsTheFormula(int h) {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] x = randomFloats(rnd, 4 * h, -2, 2);
        float[] s = randomFloats(rnd, 4 * h, -2, 2);
        float[] cp = randomFloats(rnd, h, -2, 2);
        Row r = new Row(h);
        ScalarLstmGates.forward(h, x, 0, s, 0, cp, 0, r.act, 1, r.c, 1, r.h, 1);
        for (int j = 0; j < h; j++) {
            double i = 1 / (1 + Math.exp(-(x[j] + (double) s[j])));
            double f = 1 / (1 + Math.exp(-(x[h + j] + (double) s[h + j])));
            double g = Math.tanh(x[2 * h + j] + (double) s[2 * h + j]);
            double o = 1 / (1 + Math.exp(-(x[3 * h + j] + (double) s[3 * h + j])));
            double c = f * cp[j] + i * g;
            assertEquals(c, r.c[1 + j], 1e-6);
            assertEquals(o * Math.tanh(c), r.h[1 + j], 1e-6);
            assertEquals(f, r.act[1 + h + j], 1e-6);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gatesSaturateWithoutNaN(boolean vector) {
        assumeTrue(!vector || Simd.AVAILABLE, "no Vector API");
        int h = 17;
        float[] x = new float[4 * h];
        for (int j = 0; j < x.length; j++) {
            x[j] = (j % 2 == 0 ? 1 : -1) * 1e30f;
        }
        float[] s = new float[4 * h];
        float[] cp = new float[h];
        Row r = new Row(h);
        if (vector) {
            VectorLstmGatesFloat.forward(h, x, 0, s, 0, cp, 0, r.act, 1, r.c, 1, r.h, 1);
        } else {
            ScalarLstmGates.forward(h, x, 0, s, 0, cp, 0, r.act, 1, r.c, 1, r.h, 1);
        }
        for (int j = 0; j < h; j++) {
            float expect = j % 2 == 0 ? 1f : 0f;
            assertEquals(expect, r.act[1 + j], "input gate " + j);
            assertTrue(Float.isFinite(r.h[1 + j]) && Float.isFinite(r.c[1 + j]), "finite at " + j);
        }
    }

    /** Output buffers of one row, one slot of padding on each side. */
    private static final class Row {
        final float[] act;
        final float[] c;
        final float[] h;

        Row(int h) {
            act = new float[4 * h + 2];
            c = new float[h + 2];
            this.h = new float[h + 2];
        }
    }
}
