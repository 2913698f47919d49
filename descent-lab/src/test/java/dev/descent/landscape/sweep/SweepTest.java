package dev.descent.landscape.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.Box;
import dev.descent.landscape.run.Diagnosis;
import dev.descent.landscape.run.Objective;
import dev.descent.landscape.run.Run;
import dev.descent.landscape.run.RunResult;
import dev.descent.optim.Adam;
import dev.descent.optim.LBFGS;
import dev.descent.optim.Momentum;
import dev.descent.optim.SGD;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SweepTest {

    private static <T> T withThreads(int n, java.util.function.Supplier<T> s) {
        int old = Parallel.threads();
        Parallel.setThreads(n);
        try {
            return s.get();
        } finally {
            Parallel.setThreads(old);
        }
    }

    @Test
    void parallelMapKeepsOrderAndRethrows() {
        List<Integer> in = IntStream.range(0, 200).boxed().toList();
        assertEquals(in.stream().map(i -> i * i).toList(), withThreads(3, () -> Parallel.map(in, i -> i * i)));
        var e = assertThrows(IllegalStateException.class, () -> withThreads(2, () -> Parallel.map(in, i -> {
            if (i == 77) {
                throw new IllegalStateException("boom " + i);
            }
            return i;
        })));
        assertEquals("boom 77", e.getMessage());
    }

    @Test
    void raceIsOrderedAndDeterministic() {
        Race race = new Race(Objective.function("ravine"), new double[] {-1.6, 0.6}).add("SGD", SGD.withLr(0.018))
                .add("Momentum", Momentum.withLr(0.01)).add("Adam", Adam.withLr(0.1)).steps(600);
        Race.Result one = withThreads(1, race::run);
        Race.Result two = withThreads(2, race::run);
        assertEquals(List.of("SGD", "Momentum", "Adam"), one.entries().stream().map(Race.Entry::label).toList());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(one.entries().get(i).result().losses(), two.entries().get(i).result().losses(), 0.0);
            assertEquals(one.entries().get(i).stepsToTolerance(), two.entries().get(i).stepsToTolerance());
        }
        Race.Entry sgd = one.entries().get(0);
        Race.Entry mom = one.entries().get(1);
        assertTrue(mom.stepsToTolerance() > 0 && mom.stepsToTolerance() < sgd.stepsToTolerance());
        // steps to tolerance: from there on, within 1e-3 of the minimum
        int k = mom.stepsToTolerance();
        assertTrue(RunResult.distance(mom.result().point(k), new double[] {0, 0}) <= 1e-3);
        assertTrue(RunResult.distance(mom.result().point(k - 1), new double[] {0, 0}) > 1e-3);
    }

    @Test
    void lrSweepMarksTwoOverLambdaMax() {
        LrSweep.Result r = new LrSweep(Objective.function("ravine"), new double[] {-1.6, 0.6}, SGD.defaults())
                .range(1e-3, 0.05, 17).steps(600).run();
        assertEquals(100, r.lambdaMaxAtMinimum(), 1e-9);
        assertEquals(0.02, r.bound().orElseThrow().bound(), 1e-15);
        assertTrue(r.largestConverging() < 0.02 && r.smallestDiverging() > 0.02, r.largestConverging() + " "
                + r.smallestDiverging());
        for (LrSweep.Point p : r.points()) {
            if (p.lr() > 0.02) {
                assertEquals(Diagnosis.Verdict.DIVERGED, p.diagnosis().verdict(), "lr " + p.lr());
            }
        }
        assertEquals(0.001, r.lrs()[0], 0);
        assertEquals(0.05, r.lrs()[16], 0);
    }

    /** The batched basin map labels every start as its own single run does. */
    @Test
    void basinMapAgreesWithSingleRuns() {
        Objective f = Objective.function("himmelblau");
        BasinMap.Result m = withThreads(2, () -> new BasinMap(f, SGD.withLr(0.01)).grid(7, 6).steps(600).run());
        assertEquals(42, m.starts());
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < 7; i++) {
                RunResult r = Run.of(f, new double[] {m.x()[i], m.y()[j]}, SGD.withLr(0.01)).steps(600).execute();
                int c = m.category()[j][i];
                assertTrue(c >= 0);
                assertTrue(RunResult.distance(r.last(), m.minima().get(c).location()) < 1e-3, "start " + i + "," + j);
            }
        }
        BasinMap.Result again = withThreads(1, () -> new BasinMap(f, SGD.withLr(0.01)).grid(7, 6).steps(600).run());
        assertTrue(java.util.Arrays.deepEquals(m.category(), again.category()));
    }

    @Test
    void basinMapCountsDivergedAndHandlesLbfgs() {
        Objective f = Objective.function("himmelblau");
        BasinMap.Result big = new BasinMap(f, SGD.withLr(0.05)).grid(6, 6).steps(300).run();
        assertTrue(big.divergedFraction() > 0, "lr 0.05 is too large on the steep rim");
        BasinMap.Result lb = new BasinMap(f, LBFGS.defaults().strongWolfe()).grid(4, 4).steps(5).run();
        assertEquals(1.0, java.util.Arrays.stream(lb.fractions()).sum() + lb.divergedFraction() + lb.notConvergedFraction(),
                1e-12);
        BasinMap.Result expr = new BasinMap(Objective.parse("(x^2 - 1)^2 + y^2", List.of("x", "y")), SGD.withLr(0.05))
                .box(Box.of(-2, 2, -1, 1)).grid(8, 4).steps(500).run();
        assertEquals(2, expr.minima().size(), "minima found from the runs themselves");
        assertEquals(0.5, expr.fractions()[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new BasinMap(Objective.function("two-pits"), SGD.defaults()));
    }
}
