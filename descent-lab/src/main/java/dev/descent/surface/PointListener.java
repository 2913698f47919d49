package dev.descent.surface;

/** Told about every finished grid point (calls are serialized; an exception stops the run). */
@FunctionalInterface
public interface PointListener {
    /**
     * @param index   the point's index (row-major: {@code j·nx + i} for a 2-D grid)
     * @param done    points finished so far, including resumed ones
     * @param total   points in the grid
     * @param metrics loss and accuracy at the point
     */
    void onPoint(int index, int done, int total, Metrics metrics);

    /** A listener that does nothing. */
    PointListener NONE = (index, done, total, metrics) -> { };
}
