package dev.descent.landscape.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.analysis.Derivatives;
import dev.descent.landscape.functions.FunctionLibrary;
import dev.descent.landscape.sweep.BasinMap;
import dev.descent.landscape.sweep.MomentumSweep;
import dev.descent.optim.Momentum;
import dev.descent.optim.SGD;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The study notes' claims as checks that can fail, each with the same Optimizer and Algorithm
 * objects that train networks.
 */
class NotesClaimsTest {

    /** Example 1: the notes say 26.3; it is −14.808, so gradient descent steps right (downhill). */
    @Test
    void derivativeOfXSquaredSinXAtThreePointSixIsMinusFourteenPointEight() {
        Derivatives d = Derivatives.at(FunctionLibrary.x2sinx(), 3.6);
        double x = 3.6;
        assertEquals(2 * x * Math.sin(x) + x * x * Math.cos(x), d.gradient()[0], 1e-13);
        assertEquals(-14.808, d.gradient()[0], 5e-4);
        assertTrue(Math.abs(d.gradient()[0] - 26.3) > 40, "the notes' 26.3 is wrong");
        RunResult r = Run.of(Objective.function("x2sinx"), new double[] {3.6}, SGD.withLr(0.01)).steps(1).execute();
        assertTrue(r.coordinate(1, 0) > 3.6 && r.loss(1) < r.loss(0), "one step goes right and down");
    }

    static Stream<Arguments> bowlStarts() {
        SplittableRandom rnd = new SplittableRandom(11);
        return IntStream.range(0, 12).mapToObj(i -> Arguments.of(rnd.nextDouble(-2, 2), rnd.nextDouble(-2, 2),
                rnd.nextDouble(0.01, 0.99)));
    }

    /** Example 2: θ ← θ − α(2θ1, 2θ2) from any start reaches (0, 0), contracting by 1 − 2α per step. */
    @ParameterizedTest(name = "from ({0}, {1}) with lr {2}")
    @MethodSource("bowlStarts")
    void gdOnBowlConvergesToOrigin(double x, double y, double lr) {
        RunResult r = Run.of(Objective.function("bowl"), new double[] {x, y}, SGD.withLr(lr)).steps(2000).execute();
        assertTrue(Math.hypot(r.last()[0], r.last()[1]) < 1e-8, "ends at the origin");
        assertEquals(Diagnosis.Verdict.CONVERGED, Diagnosis.of(r).verdict());
        double[] g = r.gradient(0);
        assertEquals(2 * x, g[0], 0);
        assertEquals(2 * y, g[1], 0);
        assertEquals(x - lr * 2 * x, r.coordinate(1, 0), 1e-15);
        assertEquals(Math.abs(1 - 2 * lr), Math.hypot(r.coordinate(2, 0), r.coordinate(2, 1))
                / Math.hypot(r.coordinate(1, 0), r.coordinate(1, 1)), 1e-12);
    }

    /**
     * The ravine ½(x² + κy²), κ = 100: with its best constant lr, GD's error shrinks by (κ−1)/(κ+1)
     * per step while its y coordinate flips sign every step (zig-zag); heavy ball with the optimal
     * (α, β) shrinks it by (√κ−1)/(√κ+1). Measured from the runs over a long window.
     */
    @Test
    void sgdZigZagsAcrossRavineWhileMomentumConvergesFaster() {
        double kappa = 100;
        Objective f = Objective.function("ravine");
        double[] start = {-1.6, 0.6};
        RunResult gd = Run.of(f, start, SGD.withLr(Stability.optimalGdLr(1, kappa))).steps(400).execute();
        RunResult hb = Run.of(f, start, Momentum.of(Stability.optimalHeavyBallLr(1, kappa),
                Stability.optimalHeavyBallMomentum(kappa))).steps(400).execute();
        double gdRate = rate(gd, 50, 350);
        double hbRate = rate(hb, 50, 150);
        assertEquals(Stability.optimalGdRate(kappa), gdRate, 1e-3, "GD: (κ−1)/(κ+1) = 0.9802");
        assertEquals(Stability.optimalHeavyBallRate(kappa), hbRate, 0.02, "heavy ball: (√κ−1)/(√κ+1) = 0.8182");
        int flips = 0;
        for (int k = 1; k <= 50; k++) {
            if (Math.signum(gd.coordinate(k, 1)) != Math.signum(gd.coordinate(k - 1, 1))) {
                flips++;
            }
        }
        assertEquals(50, flips, "GD's y flips sign at every step: it zig-zags across the ravine");
        int gdSteps = gd.settledWithin(new double[] {0, 0}, 1e-6);
        int hbSteps = hb.settledWithin(new double[] {0, 0}, 1e-6);
        assertTrue(hbSteps > 0 && (gdSteps < 0 || hbSteps * 3 < gdSteps), "momentum is several times faster: " + hbSteps
                + " vs " + gdSteps);
    }

