package dev.descent.report;

/**
 * A labelled point of interest, such as a critical point. {@code kind} chooses the symbol:
 * {@code "min"} (or {@code "minimum"}), {@code "max"}, {@code "saddle"}, anything else a dot.
 */
public record MarkedPoint(String label, double x, double y, String kind) {

    /** The symbol used for this kind of point. */
    Marker marker() {
        String k = kind == null ? "" : kind.toLowerCase(java.util.Locale.ROOT);
        if (k.startsWith("min")) {
            return Marker.TRIANGLE_DOWN;
        }
        if (k.startsWith("max")) {
            return Marker.TRIANGLE_UP;
        }
        if (k.startsWith("saddle")) {
            return Marker.DIAMOND;
        }
        return Marker.CIRCLE;
    }
}
