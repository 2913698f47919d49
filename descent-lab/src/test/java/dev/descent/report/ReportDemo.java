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

        System.out.println("wrote " + out.toAbsolutePath());
    }
}
