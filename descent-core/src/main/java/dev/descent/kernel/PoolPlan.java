package dev.descent.kernel;

/**
 * A 2-D average-pooling plan over {@code planes} contiguous {@code rows.in × cols.in} images (a batch
 * {@code [N, C, H, W]} is {@code N·C} planes): the windows along each axis, and which divisor to use
 * ({@code count_include_pad}: the window counting padding; otherwise the elements inside the image).
 */
public record PoolPlan(int planes, PoolAxis rows, PoolAxis cols, boolean countIncludePad) {

    /** The divisor of output {@code (oi, oj)}. */
    public double divisor(int oi, int oj) {
        return countIncludePad
                ? (double) rows.extent()[oi] * cols.extent()[oj]
                : (double) (rows.hi()[oi] - rows.lo()[oi]) * (cols.hi()[oj] - cols.lo()[oj]);
    }

    /** Elements of one input plane. */
    public int planeSize() {
        return rows.in() * cols.in();
    }

    /** Elements of the input. */
    public int inSize() {
        return planes * planeSize();
    }

    /** Elements of the output. */
    public int outSize() {
        return planes * rows.out() * cols.out();
    }
}
