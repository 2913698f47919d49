package dev.descent.ops;

import dev.descent.kernel.Gemm;
import dev.descent.tensor.Storage;

/** Routes batched matrix products to the GEMM kernel (operands share one type, checked by the callers). */
final class MatMul {
    private MatMul() {}

    static void batched(int batch, int m, int n, int k, Storage a, int aOff, int aBs, int aRs, int aCs,
                        Storage b, int bOff, int bBs, int bRs, int bCs, Storage c, int cOff, int cBs, int ldc,
                        boolean accumulate) {
        if (c.floats() != null) {
            if (a.floats() == null || b.floats() == null) {
                throw new IllegalArgumentException("matmul: operands must share the output's type (float32)");
            }
            Gemm.sgemmBatched(batch, m, n, k, a.floats(), aOff, aBs, aRs, aCs, b.floats(), bOff, bBs, bRs, bCs,
                    c.floats(), cOff, cBs, ldc, accumulate);
        } else {
            if (a.doubles() == null || b.doubles() == null) {
                throw new IllegalArgumentException("matmul: operands must share the output's type (float64)");
            }
            Gemm.dgemmBatched(batch, m, n, k, a.doubles(), aOff, aBs, aRs, aCs, b.doubles(), bOff, bBs, bRs, bCs,
                    c.doubles(), cOff, cBs, ldc, accumulate);
        }
    }
}
