package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** erf, erfc and GELU against tabulated values (Abramowitz and Stegun, table 7.1; values to 17 digits). */
class SpecialMathTest {

    @ParameterizedTest(name = "erf({0})")
    @CsvSource({
        "0.01, 0.011283415555849616",
        "0.1, 0.11246291601828489",
        "0.5, 0.5204998778130465",
        "1.0, 0.8427007929497149",
        "2.0, 0.9953222650189527",
    })
    void erfMatchesTable(double x, double expected) {
        assertEquals(expected, SpecialMath.erf(x), 2 * Math.ulp(expected));
        assertEquals(-expected, SpecialMath.erf(-x), 2 * Math.ulp(expected));
    }

    @ParameterizedTest(name = "erfc({0})")
    @CsvSource({
        "1.0, 0.15729920705028513",
        "1.5, 0.033894853524689274",
        "2.0, 0.004677734981047266",
        "3.0, 2.209049699858544e-05",
        "5.0, 1.5374597944280349e-12",
        "10.0, 2.088487583762545e-45",
    })
    void erfcIsRelativelyAccurateInTheTail(double x, double expected) {
        assertEquals(expected, SpecialMath.erfc(x), 8 * Math.ulp(expected));
        assertEquals(2 - expected, SpecialMath.erfc(-x), 2 * Math.ulp(2.0));
    }

    @Test
    void erfcIsContinuousWhereTheMethodChanges() {
        double below = SpecialMath.erfc(Math.nextDown(1.5));
        double above = SpecialMath.erfc(1.5);
        assertTrue(Math.abs(below - above) < 1e-15, below + " vs " + above);
    }

    @Test
    void specialValues() {
        assertEquals(1.0, SpecialMath.erf(Double.POSITIVE_INFINITY));
        assertEquals(0.0, SpecialMath.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, SpecialMath.erfc(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(SpecialMath.erf(Double.NaN)));
        assertEquals(0.0, SpecialMath.gelu(0.0));
        assertEquals(Double.POSITIVE_INFINITY, SpecialMath.gelu(Double.POSITIVE_INFINITY));
    }

    @Test
    void geluDerivativeMatchesCentralDifference() {
        for (double x = -6; x <= 6; x += 0.37) {
            double h = 1e-5;
            double numeric = (SpecialMath.gelu(x + h) - SpecialMath.gelu(x - h)) / (2 * h);
            assertEquals(numeric, SpecialMath.geluDerivative(x), 1e-9, "x = " + x);
        }
    }
}
