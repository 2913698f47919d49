package dev.descent.kernel;

import static dev.descent.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The threaded time loop: the same bits on 1, 2 and 3 threads (rows are never summed across
 * threads), and the scalar paths (double-precision gate math) within float tolerance of the vector
 * ones, forward and backward, for every cell. The per-step formulas themselves are held against the
 * tensor-op twin and PyTorch in {@code RecurrentTest} and {@code TorchLayerParityTest}.
 */
class RecurrentScanTest {
    private static final int T = 6;
    private static final int B = 7;
    private static final int H = 19;
    /** Input size of the fused projection ({@link RecurrentScan.Input}). */
    private static final int I = 5;

    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Simd.forceScalar(false);
    }

    /** Inputs and the results of one forward and backward run. */
    private static final class Run {
        final RecurrentScan.Cell cell;
        final int gw;
        final float[] xw;
        final float[] w;
        final float[] bias;
        final float[] h0;
        final float[] c0;
        final float[] g;
        /** The input of a fused projection, {@code [B, T, I]} read as {@code [T, B, I]}, or null. */
        final float[] x;
        final float[] wIh;
        float[] out;
        float[] act;
        float[] dx;
        float[] dgh;
        float[] dh;
        float[] dc;

        Run(RecurrentScan.Cell cell) {
            this(cell, false);
        }

        Run(RecurrentScan.Cell cell, boolean projected) {
            this.cell = cell;
            gw = cell.gates() * H;
            SplittableRandom rnd = new SplittableRandom(cell.ordinal() + 1);
            // xw with a row pitch wider than G·H and an offset: a strided view of a bigger array
            xw = randomFloats(rnd, 5 + T * B * (gw + 3), -1.5, 1.5);
            w = randomFloats(rnd, gw * H, -0.4, 0.4);
            bias = randomFloats(rnd, gw + 1, -0.5, 0.5);
            h0 = randomFloats(rnd, B * H, -1, 1);
            c0 = randomFloats(rnd, B * H, -1, 1);
            g = randomFloats(rnd, 2 * T * B * H, -1, 1);
            x = projected ? randomFloats(rnd, 2 + B * T * I, -1, 1) : null;
            wIh = projected ? randomFloats(rnd, gw * I, -0.4, 0.4) : null;
        }

        void run() {
            int planes = cell == RecurrentScan.Cell.LSTM ? 2 : 1;
            out = new float[planes * T * B * H];
            act = new float[T * B * 4 * H];
            // batch-first x: step stride I, row stride T·I; W_ih row-major [G·H, I]
            RecurrentScan.Input in = x == null ? null : RecurrentScan.input(T, B, I, x, 2, I, T * I, gw, wIh, 0, I, 1);
            RecurrentScan.forward(cell, T, B, H, xw, 5, B * (gw + 3), gw + 3, in, w, 0, 1, gw, bias, 1, h0, 0, c0, 0,
                    out, act);
            dx = new float[T * B * gw];
            dgh = cell == RecurrentScan.Cell.GRU ? new float[T * B * gw] : dx;
            dh = new float[B * H];
            dc = new float[B * H];
            // W given transposed (column stride G·H): any strides are packed the same
            RecurrentScan.backward(cell, T, B, H, g, 0, w, 0, 1, gw, h0, 0, c0, 0, out, act, dx, dgh, dh, dc, true);
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentScan.Cell.class)
    void sameBitsOnAnyThreadCount(RecurrentScan.Cell cell) {
        Parallel.setThreads(1);
        Run one = new Run(cell);
        one.run();
        for (int threads : new int[] {2, 3}) {
            Parallel.setThreads(threads);
            Run many = new Run(cell);
            many.run();
            assertArrayEquals(one.out, many.out, threads + " threads: out");
            assertArrayEquals(one.act, many.act, threads + " threads: act");
            assertArrayEquals(one.dx, many.dx, threads + " threads: dx");
            assertArrayEquals(one.dgh, many.dgh, threads + " threads: dgh");
            assertArrayEquals(one.dh, many.dh, threads + " threads: dh0");
            assertArrayEquals(one.dc, many.dc, threads + " threads: dc0");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentScan.Cell.class, names = {"RNN_TANH", "RNN_RELU", "LSTM"})
    void theFusedInputProjectionIsTheSameOnAnyThreadCountAndAddsXTimesW(RecurrentScan.Cell cell) {
        Parallel.setThreads(1);
        Run one = new Run(cell, true);
        one.run();
        Parallel.setThreads(2);
        Run two = new Run(cell, true);
        two.run();
        assertArrayEquals(one.out, two.out, "out");
        assertArrayEquals(one.dx, two.dx, "dx");
        // the same as projecting first: xw' = xw + x·W_ihᵀ for every step and row
        Run plain = new Run(cell);
        for (int s = 0; s < T; s++) {
            for (int r = 0; r < B; r++) {
                for (int j = 0; j < plain.gw; j++) {
                    double dot = 0;
                    for (int p = 0; p < I; p++) {
                        dot += (double) one.x[2 + r * T * I + s * I + p] * one.wIh[j * I + p];
                    }
                    plain.xw[5 + s * B * (plain.gw + 3) + r * (plain.gw + 3) + j] += (float) dot;
                }
            }
        }
        plain.run();
        close(plain.out, one.out, "out against projecting first");
        close(plain.dx, one.dx, "dx against projecting first");
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentScan.Cell.class, names = {"RNN_TANH", "LSTM"})
    void theFusedInputProjectionsScalarPathAgreesWithTheVectorOne(RecurrentScan.Cell cell) {
        Gemm.warmUp();
        Run vec = new Run(cell, true);
        vec.run();
        Simd.forceScalar(true);
        Run ref = new Run(cell, true);
        ref.run();
        close(ref.out, vec.out, "out");
        close(ref.dx, vec.dx, "dx");
    }

    @ParameterizedTest
    @EnumSource(RecurrentScan.Cell.class)
    void scalarPathsAgreeWithTheVectorOnes(RecurrentScan.Cell cell) {
        Gemm.warmUp();
        Run vec = new Run(cell);
        vec.run();
        Simd.forceScalar(true);
        Run ref = new Run(cell);
        ref.run();
        close(ref.out, vec.out, "out");
        close(ref.dx, vec.dx, "dx");
        close(ref.dh, vec.dh, "dh0");
        close(ref.dc, vec.dc, "dc0");
    }

    @org.junit.jupiter.api.Test
    void columnSumsAddEachColumnInDouble() {
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 37;
        int cols = 150;
        float[] src = randomFloats(rnd, 2 + rows * cols, -1, 1);
        double[] sums = RecurrentScan.columnSums(src, 2, rows, cols);
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += src[2 + r * cols + j];
            }
            assertEquals(s, sums[j], 0.0, "column " + j);
        }
    }

    private static void close(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * (1 + Math.abs(expected[i])), what + "[" + i + "]");
        }
    }
}
