package dev.descent.report;

/**
 * An orthographic camera for the 3-D pictures. Data is first normalised into a box
 * {@code [-1, 1] × [-1, 1] × [-h, h]} (u, v, w); the box is turned by the azimuth about the
 * vertical axis and tilted by the elevation, then scaled and shifted onto the screen.
 * {@code depth} grows away from the viewer, so painting in decreasing depth is back to front.
 */
final class Projection3D {

    private final double cosA;
    private final double sinA;
    private final double cosE;
    private final double sinE;
    private double scale = 1;
    private double offsetX;
    private double offsetY;

    Projection3D(double azimuthDegrees, double elevationDegrees) {
        double a = Math.toRadians(azimuthDegrees);
        double e = Math.toRadians(elevationDegrees);
        cosA = Math.cos(a);
        sinA = Math.sin(a);
        cosE = Math.cos(e);
        sinE = Math.sin(e);
    }

    /** Screen x, screen y (down) and depth of a normalised point. */
    double[] project(double u, double v, double w) {
        double[] r = new double[3];
        project(u, v, w, r);
        return r;
    }

    void project(double u, double v, double w, double[] out) {
        double a = u * cosA - v * sinA;
        double b = u * sinA + v * cosA;
        double up = w * cosE + b * sinE;
        out[0] = offsetX + scale * a;
        out[1] = offsetY - scale * up;
        out[2] = b * cosE - w * sinE;
    }

    /** Depth component of a direction: positive when it points away from the viewer. */
    double depthOf(double nu, double nv, double nw) {
        double b = nu * sinA + nv * cosA;
        return b * cosE - nw * sinE;
    }

    /** Scales and centres the box {@code [-1,1]² × [-h,h]} to fit the rectangle, times {@code zoom}. */
    void fit(double h, double left, double top, double width, double height, double zoom) {
        scale = 1;
        offsetX = 0;
        offsetY = 0;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 8; k++) {
            double[] p = project((k & 1) == 0 ? -1 : 1, (k & 2) == 0 ? -1 : 1, (k & 4) == 0 ? -h : h);
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        scale = zoom * Math.min(width / (maxX - minX), height / (maxY - minY));
        offsetX = left + width / 2 - scale * (minX + maxX) / 2;
        offsetY = top + height / 2 - scale * (minY + maxY) / 2;
    }
}
