package dev.descent.landscape.tour;

import dev.descent.surface.SkipConnections;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;

/**
 * (k) The notes' boldest claim, measured: ResNet-20 and its plain twin trained identically on a small
 * Fashion-MNIST budget, then their loss surfaces, top Hessian eigenvalues and convexity maps side
 * by side ({@link SkipConnections}). The verdict is whatever the numbers say at this scale.
 */
final class SkipConnectionsSection implements TourSection {
    @Override
    public String id() {
        return "k-skip-connections";
    }

    @Override
    public String title() {
        return "(k) Skip connections and the loss landscape";
    }

    @Override
    public void run(TourContext ctx) {
        SkipConnections.Result r;
        try {
            r = SkipConnections.runSmall(ctx.out().resolve(id()), ctx::progress);
        } catch (RuntimeException e) {
            if (isMissingData(e)) {
                String why = "skipped: Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist)";
                ctx.report().paragraph("This section needs the Fashion-MNIST images: " + why + ".");
                ctx.fact("skip_connections", "skipped", why);
                return;
            }
            throw e;
        }
        r.toHtml(ctx.report());
        for (String line : r.summaryLines()) {
            ctx.progress(line);
        }
        ctx.fact("lambda_max_skip", r.skip().lambdaMax(), "top Hessian eigenvalue with skips: " + TourContext.num(r.skip().lambdaMax()));
        ctx.fact("lambda_max_plain", r.plain().lambdaMax(), "top Hessian eigenvalue without skips: " + TourContext.num(r.plain().lambdaMax()));
        ctx.fact("test_accuracy_skip", r.skip().testAccuracy(), "test accuracy with skips: " + TourContext.num(r.skip().testAccuracy()));
        ctx.fact("test_accuracy_plain", r.plain().testAccuracy(), "test accuracy without skips: " + TourContext.num(r.plain().testAccuracy()));
        // a margin, so that estimation noise of a few power iterations is not read as a difference
        boolean sharper = r.plain().lambdaMax() > 1.2 * r.skip().lambdaMax();
        ctx.claim("without skip connections the landscape is sharper (top Hessian eigenvalue over 1.2× larger)", sharper,
                "λmax " + TourContext.num(r.plain().lambdaMax()) + " without vs " + TourContext.num(r.skip().lambdaMax())
                        + " with skips at depth 20; " + r.verdict());
    }

    private static boolean isMissingData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileNotFoundException) {
                return true;
            }
            if (t instanceof UncheckedIOException u && u.getCause() instanceof FileNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