    private static double rate(RunResult r, int a, int b) {
        return Math.pow(Math.hypot(r.coordinate(b, 0), r.coordinate(b, 1)) / Math.hypot(r.coordinate(a, 0),
                r.coordinate(a, 1)), 1.0 / (b - a));
    }

    /** Saddle points trap gradient descent: near x² − y²'s saddle |∇f| collapses and the steps crawl. */
    @Test
    void saddleStallsGradientDescent() {
        Objective f = Objective.function("saddle");
        RunResult r = Run.of(f, new double[] {1.5, 1e-6}, SGD.withLr(0.1)).steps(80).execute();
        int slowest = 0;
        for (int k = 0; k < r.rows(); k++) {
            if (r.gradientNorm(k) < r.gradientNorm(slowest)) {
                slowest = k;
            }
        }
        assertTrue(r.gradientNorm(slowest) < 1e-3 * r.gradientNorm(0), "|∇f| collapses near the saddle");
        assertTrue(r.stepLength(slowest) < 1e-3 * r.stepLength(1), "the steps crawl");
        RunResult stalled = Run.of(f, new double[] {1.5, 1e-6}, SGD.withLr(0.1)).steps(slowest).execute();
        Diagnosis d = Diagnosis.of(stalled);
        assertEquals(Diagnosis.Verdict.SADDLE, d.verdict(), d.message());
        assertTrue(Math.abs(r.last()[1]) > 1, "and it escapes along y in the end");
        assertEquals(PointType.SADDLE, f.derivatives(0, 0).classify().type());
    }

    /** Just above 2/λmax gradient descent diverges, just below it converges; for several curvatures. */
    @ParameterizedTest(name = "kappa {0}")
    @ValueSource(doubles = {4, 10, 100, 1000})
    void learningRateJustAboveTwoOverLambdaMaxDiverges(double kappa) {
        Objective f = Objective.function("ravine:kappa=" + kappa);
        double lam = Stability.largestEigenvalue(f.derivatives(0.3, -0.2).hessian(), false);
        assertEquals(kappa, lam, 1e-9 * kappa);
        double bound = 2 / lam;
        double[] start = {-1.5, 0.5};
        int steps = (int) Math.max(3000, 30 * kappa);
        Diagnosis above = Diagnosis.of(Run.of(f, start, SGD.withLr(1.02 * bound)).steps(steps).execute());
        Diagnosis below = Diagnosis.of(Run.of(f, start, SGD.withLr(0.98 * bound)).steps(steps).execute());
        assertEquals(Diagnosis.Verdict.DIVERGED, above.verdict(), above.message());
        assertTrue(below.converged(), below.message());
        assertEquals(bound, above.bound().orElseThrow().bound(), 1e-12 * bound);
    }

    /** Heavy ball's edge sits at (2+2β)/λmax: just below converges, just above diverges. */
    @ParameterizedTest(name = "beta {0}")
    @ValueSource(doubles = {0.3, 0.6, 0.9})
    void heavyBallIsStableUpToTwoPlusTwoBetaOverLambdaMax(double beta) {
        Objective f = Objective.function("ravine");
        double bound = Stability.heavyBall(100, beta);
        Diagnosis above = Diagnosis.of(Run.of(f, new double[] {-1.5, 0.5}, Momentum.of(1.03 * bound, beta)).steps(3000)
                .execute());
        Diagnosis below = Diagnosis.of(Run.of(f, new double[] {-1.5, 0.5}, Momentum.of(0.97 * bound, beta)).steps(3000)
                .execute());
        assertEquals(Diagnosis.Verdict.DIVERGED, above.verdict(), above.message());
        assertTrue(below.converged(), below.message());
    }

