package dev.descent.landscape.tour;

/**
 * One part of the tour: computes what it shows, writes its pictures, adds its part of the report
 * and records its facts, all through the {@link TourContext}. Sections run in the order of the
 * tour's list and share nothing but the context, so a new one plugs in by being added to the list:
 *
 * <pre>{@code
 * final class LossSurfaceSection implements TourSection {
 *     public String id() { return "k-resnet-surface"; }
 *     public String title() { return "(k) Skip connections smooth the loss surface"; }
 *     public void run(TourContext ctx) {
 *         // ... train, measure ...
 *         ctx.fact("sharpness_skip", 12.3, "top Hessian eigenvalue with skips: 12.3");
 *         ctx.claim("a good architecture smooths a bad landscape", true, "...");
 *     }
 * }
 * Tour tour = Tour.standard().with(new LossSurfaceSection());
 * }</pre>
 *
 * Every number a section writes must be computed while it runs; none typed in.
 */
public interface TourSection {
    /** A short, stable, file-name-safe id such as {@code e-ravine-race}: the anchor and the prefix of its files. */
    String id();

    /** The heading, such as {@code (e) The ravine race}. */
    String title();

    /** Computes, draws and reports; the section's heading is already in the report. */
    void run(TourContext ctx);
}
