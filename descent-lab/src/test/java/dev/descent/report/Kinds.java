package dev.descent.report;

import java.util.List;

/**
 * One small instance of every picture kind, shared by the render and SVG tests; small sizes and
 * coarse grids keep the suite fast on two cores.
 */
final class Kinds {

    /** A figure with what its SVG must contain. */
    record Kind(String name, Figure figure, int series, List<String> legend, double minInk, double maxInk, int minColors) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Kinds() {
    }

    static List<Kind> all() {
        Grid grid = SampleData.himmelblauGrid(41);
        List<Trajectory> race = SampleData.race();
        List<String> raceNames = race.stream().map(Trajectory::name).toList();
        double[] starts = Grid.linspace(-5, 5, 21);
        double[] lrs = SampleData.logspace(1e-3, 0.2, 8);
        double[] betas = Grid.linspace(0, 0.9, 6);
        int[][] basins = SampleData.basins(starts, starts, 0.01, 150);
        basins[0][0] = CategoryMap.DIVERGED;
        basins[0][1] = CategoryMap.NOT_CONVERGED;
        CategoryMap categoryMap = new CategoryMap(starts, starts, basins, List.of("A", "B", "C", "D"))
            .title("Basins").size(420, 300).points(SampleData.himmelblauPoints().subList(0, 4));
        double[] share = categoryMap.fractions();
        List<String> basinLegend = List.of(
            "A  " + pct(share[0]), "B  " + pct(share[1]), "C  " + pct(share[2]), "D  " + pct(share[3]),
            "diverged  " + pct(share[4]), "not converged  " + pct(share[5]));
        return List.of(
            new Kind("contour", new ContourPlot(grid).title("Himmelblau").size(360, 300).logLevels(3).quiver(8)
                .trajectories(race).point(new MarkedPoint("A", 3, 2, "min")).point(new MarkedPoint("S", 0.09, 2.88, "saddle")),
                3, concat(raceNames, List.of("minimum", "saddle point")), 0.4, 0.95, 200),
            new Kind("surface", new SurfacePlot3D(grid).title("Surface").size(360, 300).mesh(24).trajectories(race)
                .gradientArrow(1, -3.2), 3, concat(raceNames, List.of("∇f: uphill", "−∇f: downhill")), 0.2, 0.8, 200),
            new Kind("line", new LinePlot().title("Loss").size(360, 240).logY(true).markers(true)
                .series(SampleData.lossCurves(race)).verticalLine(20, "2/λmax"), 3, raceNames, 0.04, 0.5, 20),
            new Kind("heatmap", new HeatMap(lrs, betas, SampleData.momentumSweep(lrs, betas, 60)).title("Sweep")
                .size(360, 260).logAxes(true, false).logValues(true).annotate(true).labels("lr", "β", "loss"),
                0, List.of("diverged"), 0.3, 0.9, 30),
            new Kind("basins", categoryMap, 0, basinLegend, 0.25, 0.9, 8),
            new Kind("bars", new BarChart(List.of("sgd", "momentum", "adam"), new double[] {120, 30, Double.NaN})
                .title("Steps").size(320, 220).labels("optimizer", "steps"), 1, List.of(), 0.04, 0.5, 8));
    }

    private static String pct(double f) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * f);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
