package dev.descent.report;

import java.util.Arrays;

/**
 * A z-buffer of the surface, used only to ask "is this point of a trajectory hidden behind the
 * surface?" so hidden stretches can be drawn faint and dashed instead of over the hill.
 */
final class DepthBuffer {

    private final int width;
    private final int height;
    private final float[] depth;

    DepthBuffer(int width, int height) {
        this.width = width;
        this.height = height;
        this.depth = new float[width * height];
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
    }

    /** Rasterises a triangle given as {x, y, depth} screen points, keeping the nearest depth. */
    void triangle(double[] a, double[] b, double[] c) {
        int x0 = Math.max(0, (int) Math.floor(Math.min(a[0], Math.min(b[0], c[0]))));
        int x1 = Math.min(width - 1, (int) Math.ceil(Math.max(a[0], Math.max(b[0], c[0]))));
        int y0 = Math.max(0, (int) Math.floor(Math.min(a[1], Math.min(b[1], c[1]))));
        int y1 = Math.min(height - 1, (int) Math.ceil(Math.max(a[1], Math.max(b[1], c[1]))));
        double area = (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]);
        if (Math.abs(area) < 1e-12) {
            return;
        }
        for (int y = y0; y <= y1; y++) {
            double py = y + 0.5;
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5;
                double w0 = ((b[0] - px) * (c[1] - py) - (c[0] - px) * (b[1] - py)) / area;
                double w1 = ((c[0] - px) * (a[1] - py) - (a[0] - px) * (c[1] - py)) / area;
                double w2 = 1 - w0 - w1;
                // A small negative allowance closes hairline gaps between neighbouring triangles.
                if (w0 < -1e-3 || w1 < -1e-3 || w2 < -1e-3) {
                    continue;
                }
                float d = (float) (w0 * a[2] + w1 * b[2] + w2 * c[2]);
                int i = y * width + x;
                if (d < depth[i]) {
                    depth[i] = d;
                }
            }
        }
    }

    /** Whether a point at screen (x, y) with the given depth is in front of the surface (within tol). */
    boolean visible(double x, double y, double d, double tol) {
        int ix = (int) Math.floor(x);
        int iy = (int) Math.floor(y);
        if (ix < 0 || iy < 0 || ix >= width || iy >= height) {
            return true;
        }
        return d <= depth[iy * width + ix] + tol;
    }
}
