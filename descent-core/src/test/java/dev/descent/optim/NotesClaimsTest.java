package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claims of the study notes ("momentum builds inertia that carries across saddles and damps zig-zags"), as checks. */
class NotesClaimsTest {

    /** f(x) = x⁴/4 − x²/2 + 0.2x: a shallow pit at x ≈ 0.88 and a deeper one at x ≈ −1.09. */
    static double descend(Algorithm alg, int steps) {
        Tensor x = Tensor.of(new double[] {2.0}).requiresGrad_(true);
        Optimizer opt = new Optimizer(Map.of("x", x), alg);
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            x.pow(4).mul(0.25).sub(x.pow(2).mul(0.5)).add(x.mul(0.2)).sum().backward();
            opt.step();
        }
        return x.get(0);
    }

    @Test
    void momentumCrossesShallowPitIntoDeeperOne() {
        assertEquals(0.8789, descend(SGD.withLr(0.02), 2000), 1e-3);
        assertEquals(-1.0880, descend(Momentum.of(0.02, 0.9), 2000), 1e-3);
    }

    @Test
    void sgdZigZagsAcrossRavineWhileMomentumDoesNot() {
        // f = (x² + 100y²)/2, a ravine with condition number 100; same effective step lr/(1 − μ)
        int[] flips = new int[2];
        double[] xs = new double[2];
        Algorithm[] algs = {SGD.withLr(0.019), Momentum.of(0.0019, 0.9)};
        for (int a = 0; a < 2; a++) {
            Tensor p = Tensor.of(new double[] {10.0, 1.0}).requiresGrad_(true);
            Optimizer opt = new Optimizer(Map.of("p", p), algs[a]);
            Tensor scale = Tensor.of(new double[] {0.5, 50.0});
            double prev = p.get(1);
            for (int k = 0; k < 100; k++) {
                opt.zeroGrad();
                p.pow(2).mul(scale).sum().backward();
                opt.step();
                if (k < 50 && (p.get(1) > 0) != (prev > 0)) {
                    flips[a]++;
                }
                prev = p.get(1);
            }
            xs[a] = p.get(0);
        }
        assertEquals(50, flips[0], "plain SGD crosses the ravine floor at every step");
        assertTrue(flips[1] <= 10, "momentum crosses it " + flips[1] + " times in 50 steps");
        assertTrue(xs[1] < xs[0], "and momentum gets further along the ravine: " + xs[1] + " vs " + xs[0]);
    }
}
