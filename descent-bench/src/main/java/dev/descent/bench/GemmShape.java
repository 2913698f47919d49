package dev.descent.bench;

import dev.descent.kernel.Gemm;
import java.util.SplittableRandom;

/**
 * One GEMM of a training step, {@code C[m x n] (+)= op(A)[m x k] * op(B)[k x n]}, with its operands, for
 * the GEMM benchmarks. Written {@code m,n,k[,tA[,tB[,acc]]]}: {@code t} marks a transposed operand (the
 * other orientation in memory, as in {@code x W^T} or a gradient's {@code A^T}), {@code acc} a product
 * added to C (weight gradients accumulate).
 *
 * @param m          rows of C
 * @param n          columns of C
 * @param k          depth of the product
 * @param ta         A is stored transposed (column-major)
 * @param tb         B is stored transposed
 * @param accumulate add to C instead of overwriting it
 */
public record GemmShape(int m, int n, int k, boolean ta, boolean tb, boolean accumulate) {

    /**
     * Parses {@code m,n,k[,tA[,tB[,acc]]]}.
     *
     * @param spec the shape, e.g. {@code 16,144,131072,n,t,acc}
     * @return the shape
     */
    public static GemmShape parse(String spec) {
        String[] f = spec.split(",");
        if (f.length < 3) {
            throw new IllegalArgumentException("GEMM shape must be m,n,k[,tA[,tB[,acc]]], got '" + spec + "'");
        }
        return new GemmShape(Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim()), Integer.parseInt(f[2].trim()),
                f.length > 3 && f[3].trim().equals("t"), f.length > 4 && f[4].trim().equals("t"),
                f.length > 5 && f[5].trim().equals("acc"));
    }

    /** @return floating-point operations of one product */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /**
     * Random operands for this shape.
     *
     * @param dbl  double precision
     * @param seed random seed
     * @return a product ready to run
     */
    public Operands operands(boolean dbl, long seed) {
        return new Operands(this, dbl, seed);
    }

    /** The arrays of one product; {@link #run()} computes it. */
    public static final class Operands {
        private final GemmShape s;
        private final float[] fa, fb, fc;
        private final double[] da, db, dc;

        Operands(GemmShape s, boolean dbl, long seed) {
            this.s = s;
            SplittableRandom rnd = new SplittableRandom(seed);
            int na = s.m * s.k, nb = s.k * s.n, nc = s.m * s.n;
            fa = dbl ? null : new float[na];
            fb = dbl ? null : new float[nb];
            fc = dbl ? null : new float[nc];
            da = dbl ? new double[na] : null;
            db = dbl ? new double[nb] : null;
            dc = dbl ? new double[nc] : null;
            for (int i = 0; i < Math.max(na, nb); i++) {
                double x = rnd.nextDouble(-1, 1);
                double y = rnd.nextDouble(-1, 1);
                if (i < na) {
                    if (dbl) {
                        da[i] = x;
                    } else {
                        fa[i] = (float) x;
                    }
                }
                if (i < nb) {
                    if (dbl) {
                        db[i] = y;
                    } else {
                        fb[i] = (float) y;
                    }
                }
            }
        }

        /**
         * Runs the product once.
         *
         * @return C, so that a benchmark can consume it
         */
        public Object run() {
            int aRs = s.ta ? 1 : s.k, aCs = s.ta ? s.m : 1, bRs = s.tb ? 1 : s.n, bCs = s.tb ? s.k : 1;
            if (fa != null) {
                Gemm.sgemm(s.m, s.n, s.k, fa, 0, aRs, aCs, fb, 0, bRs, bCs, fc, 0, s.n, s.accumulate);
                return fc;
            }
            Gemm.dgemm(s.m, s.n, s.k, da, 0, aRs, aCs, db, 0, bRs, bCs, dc, 0, s.n, s.accumulate);
            return dc;
        }
    }
}
