package dev.descent.ops;

import dev.descent.tensor.Storage;

/** Routes batched matrix products to the GEMM kernel. */
final class MatMul {
    private MatMul() {}

    static void batched(int batch, int m, int n, int k, Storage a, int aOff, int aBs, int aRs, int aCs,
                        Storage b, int bOff, int bBs, int bRs, int bCs, Storage c, int cOff, int cBs, int ldc,
                        boolean accumulate) {
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += Loops.read(a, aOff + t * aBs + i * aRs + p * aCs) * Loops.read(b, bOff + t * bBs + p * bRs + j * bCs);
                    }
                    int pos = cOff + t * cBs + i * ldc + j;
                    Loops.write(c, pos, accumulate ? Loops.read(c, pos) + s : s);
                }
            }
        }
    }
}
