package dev.descent.kernel;

/** Child-JVM entry point for {@link SimdFallbackTest}: a GEMM with the Vector API module absent. */
final class NoVectorMain {

    private NoVectorMain() {
    }

    public static void main(String[] args) {
        int n = 70;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = (i % 7) - 3;
            b[i] = (i % 5) - 2;
        }
        float[] c = new float[n * n];
        Gemm.sgemm(n, n, n, a, 0, n, 1, b, 0, 1, n, c, 0, n, false);
        double[] cd = new double[n * n];
        double[] ad = new double[n * n];
        double[] bd = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            ad[i] = a[i];
            bd[i] = b[i];
        }
        Gemm.dgemm(n, n, n, ad, 0, n, 1, bd, 0, 1, n, cd, 0, n, false);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < n; p++) {
                    s += a[i * n + p] * b[j * n + p];
                }
                if (s != c[i * n + j] || s != cd[i * n + j]) {
                    throw new AssertionError("C(" + i + "," + j + ") = " + c[i * n + j] + " / " + cd[i * n + j] + ", expected " + s);
                }
            }
        }
        System.out.println("simd=" + Simd.enabled() + " lanes=" + Simd.FLOAT_LANES + " warm=" + Gemm.warmUp() + " ok");
    }
}
