package dev.descent.kernel;

import java.util.Objects;

/** Argument checks for {@link Gemm}: every index a call may touch is proved in range up front. */
final class GemmChecks {

    private GemmChecks() {
    }

    static void dims(int batch, int m, int n, int k) {
        if (batch < 0 || m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "GEMM dimensions must be >= 0, got batch=" + batch + ", m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /**
     * Checks that {@code off + b*bs + i*rs + j*cs} is inside the array for all {@code b < batch},
     * {@code i < rows}, {@code j < cols}. Nothing is checked when the matrix is empty: it is not read.
     */
    static void operand(String name, Object array, int length, int off, int batch, int bs, int rows, int cols, int rs, int cs) {
        Objects.requireNonNull(array, name);
        if (batch == 0 || rows == 0 || cols == 0) {
            return;
        }
        long eb = (long) (batch - 1) * bs;
        long er = (long) (rows - 1) * rs;
        long ec = (long) (cols - 1) * cs;
        long lo = off + Math.min(0, eb) + Math.min(0, er) + Math.min(0, ec);
        long hi = off + Math.max(0, eb) + Math.max(0, er) + Math.max(0, ec);
        if (lo < 0 || hi >= length) {
            throw new IndexOutOfBoundsException(name + ": a " + (batch > 1 ? batch + " x " : "") + rows + " x " + cols
                    + " operand at offset " + off + " with strides (" + (batch > 1 ? "batch " + bs + ", " : "")
                    + "row " + rs + ", col " + cs + ") touches indices " + lo + ".." + hi
                    + " but the array has length " + length);
        }
    }

    /** C is written, so its rows must not overlap one another, nor its batch items. */
    static void output(Object array, int length, int off, int batch, int bs, int m, int n, int ldc) {
        if (m > 1 && ldc < n) {
            throw new IllegalArgumentException("ldc must be >= n so that rows of C do not overlap, got ldc=" + ldc + ", n=" + n);
        }
        if (batch > 1 && m > 0 && n > 0) {
            long span = (long) (m - 1) * ldc + n;
            if (Math.abs((long) bs) < span) {
                throw new IllegalArgumentException("|cBatchStride| must be >= (m-1)*ldc+n = " + span
                        + " so that batch items of C do not overlap, got cBatchStride=" + bs);
            }
        }
        operand("c", array, length, off, batch, bs, m, n, ldc, 1);
    }
}
