package dev.descent.report;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Cell edges for maps whose values sit at cell centres: edges halfway between centres (geometric
 * halfway on a log axis) and half a step beyond the first and last centre.
 */
final class Cells {

    private Cells() {
    }

    static double[] edges(double[] centres, boolean log) {
        int n = centres.length;
        double[] e = new double[n + 1];
        if (n == 1) {
            double c = centres[0];
            e[0] = log ? c / 2 : c - 0.5;
            e[1] = log ? c * 2 : c + 0.5;
            return e;
        }
        for (int i = 1; i < n; i++) {
            e[i] = log ? Math.sqrt(centres[i - 1] * centres[i]) : (centres[i - 1] + centres[i]) / 2;
        }
        e[0] = log ? centres[0] * centres[0] / e[1] : 2 * centres[0] - e[1];
        e[n] = log ? centres[n - 1] * centres[n - 1] / e[n - 1] : 2 * centres[n - 1] - e[n - 1];
        return e;
    }

    static void checkCentres(String name, double[] v, boolean log) {
        if (v.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one value");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]) || (log && !(v[i] > 0))) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + v[i] + (log ? " must be positive and finite on a log axis" : " must be finite"));
            }
            if (i > 0 && !(v[i] > v[i - 1])) {
                throw new IllegalArgumentException(name + " must be strictly increasing, but " + name + "[" + (i - 1) + "]=" + v[i - 1]
                    + " and " + name + "[" + i + "]=" + v[i]);
            }
        }
    }

    /** Colour of cell (i, j) as packed 0xRRGGBB. */
    @FunctionalInterface
    interface CellColor {
        int rgb(int i, int j);
    }

    /**
     * Paints cells in a {@code cells} group: one rectangle per cell for small maps (structure stays
     * visible in SVG), a nearest-neighbour raster for large ones (small files).
     */
    static void paint(Canvas c, Axes a, double[] xe, double[] ye, CellColor color) {
        int nx = xe.length - 1;
        int ny = ye.length - 1;
        c.beginGroup("cells");
        if ((long) nx * ny <= 2500) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double x0 = a.px(xe[i]);
                    double x1 = a.px(xe[i + 1]);
                    double y0 = a.py(ye[j + 1]);
                    double y1 = a.py(ye[j]);
                    Color fill = new Color(color.rgb(i, j));
                    // A hairline of the same colour closes anti-aliasing gaps between cells.
                    c.rect(x0, y0, x1 - x0, y1 - y0, fill, Pen.of(fill, 0.35));
                }
            }
        } else {
            double s = c.rasterScale();
            int w = Math.max(1, (int) Math.round(a.width * s));
            int h = Math.max(1, (int) Math.round(a.height * s));
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] col = new int[w];
            for (int px = 0; px < w; px++) {
                col[px] = find(xe, a.xScale.valueAt((px + 0.5) / w));
            }
            int[] row = new int[w];
            for (int py = 0; py < h; py++) {
                int j = find(ye, a.yScale.valueAt(1 - (py + 0.5) / h));
                for (int px = 0; px < w; px++) {
                    row[px] = j < 0 || col[px] < 0 ? 0xFFFFFF : color.rgb(col[px], j);
                }
                img.setRGB(0, py, w, 1, row, 0, w);
            }
            c.image(img, a.left, a.top, a.width, a.height, false);
        }
        c.endGroup();
    }

    /** Index of the cell holding {@code v}, or -1 outside. */
    static int find(double[] edges, double v) {
        if (!(v >= edges[0]) || !(v <= edges[edges.length - 1])) {
            return -1;
        }
        int lo = 0;
        int hi = edges.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (edges[mid] <= v) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
