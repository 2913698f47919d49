package dev.descent.landscape.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.optim.Adam;
import dev.descent.optim.Algorithm;
import dev.descent.optim.LBFGS;
import dev.descent.optim.Optimizer;
import dev.descent.optim.SGD;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs, and the CSV contract of {@code descent optimize}. */
class RunTest {

    static Stream<Arguments> seededRuns() {
        SplittableRandom rnd = new SplittableRandom(20261129);
        List<String> names = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
                "adamax", "nadam", "radam", "asgd", "rprop", "lbfgs", "lion");
        return Stream.of(DType.FLOAT64, DType.FLOAT32).flatMap(t -> names.stream().map(n -> Arguments.of(n, t,
                rnd.nextDouble(-2, 2), rnd.nextDouble(-1, 3))));
    }

    /**
     * Row k of the CSV is the point after k calls of step() of an Optimizer built exactly as a user
     * would: the run re-implements nothing. For L-BFGS, k calls of step(closure).
     */
    @ParameterizedTest(name = "{0} {1} from ({2}, {3})")
    @MethodSource("seededRuns")
    void rowKIsThePointAfterKStepsOfTheSameOptimizer(String name, DType t, double x0, double y0) {
        Objective f = Objective.function("rosenbrock");
        Algorithm a = OptimizerFactory.create(name, name.equals("lbfgs") ? java.util.Map.of() : java.util.Map.of("lr", "1e-4"));
        int steps = 6;
        RunResult r = new Run(f, new double[] {x0, y0}, a, t, steps, 0, Double.POSITIVE_INFINITY).execute();
        assertEquals(steps + 1, r.rows());
        // the reference: a hand-written training loop
        Tensor x = Tensor.scalar(t, x0).requiresGrad_(true);
        Tensor y = Tensor.scalar(t, y0).requiresGrad_(true);
        Optimizer opt = new Optimizer(java.util.Map.of("x", x, "y", y), a);
        for (int k = 0; k <= steps; k++) {
            assertEquals(x.item(), r.coordinate(k, 0), 0.0, "x at row " + k);
            assertEquals(y.item(), r.coordinate(k, 1), 0.0, "y at row " + k);
            assertEquals(f.value(x, y).item(), r.loss(k), 0.0, "loss at row " + k);
            if (k == steps) {
                break;
            }
            if (a.needsClosure()) {
                opt.step(() -> {
                    opt.zeroGrad();
                    Tensor l = f.value(x, y);
                    l.backward();
                    return l;
                });
            } else {
                opt.zeroGrad();
                f.value(x, y).backward();
                opt.step();
            }
        }
    }

    /** The header, the start as row 0, and every number reading back exactly, in float32 and float64. */
    @ParameterizedTest(name = "{0} {1} from ({2}, {3})")
    @MethodSource("seededRuns")
    void csvReadsBackExactly(String name, DType t, double x0, double y0) {
        Objective f = Objective.of(dev.descent.landscape.functions.FunctionLibrary.himmelblau(), List.of("y", "x"));
        Algorithm a = OptimizerFactory.create(name, java.util.Map.of());
        RunResult r = new Run(f, new double[] {y0, x0}, a, t, 5, 0, Double.POSITIVE_INFINITY).execute();
        String csv = RunCsv.format(r);
        List<String> lines = csv.lines().toList();
        assertEquals("step,y,x,loss", lines.getFirst(), "columns in --start order");
        assertEquals(r.rows() + 1, lines.size());
        assertFalse(csv.contains("#"), "no comment lines");
        assertTrue(csv.endsWith("\n"));
        for (int k = 0; k < r.rows(); k++) {
            String[] cells = lines.get(k + 1).split(",");
            assertEquals(4, cells.length);
            assertEquals(Integer.toString(k), cells[0]);
            double[] expected = {r.coordinate(k, 0), r.coordinate(k, 1), r.loss(k)};
            for (int c = 0; c < 3; c++) {
                double back = t == DType.FLOAT32 ? Float.parseFloat(cells[c + 1]) : Double.parseDouble(cells[c + 1]);
                assertEquals(expected[c], back, 0.0, "row " + k + " column " + c + ": " + cells[c + 1]);
                if (t == DType.FLOAT32) {
                    // shortest form for the float, not the double's long expansion
                    assertTrue(cells[c + 1].length() <= 16, cells[c + 1]);
                }
            }
        }
        // row 0 is the start, exactly (as the float32 rounding of it in float32)
        double ys = t == DType.FLOAT32 ? (float) y0 : y0;
        String cell = lines.get(1).split(",")[1];
        assertEquals(ys, t == DType.FLOAT32 ? Float.parseFloat(cell) : Double.parseDouble(cell), 0.0);
    }

    @Test
    void csvNumbersAreShortest() {
        assertEquals("0.1", RunCsv.number((float) 0.1, DType.FLOAT32));
        assertEquals("0.1", RunCsv.number(0.1, DType.FLOAT64));
        assertEquals("2", RunCsv.number(2, DType.FLOAT64));
        assertEquals("-0", RunCsv.number(-0.0, DType.FLOAT64));
        assertEquals("NaN", RunCsv.number(Double.NaN, DType.FLOAT64));
        assertEquals("-Infinity", RunCsv.number(Double.NEGATIVE_INFINITY, DType.FLOAT32));
        assertEquals("1.0E-10", RunCsv.number(1e-10, DType.FLOAT64));
    }

    @Test
    void aBlowUpIsRecordedUpToItsFirstNonFiniteRow() {
        RunResult r = Run.of(Objective.function("ravine"), new double[] {-1.5, 0.5}, SGD.withLr(0.05)).steps(5000).execute();
        assertEquals(RunResult.Stop.NON_FINITE, r.stop());
        assertTrue(r.steps() < 5000);
        assertFalse(r.finite(r.rows() - 1));
        for (int k = 0; k < r.rows() - 1; k++) {
            assertTrue(r.finite(k), "row " + k);
        }
        assertEquals(r.rows() - 2, r.lastFiniteRow());
    }

    @Test
    void stepLengthsAndGradientsAreRecorded() {
        RunResult r = Run.of(Objective.function("bowl"), new double[] {1, -2}, SGD.withLr(0.1)).steps(3).execute();
        assertEquals(0, r.stepLength(0));
        // θ1 = 0.8 θ0: step = 0.2 |θ0|
        assertEquals(0.2 * Math.hypot(1, 2), r.stepLength(1), 1e-15);
        assertArrayEquals(new double[] {2, -4}, r.gradient(0), 0);
        assertEquals(Math.hypot(2, 4), r.gradientNorm(0), 1e-15);
    }

    @Test
    void lbfgsCountsEvaluations() {
        RunResult r = Run.of(Objective.function("rosenbrock"), new double[] {-1.5, 2}, LBFGS.defaults().strongWolfe())
                .steps(3).execute();
        assertTrue(r.evaluations(3) > 3 * 2, "a step of L-BFGS evaluates the function many times");
        assertTrue(r.loss(3) < r.loss(0));
    }

    @Test
    void earlyStopsAndErrors() {
        Objective bowl = Objective.function("bowl");
        RunResult r = Run.of(bowl, new double[] {1, 1}, SGD.withLr(0.1)).steps(1000).stopWhenGradientBelow(1e-6).execute();
        assertEquals(RunResult.Stop.TOLERANCE, r.stop());
        assertTrue(r.gradientNorm(r.rows() - 1) <= 1e-6);
        RunResult e = Run.of(bowl, new double[] {1, 1}, SGD.withLr(1.5)).steps(1000).stopWhenFartherThan(100).execute();
        assertEquals(RunResult.Stop.ESCAPED, e.stop());
        assertThrows(IllegalArgumentException.class, () -> Run.of(bowl, new double[] {1}, Adam.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Run.of(bowl, new double[] {1, Double.NaN}, Adam.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Objective.parse("x + z", List.of("x", "y")));
        assertThrows(IllegalArgumentException.class,
                () -> Objective.of(dev.descent.landscape.functions.FunctionLibrary.bowl(), List.of("x", "y", "z")));
    }

    /** An expression with a coordinate it does not use: that coordinate keeps its start (no gradient). */
    @Test
    void unusedCoordinatesStayPut() {
        RunResult r = Run.of(Objective.parse("x^2", List.of("x", "w")), new double[] {1, 5}, Adam.withLr(0.1)).steps(10)
                .execute();
        assertEquals(5, r.coordinate(10, 1));
        assertTrue(r.coordinate(10, 0) < 1);
    }

    /** Batched runs (one module, a vector per coordinate) equal the single runs bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void batchEqualsSingleRuns(String name) {
        Objective f = Objective.function("himmelblau");
        SplittableRandom rnd = new SplittableRandom(7);
        double[][] starts = new double[5][];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = new double[] {rnd.nextDouble(-5, 5), rnd.nextDouble(-5, 5)};
        }
        Algorithm a = OptimizerFactory.create(name, java.util.Map.of());
        BatchRun.Result b = new BatchRun(f, starts, a, DType.FLOAT64, 25, 0, Double.POSITIVE_INFINITY).execute();
        for (int i = 0; i < starts.length; i++) {
            RunResult r = new Run(f, starts[i], a, DType.FLOAT64, 25, 0, Double.POSITIVE_INFINITY).execute();
            assertArrayEquals(r.last(), b.points()[i], 0.0, name + " start " + i);
            assertEquals(r.lastLoss(), b.losses()[i], 0.0);
        }
    }

    static Stream<String> elementwise() {
        return OptimizerFactory.NAMES.stream().filter(n -> !n.equals("lbfgs"));
    }
}
