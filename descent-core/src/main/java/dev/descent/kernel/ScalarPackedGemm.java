package dev.descent.kernel;

/** The reference loops of {@link PackedGemm}: one element of C at a time, the same FMA chains. */
final class ScalarPackedGemm {
    private ScalarPackedGemm() {}

    static void multiply(int k, int n, int width, float[] panel, int m, float[] a, int aOff, int lda,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        int blocks = PackedGemm.kBlocks(k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int strip = (j / width) * k * width + j % width;
                int ci = cOff + i * ldc + j;
                for (int kb = 0; kb < blocks; kb++) {
                    int p0 = GemmBlocking.split(k, blocks, kb);
                    int p1 = GemmBlocking.split(k, blocks, kb + 1);
                    float sum = 0f;
                    for (int p = p0; p < p1; p++) {
                        sum = Math.fma(a[aOff + i * lda + p], panel[strip + p * width], sum);
                    }
                    c[ci] = kb == 0 && !accumulate ? sum : c[ci] + sum;
                }
            }
        }
    }
}
