package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptimizeCommandTest {

    @Test
    void csvOnStdoutFollowsTheContract() {
        CliRun run = CliRun.of("optimize", "--function", "rosenbrock", "--start", "x=-1.5,y=2", "--optimizer", "adam",
                "--lr", "0.05", "--steps", "20");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("step,x,y,loss", lines.getFirst());
        assertEquals("0,-1.5,2,12.5", lines.get(1), "row 0 is the start");
        assertEquals(22, lines.size());
        RunResult r = Run.of(Objective.function("rosenbrock"), new double[] {-1.5, 2},
                OptimizerFactory.create("adam", Map.of("lr", "0.05"))).steps(20).execute();
        for (int k = 0; k <= 20; k++) {
            String[] c = lines.get(k + 1).split(",");
            assertEquals(k, Integer.parseInt(c[0]));
            assertEquals(r.coordinate(k, 0), Double.parseDouble(c[1]), 0.0);
            assertEquals(r.coordinate(k, 1), Double.parseDouble(c[2]), 0.0);
            assertEquals(r.loss(k), Double.parseDouble(c[3]), 0.0);
        }
        assertTrue(run.err().startsWith("diagnosis: still moving when the budget ran out"), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void columnsFollowTheStartOrderAndFloat32PrintsFloats() {
        CliRun run = CliRun.of("optimize", "--function", "bowl", "--start", "y=0.3,x=0.1", "--optimizer", "sgd", "--lr",
                "0.1", "--steps", "2", "--dtype", "float32");
        assertEquals(0, run.exit(), run.err());
        assertEquals("""
                step,y,x,loss
                0,0.3,0.1,0.1
                1,0.24000001,0.08,0.064
                2,0.192,0.063999996,0.04096
                """, run.out());
        for (String line : run.out().lines().skip(1).toList()) {
            for (String cell : line.split(",")) {
                float f = Float.parseFloat(cell);
                assertEquals(cell.contains(".") ? Float.toString(f) : cell, cell, "shortest float form");
            }
        }
    }

    @Test
    void lbfgsRowsAreCallsOfStepClosure() {
        CliRun run = CliRun.of("optimize", "--function", "himmelblau", "--start", "x=-1,y=0", "--optimizer", "lbfgs",
                "--line-search", "strong_wolfe", "--steps", "3");
        assertEquals(0, run.exit(), run.err());
        RunResult r = new Run(Objective.function("himmelblau"), new double[] {-1, 0},
                OptimizerFactory.create("lbfgs", Map.of("line-search", "strong_wolfe")), DType.FLOAT64, 3, 0,
                Double.POSITIVE_INFINITY).execute();
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size());
        assertEquals(r.coordinate(1, 0), Double.parseDouble(lines.get(2).split(",")[1]), 0.0);
        assertTrue(run.err().startsWith("diagnosis: converged to a global minimum (one of 4)"), run.err());
    }

    @Test
    void csvFileAndPlotAreWrittenWithTheDiagnosisOnStderr(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("run.csv");
        Path png = dir.resolve("run.png");
        CliRun run = CliRun.of("optimize", "--function", "ravine", "--start", "x=-1.5,y=0.5", "--optimizer", "sgd", "--lr",
                "0.021", "--steps", "300", "--csv", csv.toString(), "--plot", png.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out(), "stdout stays empty when the CSV goes to a file");
        assertEquals(302, Files.readAllLines(csv).size());
        assertTrue(Files.size(png) > 10_000);
        assertEquals("diagnosis: diverged: the loss grew from 13.63 to 8.561e+25 and |∇f| from 50.02 to 1.309e+14 in 300 "
                + "steps; the learning rate is too large: lr = 0.021 > 2/λmax = 0.02 (λmax = 100) for gradient descent; "
                + "stay below 0.02\n", run.err());
        CliRun svg = CliRun.of("optimize", "--function", "two-pits", "--start", "x=2", "--optimizer", "momentum", "--lr",
                "0.01", "--steps", "200", "--plot", dir.resolve("pits.svg").toString(), "--csv", "-");
        assertEquals(0, svg.exit(), svg.err());
        assertTrue(svg.out().startsWith("step,x,loss\n0,2,9.6\n"), svg.out());
        assertTrue(Files.readString(dir.resolve("pits.svg")).contains("descent optimize --function two-pits"),
                "the picture carries its command line");
    }

    @Test
    void anExpressionMayStartWithMinus() {
        CliRun run = CliRun.of("optimize", "--expr", "-x^2 + y^2", "--start", "x=0.5,y=1", "--optimizer", "sgd", "--lr",
                "0.1", "--steps", "1", "--maximize=false");
        assertEquals(0, run.exit(), run.err());
        RunResult r = Run.of(Objective.parse("-x^2 + y^2", List.of("x", "y")), new double[] {0.5, 1},
                OptimizerFactory.create("sgd", Map.of("lr", "0.1"))).steps(1).execute();
        assertEquals(dev.descent.landscape.run.RunCsv.format(r), run.out());
        assertTrue(run.out().startsWith("step,x,y,loss\n0,0.5,1,0.75\n1,0.6,0.8,"), run.out());
    }

    /** Mistakes: one line on stderr, nothing on stdout; 2 for usage errors (every argument is checked before running). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--function rosenbrock --start x=-1.5,y=2 --optimizer adam --momentum 0.9 | descent: optimizer adam does not take "
                + "--momentum; adam accepts --lr --betas --eps --weight-decay --amsgrad --maximize --decoupled-weight-decay "
                + "(--momentum is for sgd, momentum, nesterov, rmsprop) (see 'descent optimize --help')",
        "--function rosenbrock --start x=-1.5,y=2 --optimizer adamm | descent: unknown optimizer 'adamm' (did you mean "
                + "adam?); known: sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw, adamax, nadam, radam, "
                + "asgd, rprop, lbfgs, lion (see 'descent optimize --help')",
        "--function bowl --start x=1,y=1 --optimizer sgd --lr -1 | descent: Invalid learning rate: -1.0 (must be >= 0) "
                + "(see 'descent optimize --help')",
        "--function bowl --start x=1,y=1 --optimizer sgd --betas 0.9 | descent: optimizer sgd does not take --betas; sgd "
                + "accepts --lr --momentum --dampening --nesterov --weight-decay --maximize (--betas is for adam, adamw, "
                + "adamax, nadam, radam, lion) (see 'descent optimize --help')",
        "--function himmelblau --start x=1 --optimizer sgd | descent: no start value for y: function himmelblau has "
                + "variables x, y (--start gives x) (see 'descent optimize --help')",
        "--function sphere --start x=1 --optimizer sgd | descent: unknown function 'sphere' (known: x2sinx, bowl, ravine, "
                + "rosenbrock, beale, himmelblau, saddle, monkey-saddle, rastrigin, ackley, styblinski-tang, "
                + "six-hump-camel, goldstein-price, two-pits, two-basins) (see 'descent optimize --help')",
        "--expr sin(x)) --start x=1 --optimizer sgd | descent: unexpected ')' at column 7 (see 'descent optimize --help')",
        "--expr x+z --start x=1 --optimizer sgd | descent: no start value for z: the expression uses x, z (--start gives x) "
                + "(see 'descent optimize --help')",
        "--function bowl --start x=1,y=1 --optimizer sgd --dtype float16 | descent: --dtype must be float32 or float64, "
                + "got 'float16' (see 'descent optimize --help')",
        "--function bowl --start x=1,y=1 --optimizer sgd --plot out.jpg | descent: --plot takes a .png or .svg file, got "
                + "'out.jpg' (see 'descent optimize --help')",
        "--function bowl --expr x --start x=1 --optimizer sgd | descent: Error: --expr=EXPR, --function=NAME are mutually "
                + "exclusive (specify only one) (see 'descent optimize --help')",
        "--function bowl --optimizer sgd | descent: Missing required option: '--start=NAME=VALUE[,NAME=VALUE...]' (see "
                + "'descent optimize --help')",
    })
    void mistakesGiveOneLineAndExitCodeTwo(String args, String message) {
        CliRun run = CliRun.of(("optimize " + args).split(" "));
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals(message + "\n", run.err());
    }

    @Test
    void aWriteFailureIsExitCodeOne(@TempDir Path dir) throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        CliRun run = CliRun.of("optimize", "--function", "bowl", "--start", "x=1,y=1", "--optimizer", "sgd", "--csv",
                blocker.resolve("sub/run.csv").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("descent: could not write "), run.err());
        assertFalse(run.err().contains("\tat "));
    }

    @Test
    void helpListsTheContract() {
        CliRun run = CliRun.of("optimize", "--help");
        assertEquals(0, run.exit());
        for (String flag : OptimizerFactory.FLAGS) {
            assertTrue(run.out().contains("--" + flag), flag);
        }
        assertTrue(run.out().contains("--csv=FILE|-"));
    }
}
