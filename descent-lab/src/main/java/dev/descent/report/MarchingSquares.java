package dev.descent.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Iso-lines of a grid by marching squares: each cell contributes up to two segments whose ends lie
 * on its edges (linear interpolation), ambiguous saddle cells are resolved by the cell's mean, and
 * segments are chained into polylines by the grid edges they share.
 */
public final class MarchingSquares {

    /** One iso-line in data coordinates; {@code closed} when it returns to its start. */
    public record Line(double[] x, double[] y, boolean closed) {
    }

    // Edges of a cell: 0 bottom (j, i..i+1), 1 right (i+1, j..j+1), 2 top (j+1), 3 left (i).
    private static final int[][][] SEGMENTS = {
        {}, {{3, 0}}, {{0, 1}}, {{3, 1}}, {{1, 2}}, null, {{0, 2}}, {{2, 3}},
        {{2, 3}}, {{0, 2}}, null, {{1, 2}}, {{1, 3}}, {{0, 1}}, {{3, 0}}, {},
    };

    private MarchingSquares() {
    }

    /** All iso-lines of {@code grid} at {@code level}. Cells touching non-finite values are skipped. */
    public static List<Line> isoLines(Grid grid, double level) {
        double[] gx = grid.x();
        double[] gy = grid.y();
        double[][] z = grid.z();
        int nx = gx.length;
        List<long[]> segments = new ArrayList<>();
        Map<Long, double[]> points = new HashMap<>();
        for (int j = 0; j + 1 < gy.length; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double v00 = z[j][i];
                double v10 = z[j][i + 1];
                double v11 = z[j + 1][i + 1];
                double v01 = z[j + 1][i];
                if (!Double.isFinite(v00) || !Double.isFinite(v10) || !Double.isFinite(v11) || !Double.isFinite(v01)) {
                    continue;
                }
                int index = (v00 >= level ? 1 : 0) | (v10 >= level ? 2 : 0) | (v11 >= level ? 4 : 0) | (v01 >= level ? 8 : 0);
                int[][] segs = SEGMENTS[index];
                if (segs == null) {
                    boolean centreAbove = (v00 + v10 + v11 + v01) / 4 >= level;
                    // Case 5 (corners 00 and 11 above) and 10 (10 and 01 above): the centre decides
                    // whether the two "above" corners are joined through the middle. Either way the
                    // lines cut off two opposite corners: 10 and 01, or 00 and 11.
                    boolean cutCorners10And01 = (index == 5) == centreAbove;
                    segs = cutCorners10And01 ? new int[][] {{0, 1}, {2, 3}} : new int[][] {{3, 0}, {1, 2}};
                }
                for (int[] s : segs) {
                    long a = edgeKey(i, j, s[0], nx);
                    long b = edgeKey(i, j, s[1], nx);
                    if (!points.containsKey(a)) {
                        points.put(a, crossing(gx, gy, z, i, j, s[0], level));
                    }
                    if (!points.containsKey(b)) {
                        points.put(b, crossing(gx, gy, z, i, j, s[1], level));
                    }
                    if (a != b) {
                        segments.add(new long[] {a, b});
                    }
                }
            }
        }
        return chain(segments, points);
    }

    /** A key shared by the two cells on either side of an edge. */
    private static long edgeKey(int i, int j, int edge, int nx) {
        return switch (edge) {
            case 0 -> ((long) j * nx + i) * 2;
            case 1 -> ((long) j * nx + i + 1) * 2 + 1;
            case 2 -> ((long) (j + 1) * nx + i) * 2;
            default -> ((long) j * nx + i) * 2 + 1;
        };
    }

    private static double[] crossing(double[] gx, double[] gy, double[][] z, int i, int j, int edge, double level) {
        int ia;
        int ja;
        int ib;
        int jb;
        switch (edge) {
            case 0 -> { ia = i; ja = j; ib = i + 1; jb = j; }
            case 1 -> { ia = i + 1; ja = j; ib = i + 1; jb = j + 1; }
            case 2 -> { ia = i; ja = j + 1; ib = i + 1; jb = j + 1; }
            default -> { ia = i; ja = j; ib = i; jb = j + 1; }
        }
        double va = z[ja][ia];
        double vb = z[jb][ib];
        double t = vb == va ? 0.5 : Math.clamp((level - va) / (vb - va), 0, 1);
        return new double[] {gx[ia] + (gx[ib] - gx[ia]) * t, gy[ja] + (gy[jb] - gy[ja]) * t};
    }

    /** Joins segments that share an edge point into polylines, open chains first, then loops. */
    private static List<Line> chain(List<long[]> segments, Map<Long, double[]> points) {
        Map<Long, List<Integer>> at = new HashMap<>();
        for (int s = 0; s < segments.size(); s++) {
            for (long k : segments.get(s)) {
                at.computeIfAbsent(k, key -> new ArrayList<>(2)).add(s);
            }
        }
        boolean[] used = new boolean[segments.size()];
        List<Line> lines = new ArrayList<>();
        // Open chains start at an end point touched by a single segment.
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < segments.size(); s++) {
                if (used[s]) {
                    continue;
                }
                long[] seg = segments.get(s);
                long start;
                if (pass == 0) {
                    if (at.get(seg[0]).size() == 1) {
                        start = seg[0];
                    } else if (at.get(seg[1]).size() == 1) {
                        start = seg[1];
                    } else {
                        continue;
                    }
                } else {
                    start = seg[0];
                }
                lines.add(walk(s, start, segments, at, used, points));
            }
        }
        return lines;
    }

    private static Line walk(int first, long start, List<long[]> segments, Map<Long, List<Integer>> at,
                             boolean[] used, Map<Long, double[]> points) {
        List<double[]> path = new ArrayList<>();
        path.add(points.get(start));
        long current = start;
        int s = first;
        while (s >= 0) {
            used[s] = true;
            long[] seg = segments.get(s);
            long next = seg[0] == current ? seg[1] : seg[0];
            path.add(points.get(next));
            current = next;
            s = -1;
            for (int t : at.get(current)) {
                if (!used[t]) {
                    s = t;
                    break;
                }
            }
        }
        boolean closed = current == start && path.size() > 2;
        double[] xs = new double[path.size()];
        double[] ys = new double[path.size()];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = path.get(k)[0];
            ys[k] = path.get(k)[1];
        }
        return new Line(xs, ys, closed);
    }
}
