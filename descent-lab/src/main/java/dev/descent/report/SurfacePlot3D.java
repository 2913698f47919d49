package dev.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A 3-D view of a scalar field drawn in pure Java2D: the surface as quads sorted back to front
 * (painter's algorithm), coloured by height and lightly shaded, inside an axes box whose three far
 * panes carry grid lines and tick labels. Trajectories lie on the surface; stretches hidden behind
 * a hill (found with a small z-buffer) are drawn faint and dashed. An optional arrow at a point
 * shows the notes' picture: the gradient points uphill, its negative downhill.
 */
public final class SurfacePlot3D implements Figure {

    private final Grid grid;
    private int width = 640;
    private int height = 560;
    private String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private String zLabel = "f(x, y)";
    private ColorMap colorMap = ColorMap.BLUE_RED;
    private double azimuth = -60;
    private double elevation = 30;
    private int mesh = 48;
    private double zLo = Double.NaN;
    private double zHi = Double.NaN;
    private double boxHeight = 0.75;
    private double zoom = 1;
    private final List<Trajectory> trajectories = new ArrayList<>();
    private final List<double[]> arrows = new ArrayList<>();

    /** A 3-D view of {@code grid} from azimuth -60°, elevation 30°. */
    public SurfacePlot3D(Grid grid) {
        this.grid = grid;
    }

    public SurfacePlot3D size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public SurfacePlot3D title(String title) {
        this.title = title;
        return this;
    }

    public SurfacePlot3D labels(String x, String y, String z) {
        this.xLabel = x;
        this.yLabel = y;
        this.zLabel = z;
        return this;
    }

    public SurfacePlot3D colorMap(ColorMap map) {
        this.colorMap = map;
        return this;
    }

    /** Camera angles in degrees: azimuth about the vertical axis, elevation above the floor. */
    public SurfacePlot3D view(double azimuthDegrees, double elevationDegrees) {
        if (!(Math.abs(elevationDegrees) <= 90)) {
            throw new IllegalArgumentException("elevation must be within [-90, 90] degrees, got " + elevationDegrees);
        }
        this.azimuth = azimuthDegrees;
        this.elevation = elevationDegrees;
        return this;
    }

    /** At most {@code n × n} quads (the grid is subsampled); more is smoother and bigger in SVG. */
    public SurfacePlot3D mesh(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("mesh must be at least 2, got " + n);
        }
        this.mesh = n;
        return this;
    }

    /** Clamps heights to {@code [lo, hi]}, e.g. to keep steep walls from flattening the valley. */
    public SurfacePlot3D zRange(double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("z range needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.zLo = lo;
        this.zHi = hi;
        return this;
    }

    /** Height of the box relative to its half-width (default 0.75). */
    public SurfacePlot3D boxHeight(double h) {
        this.boxHeight = h;
        return this;
    }

    public SurfacePlot3D zoom(double zoom) {
        this.zoom = zoom;
        return this;
    }

    public SurfacePlot3D trajectory(Trajectory t) {
        trajectories.add(t);
        return this;
    }

    public SurfacePlot3D trajectories(List<Trajectory> ts) {
        trajectories.addAll(ts);
        return this;
    }

    /** Draws ∇f (uphill) and −∇f (downhill) at (x, y), taking the gradient from the grid. */
    public SurfacePlot3D gradientArrow(double x, double y) {
        arrows.add(new double[] {x, y});
        return this;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Everything one drawing needs: ranges, normalisation and the camera. */
    private final class View {
        final double lo;
        final double hi;
        final double h = boxHeight;
        final Projection3D proj = new Projection3D(azimuth, elevation);

        View(double left, double top, double w, double hgt) {
            double a = Double.isNaN(zLo) ? grid.zMin() : zLo;
            double b = Double.isNaN(zHi) ? grid.zMax() : zHi;
            if (!(b > a)) {
                a = Double.isFinite(a) ? a - 1 : -1;
                b = a + 2;
            }
            lo = a;
            hi = b;
            proj.fit(h, left, top, w, hgt, zoom);
        }

        double u(double x) {
            return 2 * (x - grid.xMin()) / (grid.xMax() - grid.xMin()) - 1;
        }

        double v(double y) {
            return 2 * (y - grid.yMin()) / (grid.yMax() - grid.yMin()) - 1;
        }

        double w(double z) {
            return h * (2 * (Math.clamp(z, lo, hi) - lo) / (hi - lo) - 1);
        }

        double[] at(double x, double y, double z) {
            return proj.project(u(x), v(y), w(z));
        }
    }

    @Override
    public void draw(Canvas c) {
        Axes.drawTitle(c, title, 0, c.width() - 70);
        double top = title == null ? 12 : 38;
        // The height range is known before layout; the colour bar's width depends on its labels.
        View probe = new View(0, 0, 1, 1);
        Scale zScale = Scale.linear(probe.lo, probe.hi);
        double barSpace = ColorBar.space(c, zScale, 5);
        double left = 56;
        double right = c.width() - barSpace - 40;
        double bottom = c.height() - 44;
        View view = new View(left, top + 10, right - left, bottom - top - 10);

        drawPanes(c, view, true);
        List<Quad> quads = quads(view);
        drawSurface(c, quads);
        if (!trajectories.isEmpty()) {
            DepthBuffer depth = new DepthBuffer(c.width(), c.height());
            for (Quad q : quads) {
                depth.triangle(q.p[0], q.p[1], q.p[2]);
                depth.triangle(q.p[0], q.p[2], q.p[3]);
            }
            for (int i = 0; i < trajectories.size(); i++) {
                drawTrajectory(c, view, depth, trajectories.get(i), Palette.series(i));
            }
        }
        for (double[] a : arrows) {
            drawGradient(c, view, a[0], a[1]);
        }
        drawPanes(c, view, false);
        double barTop = top + 30;
        ColorBar.drawContinuous(c, c.width() - barSpace + 16, barTop, c.height() - barTop - 60, zScale, colorMap, zLabel);
        Legend legend = new Legend();
        for (int i = 0; i < trajectories.size(); i++) {
            legend.add(Legend.Entry.line(trajectories.get(i).name(), Palette.series(i), 2.5));
        }
        if (!arrows.isEmpty()) {
            legend.add(Legend.Entry.line("∇f: uphill", Color.BLACK, 2.2));
            legend.add(new Legend.Entry("−∇f: downhill", Color.BLACK, Legend.Kind.LINE, null,
                Pen.dashed(new Color(0x444444), 2, 5, 3)));
        }
        legend.draw(c, 10, top);
    }

    /** One coloured quad of the surface with its projected corners and mean depth. */
    private record Quad(double[][] p, double depth, Color color) {
    }

    private List<Quad> quads(View view) {
        int mx = Math.min(mesh, grid.nx() - 1);
        int my = Math.min(mesh, grid.ny() - 1);
        int[] ii = new int[mx + 1];
        int[] jj = new int[my + 1];
        for (int k = 0; k <= mx; k++) {
            ii[k] = (int) Math.round(k * (grid.nx() - 1.0) / mx);
        }
        for (int k = 0; k <= my; k++) {
            jj[k] = (int) Math.round(k * (grid.ny() - 1.0) / my);
        }
        // Light from the upper left, fixed to the world so the shape reads the same as it turns.
        double lx = -0.45;
        double ly = -0.35;
        double lz = 0.82;
        List<Quad> quads = new ArrayList<>(mx * my);
        double[][] z = grid.z();
        for (int b = 0; b < my; b++) {
            for (int a = 0; a < mx; a++) {
                int[] ci = {ii[a], ii[a + 1], ii[a + 1], ii[a]};
                int[] cj = {jj[b], jj[b], jj[b + 1], jj[b + 1]};
                double[][] n = new double[4][];
                double[][] p = new double[4][];
                double sum = 0;
                boolean ok = true;
                for (int k = 0; k < 4; k++) {
                    double zz = z[cj[k]][ci[k]];
                    if (!Double.isFinite(zz)) {
                        ok = false;
                        break;
                    }
                    sum += Math.clamp(zz, view.lo, view.hi);
                    n[k] = new double[] {view.u(grid.x()[ci[k]]), view.v(grid.y()[cj[k]]), view.w(zz)};
                    p[k] = view.proj.project(n[k][0], n[k][1], n[k][2]);
                }
                if (!ok) {
                    continue;
                }
                double[] d1 = {n[2][0] - n[0][0], n[2][1] - n[0][1], n[2][2] - n[0][2]};
                double[] d2 = {n[3][0] - n[1][0], n[3][1] - n[1][1], n[3][2] - n[1][2]};
                double nx = d1[1] * d2[2] - d1[2] * d2[1];
                double ny = d1[2] * d2[0] - d1[0] * d2[2];
                double nz = d1[0] * d2[1] - d1[1] * d2[0];
                double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
                double lambert = len == 0 ? 1 : Math.abs(nx * lx + ny * ly + nz * lz) / len;
                double t = (sum / 4 - view.lo) / (view.hi - view.lo);
                Color color = Palette.shade(colorMap.at(t), 0.8 + 0.26 * lambert);
                double depth = (p[0][2] + p[1][2] + p[2][2] + p[3][2]) / 4;
                quads.add(new Quad(p, depth, color));
            }
        }
        return quads;
    }

    private static void drawSurface(Canvas c, List<Quad> quads) {
        List<Quad> sorted = new ArrayList<>(quads);
        sorted.sort(Comparator.comparingDouble((Quad q) -> q.depth).reversed());
        double[] xs = new double[4];
        double[] ys = new double[4];
        c.beginGroup("surface");
        for (Quad q : sorted) {
            for (int k = 0; k < 4; k++) {
                xs[k] = q.p[k][0];
                ys[k] = q.p[k][1];
            }
            // Stroking with a slightly darker shade hides anti-aliasing seams and hints the mesh.
            c.polygon(xs, ys, 4, q.color, Pen.of(Palette.shade(q.color, 0.9), 0.5));
        }
        c.endGroup();
    }

    /**
     * The three far panes with grid lines ({@code back = true}, before the surface), or the tick
     * labels and axis names ({@code back = false}, after it, so nothing covers them).
     */
    private void drawPanes(Canvas c, View view, boolean back) {
        double h = view.h;
        Projection3D pr = view.proj;
        double uBack = pr.depthOf(1, 0, 0) > 0 ? 1 : -1;
        double vBack = pr.depthOf(0, 1, 0) > 0 ? 1 : -1;
        double wBack = pr.depthOf(0, 0, 1) > 0 ? h : -h;
        List<Scale.Tick> xt = Scale.linear(grid.xMin(), grid.xMax()).ticks(5);
        List<Scale.Tick> yt = Scale.linear(grid.yMin(), grid.yMax()).ticks(5);
        List<Scale.Tick> zt = Scale.linear(view.lo, view.hi).ticks(5);
        if (back) {
            c.beginGroup("panes");
            Color paneFill = new Color(0xF3F4F6);
            Pen edge = Pen.of(new Color(0xB8BCC2), 0.9);
            Pen gridPen = Pen.of(new Color(0xD9DCE0), 0.8);
            // Floor (or ceiling when seen from below).
            face(c, pr, new double[][] {{-1, -1, wBack}, {1, -1, wBack}, {1, 1, wBack}, {-1, 1, wBack}}, paneFill, edge);
            for (Scale.Tick t : xt) {
                seg(c, pr, view.u(t.value()), -1, wBack, view.u(t.value()), 1, wBack, gridPen);
            }
            for (Scale.Tick t : yt) {
                seg(c, pr, -1, view.v(t.value()), wBack, 1, view.v(t.value()), wBack, gridPen);
            }
            // Wall at u = uBack.
            face(c, pr, new double[][] {{uBack, -1, -h}, {uBack, 1, -h}, {uBack, 1, h}, {uBack, -1, h}}, paneFill, edge);
            for (Scale.Tick t : yt) {
                seg(c, pr, uBack, view.v(t.value()), -h, uBack, view.v(t.value()), h, gridPen);
            }
            for (Scale.Tick t : zt) {
                seg(c, pr, uBack, -1, view.w(t.value()), uBack, 1, view.w(t.value()), gridPen);
            }
            // Wall at v = vBack.
            face(c, pr, new double[][] {{-1, vBack, -h}, {1, vBack, -h}, {1, vBack, h}, {-1, vBack, h}}, paneFill, edge);
            for (Scale.Tick t : xt) {
                seg(c, pr, view.u(t.value()), vBack, -h, view.u(t.value()), vBack, h, gridPen);
            }
            for (Scale.Tick t : zt) {
                seg(c, pr, -1, vBack, view.w(t.value()), 1, vBack, view.w(t.value()), gridPen);
            }
            c.endGroup();
            return;
        }
        c.beginGroup("axes");
        TextStyle tick = TextStyle.of(Axes.TICK_SIZE).color(Palette.AXIS).middle();
        TextStyle label = TextStyle.of(Axes.LABEL_SIZE).color(Palette.TEXT).middle();
        double[] centre = pr.project(0, 0, wBack);
        // x ticks along the near floor edge parallel to u.
        double vFront = -vBack;
        axisLabels(c, pr, centre, xt, k -> new double[] {view.u(k), vFront, wBack},
            new double[] {0, vFront, wBack}, tick, label, xLabel);
        double uFront = -uBack;
        axisLabels(c, pr, centre, yt, k -> new double[] {uFront, view.v(k), wBack},
            new double[] {uFront, 0, wBack}, tick, label, yLabel);
        // z ticks on the vertical edge at the outer end of a back wall, whichever is further left.
        double[] c1 = pr.project(uBack, -vBack, 0);
        double[] c2 = pr.project(-uBack, vBack, 0);
        double zu = c1[0] <= c2[0] ? uBack : -uBack;
        double zv = c1[0] <= c2[0] ? -vBack : vBack;
        double[] mid = pr.project(zu, zv, 0);
        boolean onLeft = mid[0] < centre[0];
        TextStyle zTick = onLeft ? tick.end() : tick.anchor(TextStyle.Anchor.START);
        for (Scale.Tick t : zt) {
            double[] p = pr.project(zu, zv, view.w(t.value()));
            c.text(t.label(), p[0] + (onLeft ? -8 : 8), p[1] + 4, zTick);
        }
        double widest = 0;
        for (Scale.Tick t : zt) {
            widest = Math.max(widest, c.textWidth(t.label(), Axes.TICK_SIZE, false));
        }
        double lx = mid[0] + (onLeft ? -(widest + 20) : widest + 20);
        c.text(zLabel, lx, mid[1], label.rotate(-90));
        c.endGroup();
    }

    private void axisLabels(Canvas c, Projection3D pr, double[] centre, List<Scale.Tick> ticks,
                            java.util.function.DoubleFunction<double[]> at, double[] edgeMid,
                            TextStyle tick, TextStyle label, String name) {
        double[] m = pr.project(edgeMid[0], edgeMid[1], edgeMid[2]);
        double dx = m[0] - centre[0];
        double dy = m[1] - centre[1];
        double len = Math.hypot(dx, dy);
        if (len < 1e-9) {
            dx = 0;
            dy = 1;
        } else {
            dx /= len;
            dy /= len;
        }
        for (Scale.Tick t : ticks) {
            double[] q = at.apply(t.value());
            double[] p = pr.project(q[0], q[1], q[2]);
            c.text(t.label(), p[0] + dx * 16, p[1] + dy * 16 + 4, tick);
        }
        c.text(name, m[0] + dx * 38, m[1] + dy * 38 + 5, label);
    }

    private static void face(Canvas c, Projection3D pr, double[][] corners, Color fill, Pen pen) {
        double[] xs = new double[4];
        double[] ys = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] p = pr.project(corners[k][0], corners[k][1], corners[k][2]);
            xs[k] = p[0];
            ys[k] = p[1];
        }
        c.polygon(xs, ys, 4, fill, pen);
    }

    private static void seg(Canvas c, Projection3D pr, double u0, double v0, double w0, double u1, double v1, double w1, Pen pen) {
        double[] a = pr.project(u0, v0, w0);
        double[] b = pr.project(u1, v1, w1);
        c.line(a[0], a[1], b[0], b[1], pen);
    }

    /** A trajectory on the surface: visible stretches solid over a halo, hidden ones faint and dashed. */
    private void drawTrajectory(Canvas c, View view, DepthBuffer depth, Trajectory t, Color color) {
        List<double[]> pts = new ArrayList<>();
        double lift = 0.012 * view.h;
        for (int k = 0; k < t.length(); k++) {
            double x = t.x()[k];
            double y = t.y()[k];
            if (!Double.isFinite(x) || !Double.isFinite(y) || x < grid.xMin() || x > grid.xMax()
                || y < grid.yMin() || y > grid.yMax()) {
                break; // left the picture (or diverged): show the path up to there
            }
            double z = t.z() != null && Double.isFinite(t.z()[k]) ? t.z()[k] : grid.valueAt(x, y);
            pts.add(new double[] {view.u(x), view.v(y), view.w(z) + lift});
        }
        c.beginGroup("series", t.name());
        if (pts.isEmpty()) {
            c.endGroup();
            return;
        }
        // Split every segment into short pieces, each either visible or hidden.
        List<double[]> pieces = new ArrayList<>(); // {x0, y0, x1, y1, visible}
        for (int k = 0; k + 1 < pts.size(); k++) {
            double[] a = view.proj.project(pts.get(k)[0], pts.get(k)[1], pts.get(k)[2]);
            double[] b = view.proj.project(pts.get(k + 1)[0], pts.get(k + 1)[1], pts.get(k + 1)[2]);
            int n = Math.max(1, (int) Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 3));
            for (int s = 0; s < n; s++) {
                double f0 = (double) s / n;
                double f1 = (double) (s + 1) / n;
                double fm = (f0 + f1) / 2;
                boolean vis = depth.visible(a[0] + (b[0] - a[0]) * fm, a[1] + (b[1] - a[1]) * fm,
                    a[2] + (b[2] - a[2]) * fm, 0.03);
                pieces.add(new double[] {a[0] + (b[0] - a[0]) * f0, a[1] + (b[1] - a[1]) * f0,
                    a[0] + (b[0] - a[0]) * f1, a[1] + (b[1] - a[1]) * f1, vis ? 1 : 0});
            }
        }
        Pen halo = Pen.of(new Color(255, 255, 255, 210), 4.5);
        Pen solid = Pen.of(color, 2.2);
        Pen hidden = Pen.dashed(Palette.withAlpha(color, 0.55), 1.4, 4, 3);
        for (boolean visiblePass : new boolean[] {false, true}) {
            int k = 0;
            while (k < pieces.size()) {
                boolean vis = pieces.get(k)[4] == 1;
                int e = k;
                while (e < pieces.size() && (pieces.get(e)[4] == 1) == vis) {
                    e++;
                }
                if (vis == visiblePass) {
                    double[] xs = new double[e - k + 1];
                    double[] ys = new double[e - k + 1];
                    for (int q = k; q < e; q++) {
                        xs[q - k] = pieces.get(q)[0];
                        ys[q - k] = pieces.get(q)[1];
                    }
                    xs[e - k] = pieces.get(e - 1)[2];
                    ys[e - k] = pieces.get(e - 1)[3];
                    if (vis) {
                        c.polyline(xs, ys, xs.length, halo);
                        c.polyline(xs, ys, xs.length, solid);
                    } else {
                        c.polyline(xs, ys, xs.length, hidden);
                    }
                }
                k = e;
            }
        }
        double[] s = view.proj.project(pts.getFirst()[0], pts.getFirst()[1], pts.getFirst()[2]);
        c.circle(s[0], s[1], 4.5, Color.WHITE, Pen.of(color, 2));
        if (pts.size() > 1) {
            double[] e = view.proj.project(pts.getLast()[0], pts.getLast()[1], pts.getLast()[2]);
            Marker.STAR.draw(c, e[0], e[1], 13, color, Pen.of(Color.WHITE, 1));
        }
        c.endGroup();
    }

    /**
     * ∇f at (x, y) as a 3-D arrow: moving along the gradient by dt raises f by |∇f|² dt, so the
     * arrow's direction is (fx, fy, fx² + fy²) in data units, drawn with a fixed on-screen length.
     */
    private void drawGradient(Canvas c, View view, double x, double y) {
        double[] g = grid.gradientAt(x, y);
        double z = grid.valueAt(x, y);
        double du = g[0] * 2 / (grid.xMax() - grid.xMin());
        double dv = g[1] * 2 / (grid.yMax() - grid.yMin());
        double dw = (g[0] * g[0] + g[1] * g[1]) * 2 * view.h / (view.hi - view.lo);
        double len = Math.sqrt(du * du + dv * dv + dw * dw);
        c.beginGroup("gradient");
        double[] base = {view.u(x), view.v(y), view.w(z) + 0.01};
        double[] p0 = view.proj.project(base[0], base[1], base[2]);
        if (len > 0 && Double.isFinite(len)) {
            double k = 0.55 / len;
            double[] up = view.proj.project(base[0] + du * k, base[1] + dv * k, base[2] + dw * k);
            double[] down = view.proj.project(base[0] - du * k, base[1] - dv * k, base[2] - dw * k);
            Quiver.arrow(c, p0[0], p0[1], down[0], down[1], Pen.dashed(new Color(0x444444), 2, 5, 3), new Color(0x444444), 10);
            Quiver.arrow(c, p0[0], p0[1], up[0], up[1], Pen.of(new Color(255, 255, 255, 200), 5), new Color(255, 255, 255, 0), 0.001);
            Quiver.arrow(c, p0[0], p0[1], up[0], up[1], Pen.of(Color.BLACK, 2.4), Color.BLACK, 12);
            TextStyle label = TextStyle.of(13).withBold().withHalo();
            c.text("∇f", up[0] + 6, up[1] - 4, label);
            c.text("−∇f", down[0] + 6, down[1] + 14, label.color(new Color(0x444444)));
        }
        c.circle(p0[0], p0[1], 4, Color.WHITE, Pen.of(Color.BLACK, 1.5));
        c.endGroup();
    }
}
