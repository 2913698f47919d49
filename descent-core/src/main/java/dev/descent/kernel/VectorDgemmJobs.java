package dev.descent.kernel;

import static dev.descent.kernel.GemmBlocking.ceilDiv;
import static dev.descent.kernel.GemmBlocking.split;
import static dev.descent.kernel.VectorDgemm.MR;
import static dev.descent.kernel.VectorDgemm.NR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Organises a packed double-precision product on the threads: what is packed when, into which
 * buffer, and who computes which tiles. One class per {@link GemmBlocking.Plan}; all of them run the
 * same register tile ({@link VectorDgemm#tile}) over the same K blocks, so every element of C gets the
 * same operations in the same order whichever plan and thread count runs it.
 *
 * <p>The single-precision twin, {@link VectorSgemmJobs}, is this code with double-to-float
 * substitutions; edit both alike.
 */
final class VectorDgemmJobs {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorDgemmJobs() {
    }

    /** Arguments already checked by {@link Gemm}; {@code m, n, k >= 1}, not a direct product. */
    static void run(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                    double[] c, int cOff, int ldc, boolean add) {
        Product p = switch (GemmBlocking.plan(m, n, k)) {
            case PANEL -> new Panel();
            case STREAM -> new Stream();
            case KSPLIT -> new KSplit();
        };
        p.set(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, add);
        p.run();
    }

    /** The operands and the K-block split shared by all plans. */
    private abstract static class Product {
        int m, n, k;
        double[] a, b, c;
        int aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc;
        boolean accumulate;
        int kBlocks, kcMax, mStrips, nStrips;

        void set(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                 double[] c, int cOff, int ldc, boolean accumulate) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.aRs = aRs;
            this.aCs = aCs;
            this.b = b;
            this.bOff = bOff;
            this.bRs = bRs;
            this.bCs = bCs;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.accumulate = accumulate;
            this.kBlocks = GemmBlocking.kBlocks(m, n, k);
            this.kcMax = ceilDiv(k, kBlocks);
            this.mStrips = ceilDiv(m, MR);
            this.nStrips = ceilDiv(n, NR);
        }

        abstract void run();

        /** First p of K block kb. */
        final int p0(int kb) {
            return split(k, kBlocks, kb);
        }

        /** Depth of K block kb. */
        final int kc(int kb) {
            return split(k, kBlocks, kb + 1) - split(k, kBlocks, kb);
        }

        /**
         * Packs A strips s0 to s1 (rows from s0*MR) of K block kb, each as kc columns of MR values, one
         * after the other from ap[dst].
         */
        final void packAStrips(int s0, int s1, int kb, double[] ap, int dst) {
            int i0 = s0 * MR;
            VectorDgemm.packABlock(a, aOff + i0 * aRs + p0(kb) * aCs, aRs, aCs, Math.min(m, s1 * MR) - i0, kc(kb), ap, dst);
        }

        /**
         * Packs K block kb of the B strip of columns from j0 (NR, or up to n), as kc rows of NR values, at
         * bp[dst]; scratch holds at least MR * NR values.
         */
        final void packBStrip(int j0, int kb, double[] bp, int dst, double[] scratch) {
            VectorDgemm.packB(b, bOff + p0(kb) * bRs + j0 * bCs, bRs, bCs, kc(kb), Math.min(NR, n - j0), bp, dst, scratch);
        }

        /** Tasks of about {@link GemmBlocking#TASK_MNK} multiply-adds, at most {@code most}, at least 1. */
        final int tasks(long mnk, int most) {
            return (int) Math.max(1, Math.min(most, mnk / GemmBlocking.TASK_MNK));
        }
    }

    /**
     * {@link GemmBlocking.Plan#PANEL}. For each panel of B columns: pack the panel for all of k (in
     * parallel, by strips), then compute (in parallel, by blocks of C), each task running through
     * every K block of its own block of C. So there are two waits per panel, not two per K block: on a
     * shared machine a thread that loses its core stalls the others only at a wait. (Only for k deeper
     * than B_CAP / NR are the K blocks packed a group at a time.)
     */
    private static final class Panel extends Product {
        final Parallel.RangeBody packB = this::packBStrips;
        final Parallel.ChunkBody compute = this::computeTask;
        /** K blocks packed together: all of them, unless k is so deep that one strip would pass B_CAP. */
        int groupBlocks;
        /** Columns of a panel: at most NC, fewer when k is deep, so that a panel stays within B_CAP. */
        int panel;
        double[] bp;
        // The current panel and group of K blocks, set by the owner before each parallel phase.
        int jc, panelStrips, mBlocks, nGroups, kb0, kb1;

        @Override
        void run() {
            groupBlocks = Math.max(1, Math.min(kBlocks, GemmBlocking.B_CAP / (kcMax * NR)));
            int groupRows = Math.min(k, groupBlocks * kcMax);
            panel = GemmBlocking.panelWidth(n, groupRows, NR);
            bp = Workspace.get().doubleB(groupRows * ceilDiv(panel, NR) * NR);
            int threads = Parallel.threads();
            for (jc = 0; jc < n; jc += panel) {
                int nc = Math.min(panel, n - jc);
                panelStrips = ceilDiv(nc, NR);
                chooseTasks(threads);
                for (kb0 = 0; kb0 < kBlocks; kb0 += groupBlocks) {
                    kb1 = Math.min(kBlocks, kb0 + groupBlocks);
                    Parallel.forRange(panelStrips, 1, packB);
                    Parallel.forChunks(mBlocks * nGroups, compute);
                }
            }
        }

        /**
         * Cuts the panel's C into row blocks (at most MC rows) times column groups, with at least two
         * tasks per thread so that a thread that loses its core can be covered by the other.
         */
        private void chooseTasks(int threads) {
            int mcStrips = Math.max(1, GemmBlocking.MC / MR);
            mBlocks = ceilDiv(mStrips, mcStrips);
            nGroups = 1;
            if (threads > 1) {
                mBlocks = Math.min(mStrips, ceilDiv(mBlocks, threads) * threads);
                if (mBlocks < 2 * threads) {
                    nGroups = Math.min(panelStrips, ceilDiv(2 * threads, mBlocks));
                }
            }
        }

        /** Offset of strip s of the K block kb in the packed panel: K blocks in turn, strips within. */
        private int bIndex(int kb, int s) {
            return (p0(kb) - p0(kb0)) * panelStrips * NR + s * kc(kb) * NR;
        }

        private void packBStrips(int s0, int s1) {
            double[] scratch = Workspace.get().doubleTile(MR * NR);
            for (int kb = kb0; kb < kb1; kb++) {
                for (int s = s0; s < s1; s++) {
                    packBStrip(jc + s * NR, kb, bp, bIndex(kb, s), scratch);
                }
            }
        }

        private void computeTask(int task) {
            int mb = task % mBlocks;
            int ng = task / mBlocks;
            int is0 = split(mStrips, mBlocks, mb);
            int is1 = split(mStrips, mBlocks, mb + 1);
            int js0 = split(panelStrips, nGroups, ng);
            int js1 = split(panelStrips, nGroups, ng + 1);
            Workspace ws = Workspace.get();
            double[] ap = ws.doubleA((is1 - is0) * MR * kcMax);
            double[] scratch = ws.doubleTile(MR * NR);
            for (int kb = kb0; kb < kb1; kb++) {
                int kc = kc(kb);
                boolean add = accumulate || kb > 0;
                packAStrips(is0, is1, kb, ap, 0);
                for (int js = js0; js < js1; js++) {
                    int j0 = jc + js * NR;
                    int cols = Math.min(NR, n - j0);
                    int bi = bIndex(kb, js);
                    for (int s = is0; s < is1; s++) {
                        int i0 = s * MR;
                        VectorDgemm.tile(kc, ap, (s - is0) * MR * kc, bp, bi, c, cOff + i0 * ldc + j0, ldc,
                                Math.min(MR, m - i0), cols, add, scratch);
                    }
                }
            }
        }
    }

    /**
     * {@link GemmBlocking.Plan#STREAM}: all of A is packed once (in parallel, by strips), then each
     * task takes a range of B strips; for each strip and K block it packs the strip into its own
     * buffer, which stays in L1 while every A strip (in L2) runs over it. One wait, after packing A.
     */
    private static final class Stream extends Product {
        final Parallel.RangeBody packA = this::packAStripRange;
        final Parallel.ChunkBody compute = this::computeTask;
        double[] ap;
        int tasks;

        @Override
        void run() {
            ap = Workspace.get().doubleB(mStrips * MR * k);
            // Chunks of at least 32K elements: packing less is not worth a hand-over.
            int grain = Math.max(1, (int) ((1 << 15) / ((long) MR * k)));
            Parallel.forRange(mStrips, grain, packA);
            tasks = tasks((long) m * n * k, Math.min(nStrips, 8 * Parallel.threads()));
            Parallel.forChunks(tasks, compute);
        }

        /** Offset of A strip s of K block kb: K blocks in turn, strips within. */
        private int aIndex(int kb, int s) {
            return p0(kb) * mStrips * MR + s * kc(kb) * MR;
        }

        private void packAStripRange(int s0, int s1) {
            for (int kb = 0; kb < kBlocks; kb++) {
                packAStrips(s0, s1, kb, ap, aIndex(kb, s0));
            }
        }

        private void computeTask(int task) {
            Workspace ws = Workspace.get();
            double[] bs = ws.doubleStrip(kcMax * NR);
            double[] scratch = ws.doubleTile(MR * NR);
            for (int js = split(nStrips, tasks, task), end = split(nStrips, tasks, task + 1); js < end; js++) {
                int j0 = js * NR;
                int cols = Math.min(NR, n - j0);
                for (int kb = 0; kb < kBlocks; kb++) {
                    int kc = kc(kb);
                    boolean add = accumulate || kb > 0;
                    packBStrip(j0, kb, bs, 0, scratch);
                    for (int s = 0; s < mStrips; s++) {
                        int i0 = s * MR;
                        VectorDgemm.tile(kc, ap, aIndex(kb, s), bs, 0, c, cOff + i0 * ldc + j0, ldc,
                                Math.min(MR, m - i0), cols, add, scratch);
                    }
                }
            }
        }
    }

    /**
     * {@link GemmBlocking.Plan#KSPLIT}: task (kb, column group) packs its part of K block kb of B and
     * the whole K block of A, and writes that block's product {@code t_kb} into its own slot of a
     * partial buffer; then C is updated row by row as {@code C = t_0 (+ C)}, {@code C = t_1 + C}, ...
     * in K-block order, the very additions the other plans make.
     */
    private static final class KSplit extends Product {
        final Parallel.ChunkBody compute = this::computeTask;
        final Parallel.RangeBody reduce = this::reduceRows;
        double[] partial;
        int nGroups;

        @Override
        void run() {
            partial = Workspace.get().doublePartial(kBlocks * m * n);
            int threads = Parallel.threads();
            nGroups = Math.max(1, Math.min(nStrips, ceilDiv(4 * threads, kBlocks)));
            Parallel.forChunks(kBlocks * nGroups, compute);
            Parallel.forRange(m, Math.max(1, (int) (GemmBlocking.TASK_MNK / ((long) n * kBlocks))), reduce);
        }

        private void computeTask(int task) {
            int kb = task / nGroups;
            int ng = task % nGroups;
            int js0 = split(nStrips, nGroups, ng);
            int js1 = split(nStrips, nGroups, ng + 1);
            int kc = kc(kb);
            Workspace ws = Workspace.get();
            double[] bs = ws.doubleStrip((js1 - js0) * NR * kc);
            double[] scratch = ws.doubleTile(MR * NR);
            for (int js = js0; js < js1; js++) {
                packBStrip(js * NR, kb, bs, (js - js0) * NR * kc, scratch);
            }
            int mcStrips = Math.max(1, GemmBlocking.MC / MR);
            double[] ap = ws.doubleA(Math.min(mStrips, mcStrips) * MR * kc);
            int slot = kb * m * n;
            for (int is0 = 0; is0 < mStrips; is0 += mcStrips) {
                int is1 = Math.min(mStrips, is0 + mcStrips);
                packAStrips(is0, is1, kb, ap, 0);
                for (int js = js0; js < js1; js++) {
                    int j0 = js * NR;
                    int cols = Math.min(NR, n - j0);
                    for (int s = is0; s < is1; s++) {
                        int i0 = s * MR;
                        VectorDgemm.tile(kc, ap, (s - is0) * MR * kc, bs, (js - js0) * NR * kc,
                                partial, slot + i0 * n + j0, n, Math.min(MR, m - i0), cols, false, scratch);
                    }
                }
            }
        }

        private void reduceRows(int i0, int i1) {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                for (int kb = 0; kb < kBlocks; kb++) {
                    int ti = kb * m * n + i * n;
                    if (kb == 0 && !accumulate) {
                        System.arraycopy(partial, ti, c, ci, n);
                    } else {
                        addRow(partial, ti, c, ci, n);
                    }
                }
            }
        }

        /** {@code c[ci + j] = t[ti + j] + c[ci + j]} for {@code j < n}. */
        private static void addRow(double[] t, int ti, double[] c, int ci, int n) {
            int j = 0;
            for (int ub = S.loopBound(n); j < ub; j += L) {
                DoubleVector.fromArray(S, t, ti + j).lanewise(VectorOperators.ADD, DoubleVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
            }
            for (; j < n; j++) {
                c[ci + j] = t[ti + j] + c[ci + j];
            }
        }
    }
}
