package dev.descent.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes one of each picture for Himmelblau's function (computed in plain Java) plus a report into
 * the folder given as the first argument, to look at the output by eye.
 */
public final class ReportDemo {

    private ReportDemo() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "descent-out/report-demo");
        Grid grid = SampleData.himmelblauGrid(161);
        List<Trajectory> race = SampleData.race();
        ContourPlot contour = new ContourPlot(grid).title("Himmelblau: three descents")
            .logLevels(3).quiver(14).trajectories(race).points(SampleData.himmelblauPoints());
        contour.write(out.resolve("contour.png"));
        contour.write(out.resolve("contour.svg"));
        Grid rosen = Grid.sample(SampleData::rosenbrock, -2, 2, 201, -1, 3, 201);
        new ContourPlot(rosen).title("Rosenbrock, log-spaced levels").logLevels(5).quiver(12)
            .point(new MarkedPoint("(1, 1)", 1, 1, "min")).write(out.resolve("rosenbrock.png"));

        SurfacePlot3D surface = new SurfacePlot3D(grid).title("Himmelblau in 3-D").trajectories(race)
            .gradientArrow(1.0, -3.2);
        surface.write(out.resolve("surface.png"));
        surface.write(out.resolve("surface.svg"));
        LinePlot loss = new LinePlot().title("Loss per step").labels("step", "f(x, y)").logY(true)
            .series(SampleData.lossCurves(race)).verticalLine(25, "lr change");
        loss.write(out.resolve("loss.png"));
        loss.write(out.resolve("loss.svg"));

        double[] starts = Grid.linspace(-5, 5, 61);
        CategoryMap basins = new CategoryMap(starts, starts, SampleData.basins(starts, starts, 0.01, 300),
            List.of("A (3, 2)", "B (−2.81, 3.13)", "C (−3.78, −3.28)", "D (3.58, −1.85)"))
            .title("Basins of gradient descent, lr = 0.01")
            .contours(grid, Levels.log(0, 890, 3)).points(SampleData.himmelblauPoints().subList(0, 4));
        basins.write(out.resolve("basins.png"));
        basins.write(out.resolve("basins.svg"));

        double[] lrs = SampleData.logspace(1e-3, 0.2, 14);
        double[] betas = Grid.linspace(0, 0.95, 12);
        HeatMap sweep = new HeatMap(lrs, betas, SampleData.momentumSweep(lrs, betas, 100))
            .title("Momentum sweep: loss after 100 steps").labels("learning rate", "β", "final loss")
            .logAxes(true, false).logValues(true);
        sweep.write(out.resolve("sweep.png"));
        sweep.write(out.resolve("sweep.svg"));

        BarChart bars = new BarChart(List.of("sgd", "momentum", "nesterov", "adam", "rprop"),
            new double[] {412, 61, 48, Double.NaN, 23})
            .title("Steps to reach f < 1e-6").labels("optimizer", "steps");
        bars.write(out.resolve("bars.png"));
        bars.write(out.resolve("bars.svg"));

        long t0 = System.nanoTime();
        Animation animation = Animation.race(new ContourPlot(grid).title("Race on Himmelblau").logLevels(3)
            .trajectories(race).points(SampleData.himmelblauPoints().subList(0, 4)));
        animation.writeGif(out.resolve("race.gif"));
        System.out.printf("gif in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        report(grid, race, contour, surface, loss, basins, sweep, bars, animation).write(out.resolve("index.html"));

        new HtmlReport("Interactive surface").surface3d(grid, race, "Himmelblau with three runs")
            .write(out.resolve("surface3d.html"));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** A sample report with every kind of block, also used by the browser test. */
    static HtmlReport report(Grid grid, List<Trajectory> race, Figure contour, Figure surface, Figure loss,
                             Figure basins, Figure sweep, Figure bars, Animation animation) {
        HtmlReport r = new HtmlReport("Himmelblau: a small tour <script>alert('x')</script>")
            .provenance(Provenance.now("0.1.0-SNAPSHOT", 42, "descent tour --function himmelblau --out demo",
                java.util.Map.of("lr", 0.01, "momentum", 0.9, "steps", 40)))
            .section("The landscape")
            .paragraph("Himmelblau's function has four minima of equal height, one maximum and four saddle points. "
                + "Gradient arrows point uphill, from blue valleys to red peaks. <b>not bold</b>")
            .figure(contour, "Top view with gradient arrows and three runs")
            .figure(surface, "The same runs on the surface; ∇f points uphill")
            .facts(List.of("Momentum overshoots B and circles back.", "sgd with lr=0.002 is still crawling after 40 steps."));
        if (animation != null) {
            r.animation(animation, "The race, step by step");
        }
        if (race != null) {
            r.section("Interactive").surface3d(grid, race, "Rotate the landscape");
        }
        r.section("Numbers")
            .figure(loss, "Loss per step on a log scale")
            .figureSvg(bars, "Steps to tolerance (inline SVG)")
            .figure(basins, "Which minimum gradient descent reaches from each start")
            .figure(sweep, "Momentum stability map")
            .table(List.of("optimizer", "final loss", "steps"),
                List.of(List.of("sgd", 1.234e-27, 40), List.of("momentum", 0.8731, 40), List.of("<script>", Double.NaN, 0)),
                "Final values");
        return r;
    }
}
