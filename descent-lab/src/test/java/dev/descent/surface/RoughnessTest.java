package dev.descent.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.report.Grid;
import org.junit.jupiter.api.Test;

class RoughnessTest {

    @Test
    void aBowlHasOneMinimumAndAnEggCrateHasMany() {
        Grid bowl = Grid.sample((x, y) -> x * x + y * y, -1, 1, 21, -1, 1, 21);
        Grid crate = Grid.sample((x, y) -> x * x + y * y + 0.3 * Math.cos(12 * x) * Math.cos(12 * y), -1, 1, 41, -1, 1, 41);
        assertEquals(1, Roughness.localMinima(bowl.z()));
        assertTrue(Roughness.localMinima(crate.z()) > 5);
        assertTrue(Roughness.wiggle(bowl.z()) <= 1 + 1e-12, "single valley per row and column");
        assertTrue(Roughness.wiggle(crate.z()) > 1.2, "crate wiggle " + Roughness.wiggle(crate.z()));
        assertTrue(Roughness.totalVariation(crate.z()) > Roughness.totalVariation(bowl.z()));
    }

    @Test
    void totalVariationOfARampAndFractions() {
        double[][] ramp = {{0, 1, 2}, {0, 1, 2}};
        assertEquals(4, Roughness.totalVariation(ramp), 1e-12);
        assertEquals(0, Roughness.localMinima(ramp));
        assertEquals(0.4, Roughness.fractionAbove(new double[][] {{0.05, 0.2}, {Double.NaN, 0.3}, {0.0, 0.1}}, 0.1), 1e-12);
        double[][] flat = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        assertEquals(0, Roughness.localMinima(flat), "a plateau has no strict minimum");
    }
}