    /** Himmelblau: where you start decides which of the four minima you reach. */
    @ParameterizedTest(name = "from ({0}, {1}) to ({2}, {3})")
    @CsvSource({"1, 1, 3, 2", "-1, 1, -2.805118086952745, 3.131312518250573",
        "-1, -1, -3.779310253377747, -3.283185991286169", "1, -1, 3.5844283403304917, -1.8481265269644036"})
    void differentStartsReachDifferentMinima(double x, double y, double mx, double my) {
        RunResult r = Run.of(Objective.function("himmelblau"), new double[] {x, y}, SGD.withLr(0.01)).steps(1000).execute();
        assertEquals(mx, r.last()[0], 1e-9);
        assertEquals(my, r.last()[1], 1e-9);
    }

    @Test
    void aGridOfStartsReachesAllFourHimmelblauMinima() {
        BasinMap.Result m = new BasinMap(Objective.function("himmelblau"), SGD.withLr(0.01)).grid(12, 12).steps(800).run();
        assertEquals(4, m.reached());
        assertEquals(0, m.divergedFraction());
        for (double share : m.fractions()) {
            assertTrue(share > 0.15 && share < 0.35, "each basin holds about a quarter: " + share);
        }
    }

    /**
     * Momentum rolls through the shallow pit into the deep one, in 1-D (two-pits) and 2-D
     * (two-basins), where plain gradient descent with the same lr stops in the shallow one.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"two-pits", "two-basins"})
    void momentumCrossesShallowPitIntoDeeperOne(String name) {
        Objective f = Objective.function(name);
        var demo = f.function().orElseThrow().demo().orElseThrow();
        Diagnosis gd = Diagnosis.of(Run.of(f, demo.start(), SGD.withLr(demo.lr())).steps(demo.steps()).execute());
        Diagnosis mom = Diagnosis.of(Run.of(f, demo.start(), Momentum.of(demo.lr(), demo.momentum())).steps(demo.steps())
                .execute());
        CriticalPoint global = f.globalMinimum().orElseThrow();
        assertEquals(Diagnosis.Verdict.LOCAL_MINIMUM, gd.verdict(), gd.message());
        assertEquals(Diagnosis.Verdict.CONVERGED, mom.verdict(), mom.message());
        assertEquals(global.value(), mom.loss(), 1e-9);
        assertTrue(gd.loss() > global.value() + 0.5, "GD's pit is shallower");
    }

    @Test
    void withMomentumMoreStartsReachTheDeepBasin() {
        Objective f = Objective.function("two-basins");
        BasinMap.Result gd = new BasinMap(f, SGD.withLr(0.1)).grid(16, 16).steps(600).run();
        BasinMap.Result mom = new BasinMap(f, Momentum.withLr(0.1)).grid(16, 16).steps(600).run();
        assertTrue(mom.fractions()[0] > gd.fractions()[0] + 0.05, mom.fractions()[0] + " vs " + gd.fractions()[0]);
    }

    /** Convex versus rugged: from random starts GD always ends at the bowl's minimum, on Rastrigin in different pits. */
    @Test
    void convexBowlVersusRuggedRastrigin() {
        SplittableRandom rnd = new SplittableRandom(3);
        Set<String> rastriginEnds = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            double[] s = {rnd.nextDouble(-4, 4), rnd.nextDouble(-4, 4)};
            RunResult b = Run.of(Objective.function("bowl"), s, SGD.withLr(0.1)).steps(300).execute();
            assertTrue(Math.hypot(b.last()[0], b.last()[1]) < 1e-9);
            RunResult r = Run.of(Objective.function("rastrigin"), s, SGD.withLr(0.002)).steps(800).execute();
            rastriginEnds.add(Math.round(r.last()[0]) + "," + Math.round(r.last()[1]));
        }
        assertTrue(rastriginEnds.size() >= 5, "GD stops in many different local minima: " + rastriginEnds);
    }

    @Test
    void momentumSweepEdgeMatchesTheory() {
        MomentumSweep.Result r = new MomentumSweep(Objective.function("ravine"), new double[] {-1.6, 0.6})
                .momenta(0, 0.5, 0.9).range(5e-3, 0.08, 24).steps(300).run();
        double[] bound = r.theoreticalBound();
        double[] stable = r.largestStable();
        double[] div = r.smallestDiverging();
        for (int i = 0; i < bound.length; i++) {
            assertTrue(stable[i] <= bound[i] && div[i] >= bound[i], "β " + r.betas()[i] + ": stable up to " + stable[i]
                    + ", diverging from " + div[i] + ", theory " + bound[i]);
        }
        assertEquals(0.038, bound[2], 1e-15);
    }
}
