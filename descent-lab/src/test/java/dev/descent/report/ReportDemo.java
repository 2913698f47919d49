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
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
