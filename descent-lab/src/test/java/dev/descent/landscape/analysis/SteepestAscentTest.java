package dev.descent.landscape.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.functions.FunctionLibrary;
import dev.descent.landscape.functions.TestFunction;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SteepestAscentTest {
    private static final List<String> FUNCTIONS = List.of("bowl", "ravine", "rosenbrock", "himmelblau", "beale",
            "six-hump-camel", "two-basins");

    static IntStream seeds() {
        return IntStream.range(0, 28);
    }

    /** The notes: "the gradient points in the direction of steepest ascent", measured. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void directionalDerivativePeaksAlongTheGradient(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TestFunction f = FunctionLibrary.get(FUNCTIONS.get(seed % FUNCTIONS.size()));
        double[] p = {rnd.nextDouble(f.domain().lower(0), f.domain().upper(0)),
            rnd.nextDouble(f.domain().lower(1), f.domain().upper(1))};
        int n = 72 + 8 * (seed % 5);
        SteepestAscent s = SteepestAscent.scan(f, p, n);
        assertEquals(n, s.angles().length);
        assertTrue(s.angularError() <= Math.PI / n + 1e-12,
                "argmax " + s.argmaxAngle() + " vs gradient angle " + s.gradientAngle());
        double g = s.gradientNorm();
        assertTrue(s.maxSlope() <= g * (1 + 1e-12) && s.maxSlope() >= g * Math.cos(Math.PI / n) - 1e-12 * g);
        for (int k = 0; k < n; k++) {
            assertEquals(g * Math.cos(s.angles()[k] - s.gradientAngle()), s.slopes()[k], 1e-9 * Math.max(1, g));
        }
    }
}
