package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** race, lr-sweep, basins, momentum-sweep and tour: outputs, files and errors. */
class SweepCommandsTest {

    @Test
    void raceCsvJsonAndFiles(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("race", "--function", "ravine", "--start", "x=-1.6,y=0.6", "-o", "sgd:lr=0.018", "-o",
                "momentum:lr=0.01", "-o", "adam:lr=0.1:betas=0.9,0.99", "--steps", "600", "--out", dir.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("optimizer,lr,steps_to_tolerance,final_loss,final_gradient_norm,verdict", lines.get(0));
        assertTrue(lines.get(1).startsWith("sgd lr=0.018,0.018,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("momentum lr=0.01,0.01,126,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("\"adam lr=0.1 betas=0.9,0.99\",0.1,"), "a label with a comma is quoted");
        for (String f : List.of("results.csv", "results.json", "run-01-sgd.csv", "run-02-momentum.csv", "run-03-adam.csv",
                "paths.png", "steps.svg", "race.gif", "provenance.json")) {
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        }
        assertEquals(602, Files.readAllLines(dir.resolve("run-02-momentum.csv")).size());
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"command\": \"descent race --function ravine"), prov);
        assertTrue(prov.contains("\"momentum\": \"0.9\""), "all hyperparameters, defaults included: " + prov);
        assertTrue(run.err().contains("momentum lr=0.01: converged to the global minimum"), run.err());
        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(CliRun.of("race", "--function", "bowl", "--start", "x=1,y=1",
                "-o", "sgd:lr=0.1", "--json").out());
        assertEquals("bowl", json.get("function"));
        assertEquals(1, ((List<?>) json.get("runners")).size());
    }

    @Test
    void raceErrors() {
        CliRun bad = CliRun.of("race", "--function", "bowl", "--start", "x=1,y=1", "-o", "sgd:betas=0.9,0.9");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("descent: --optimizer sgd:betas=0.9,0.9: optimizer sgd does not take --betas"),
                bad.err());
        CliRun twice = CliRun.of("race", "--function", "bowl", "--start", "x=1,y=1", "-o", "sgd", "-o", "sgd");
        assertEquals(2, twice.exit());
        assertEquals("descent: --optimizer sgd is given twice (see 'descent race --help')\n", twice.err());
    }

    @Test
    void lrSweepReportsTwoOverLambdaMax(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("lr-sweep", "--function", "ravine", "--start", "x=-1.6,y=0.6", "--optimizer", "sgd",
                "--lr-min", "1e-3", "--lr-max", "0.05", "--count", "9", "--steps", "600", "--out", dir.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("lr,verdict,steps_to_tolerance,final_loss,final_gradient_norm", lines.get(0));
        assertEquals(10, lines.size());
        assertTrue(lines.get(1).startsWith("0.001,not-finished,-1,"), lines.get(1));
        assertTrue(lines.get(9).startsWith("0.05,diverged,-1,"), lines.get(9));
        assertTrue(run.err().contains("gradient descent is stable for lr < 2/λmax = 0.02"), run.err());
        assertTrue(Files.readString(dir.resolve("sweep.json")).contains("\"bound\": 0.02"));
        assertTrue(Files.size(dir.resolve("sweep.svg")) > 1000);
        CliRun withLr = CliRun.of("lr-sweep", "--function", "ravine", "--start", "x=1,y=1", "--optimizer", "sgd", "--lr",
                "0.1");
        assertEquals(2, withLr.exit());
        assertTrue(withLr.err().startsWith("descent: lr-sweep chooses the learning rates itself"), withLr.err());
    }

    @Test
    void basinsGiveTheShareOfStartsPerMinimum(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("basins", "--function", "himmelblau", "--optimizer", "sgd", "--lr", "0.01", "--grid", "12",
                "--out", dir.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("minimum,x,y,f,starts,fraction", lines.get(0));
        assertEquals(7, lines.size());
        assertTrue(lines.get(3).startsWith("2,3,2,0,"), lines.get(3));
        int total = 0;
        for (String l : lines.subList(1, 7)) {
            total += Integer.parseInt(l.split(",")[4]);
        }
        assertEquals(144, total);
        assertEquals(145, Files.readAllLines(dir.resolve("starts.csv")).size());
        assertTrue(Files.size(dir.resolve("basins.png")) > 10_000);
        assertTrue(run.err().contains("144 starts reached 4 of 4 minima"), run.err());
        CliRun expr = CliRun.of("basins", "--expr", "(x^2 - 1)^2 + y^2", "--optimizer", "sgd", "--lr", "0.05", "--grid", "6");
        assertEquals(2, expr.exit());
        assertEquals("descent: --expr needs --box X0,X1,Y0,Y1 (the region of starts) (see 'descent basins --help')\n",
                expr.err());
        CliRun oneD = CliRun.of("basins", "--function", "two-pits", "--optimizer", "sgd");
        assertEquals(2, oneD.exit());
        assertTrue(oneD.err().startsWith("descent: a basin map needs a function of two variables"), oneD.err());
    }

    @Test
    void momentumSweepAgreesWithTheBound(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("momentum-sweep", "--function", "ravine", "--start", "x=-1.6,y=0.6", "--momentum-count", "3",
                "--lr-min", "5e-3", "--lr-max", "0.08", "--lr-count", "10", "--steps", "300", "--json", "--out",
                dir.toString());
        assertEquals(0, run.exit(), run.err());
        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(run.out());
        assertEquals(100.0, json.get("lambda_max"));
        for (Object o : (List<?>) json.get("momenta")) {
            Map<?, ?> m = (Map<?, ?>) o;
            double bound = (Double) m.get("bound");
            assertTrue((Double) m.get("largest_stable_lr") <= bound && (Double) m.get("smallest_diverging_lr") >= bound, m
                    .toString());
        }
        assertEquals(31, Files.readAllLines(dir.resolve("cells.csv")).size());
        assertTrue(Files.size(dir.resolve("stability.png")) > 10_000);
        CliRun bad = CliRun.of("momentum-sweep", "--function", "ravine", "--start", "x=1,y=1", "--momentum-max", "1");
        assertEquals(2, bad.exit());
    }

    @Test
    void tourPrintsItsSummaryAndWritesThePage(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("tour", "--quick", "--only", "a-derivative,j-trinity", "--out", dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Descent tour: the study notes' claims, measured\n"), run.out());
        assertTrue(run.out().contains("f'(3.6) = -14.808"), run.out());
        assertTrue(run.out().contains("[FAILS] the derivative of x² sin x at 3.6 is 26.3 (notes)"), run.out());
        assertTrue(run.err().contains("tour: a-derivative done in"), run.err());
        assertTrue(run.err().contains("tour: wrote " + dir.resolve("index.html").toAbsolutePath().normalize()), run.err());
        assertTrue(Files.readString(dir.resolve("index.html")).contains("<h2 id=\"j-trinity\">"));
        assertEquals(run.out(), Files.readString(dir.resolve("summary.txt")));
        CliRun bad = CliRun.of("tour", "--only", "zz");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("descent: no tour section 'zz' (sections: a-derivative, b-gradient"), bad.err());
    }
}
