package dev.descent.landscape.run;

import static dev.descent.landscape.run.Diagnosis.Verdict.CONVERGED;
import static dev.descent.landscape.run.Diagnosis.Verdict.DIVERGED;
import static dev.descent.landscape.run.Diagnosis.Verdict.LOCAL_MINIMUM;
import static dev.descent.landscape.run.Diagnosis.Verdict.NOT_FINISHED;
import static dev.descent.landscape.run.Diagnosis.Verdict.OSCILLATING;
import static dev.descent.landscape.run.Diagnosis.Verdict.SADDLE;
import static dev.descent.landscape.run.Diagnosis.Verdict.UNBOUNDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.PointType;
import dev.descent.optim.Adam;
import dev.descent.optim.Algorithm;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.SGD;
import org.junit.jupiter.api.Test;

class DiagnosisTest {

    private static Diagnosis run(String function, double[] start, Algorithm a, int steps) {
        return Diagnosis.of(Run.of(Objective.function(function), start, a).steps(steps).execute());
    }

    @Test
    void divergedSaysTheLearningRateIsTooLargeWithTwoOverLambdaMax() {
        Diagnosis d = run("ravine", new double[] {-1.5, 0.5}, SGD.withLr(0.021), 300);
        assertEquals(DIVERGED, d.verdict());
        assertTrue(d.message().contains("the learning rate is too large: lr = 0.021 > 2/λmax = 0.02 (λmax = 100)"),
                d.message());
        assertEquals(0.02, d.bound().orElseThrow().bound(), 1e-15);
        // run long enough to overflow: still diverged, from a non-finite value
        Diagnosis inf = run("ravine", new double[] {-1.5, 0.5}, SGD.withLr(0.03), 5000);
        assertEquals(DIVERGED, inf.verdict());
        assertTrue(inf.message().contains("non-finite") || inf.message().contains("became"), inf.message());
    }

    @Test
    void heavyBallDivergenceQuotesTwoPlusTwoBetaOverLambdaMax() {
        Diagnosis d = run("ravine", new double[] {-1.5, 0.5}, Momentum.withLr(0.0395), 400);
        assertEquals(DIVERGED, d.verdict());
        assertTrue(d.message().contains("(2+2β)/λmax = 0.038 (β = 0.9, λmax = 100)"), d.message());
        Diagnosis n = run("ravine", new double[] {-1.5, 0.5}, Nesterov.withLr(0.03), 400);
        assertEquals(DIVERGED, n.verdict());
        assertTrue(n.message().contains("(2+2β)/((1+2β)λmax)"), n.message());
    }

    @Test
    void oscillatingAcrossARavine() {
        Diagnosis d = run("ravine:kappa=10", new double[] {-1.8, 0.8}, SGD.withLr(0.19), 40);
        assertEquals(OSCILLATING, d.verdict());
        assertTrue(d.message().contains("reversed direction in 20 of the last 20 steps"), d.message());
        assertTrue(d.message().contains("lr·λmax = 1.9 > 1"), d.message());
    }

    @Test
    void stalledNearASaddle() {
        Diagnosis d = run("saddle", new double[] {1.5, 1e-4}, SGD.withLr(0.1), 24);
        assertEquals(SADDLE, d.verdict());
        assertTrue(d.message().startsWith("stalled near a saddle"), d.message());
        assertEquals(PointType.SADDLE, d.nearest().orElseThrow().type());
        assertTrue(d.eigenvalues()[0] < 0);
    }

    @Test
    void convergedOntoASaddleFromTheStableManifold() {
        Diagnosis d = run("saddle", new double[] {1.5, 0}, SGD.withLr(0.1), 200);
        assertEquals(SADDLE, d.verdict());
        assertTrue(d.message().startsWith("converged onto a saddle point"), d.message());
    }

    @Test
    void stoppedInALocalButNotGlobalMinimum() {
        Diagnosis d = run("two-pits", new double[] {2}, SGD.withLr(0.01), 500);
        assertEquals(LOCAL_MINIMUM, d.verdict());
        assertEquals(0.9601495555191055, d.nearest().orElseThrow().coordinate(0), 0);
        assertTrue(d.message().contains("the global minimum is f = -0.3054 at x = -1.036"), d.message());
    }

    @Test
    void convergedNamesTheKnownMinimum() {
        Diagnosis d = run("himmelblau", new double[] {1, 1}, Adam.withLr(0.05), 2000);
        assertEquals(CONVERGED, d.verdict());
        assertTrue(d.converged());
        assertTrue(d.message().startsWith("converged to a global minimum (one of 4): minimum at (x, y) = (3, 2)"),
                d.message());
        Diagnosis e = Diagnosis.of(Run.of(Objective.parse("(x - 1)^2 + 2*(y + 3)^2", java.util.List.of("x", "y")),
                new double[] {0, 0}, SGD.withLr(0.1)).steps(200).execute());
        assertEquals(CONVERGED, e.verdict());
        assertTrue(e.message().contains("whether it is the global one is not known"), e.message());
    }

    @Test
    void stillMovingWhenTheBudgetRanOut() {
        Diagnosis d = run("rosenbrock", new double[] {-1.5, 2}, SGD.withLr(1e-3), 200);
        assertEquals(NOT_FINISHED, d.verdict());
        assertTrue(d.message().startsWith("still moving when the budget ran out: after 200 steps"), d.message());
    }

    @Test
    void unboundedBelow() {
        Diagnosis d = run("saddle", new double[] {1, 1e-4}, SGD.withLr(0.01), 2000);
        assertEquals(UNBOUNDED, d.verdict());
    }

    @Test
    void jsonCarriesTheVerdict() {
        Diagnosis d = run("ravine", new double[] {-1.5, 0.5}, SGD.withLr(0.021), 300);
        String j = d.toJson(dev.descent.landscape.io.Json.compact()).toString();
        assertTrue(j.startsWith("{\"verdict\": \"diverged\""), j);
        assertTrue(j.contains("\"stability_bound\": {"), j);
    }

    @Test
    void stabilityBounds() {
        assertEquals(0.02, Stability.gradientDescent(100), 0);
        assertEquals(0.038, Stability.heavyBall(100, 0.9), 1e-15);
        assertEquals((2 + 1.8) / (2.8 * 100), Stability.nesterov(100, 0.9), 1e-15);
        assertEquals(99.0 / 101, Stability.optimalGdRate(100), 1e-15);
        assertEquals(9.0 / 11, Stability.optimalHeavyBallRate(100), 1e-15);
        // weight decay adds to the curvature, dampening divides the gradient's share
        assertEquals(2 / 101.0, Stability.of(SGD.withLr(0.01).weightDecay(1), 100).orElseThrow().bound(), 1e-15);
        assertEquals(0.038 / 0.5, Stability.of(Momentum.withLr(0.01).dampening(0.5), 100).orElseThrow().bound(), 1e-15);
        assertTrue(Stability.of(Adam.defaults(), new double[][] {{1}}).isEmpty());
    }
}
