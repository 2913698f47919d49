package dev.descent.landscape.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.PointType;
import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.functions.FunctionLibrary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationTest {

    private static PointType classify(String expr, double x, double y) {
        Map<String, Double> at = new LinkedHashMap<>();
        at.put("x", x);
        at.put("y", y);
        return Derivatives.at(Expr.parse(expr), at).classify().type();
    }

    @Test
    void saddleOfXSquaredMinusYSquaredAtTheOrigin() {
        Derivatives d = Derivatives.at(FunctionLibrary.saddle(), 0, 0);
        Classification c = d.classify();
        assertEquals(PointType.SADDLE, c.type());
        assertEquals("saddle (eigenvalues of both signs)", c.toString());
        assertEquals(-2, c.eigenvalues()[0], 0);
        assertEquals(2, c.eigenvalues()[1], 0);
    }

    @ParameterizedTest(name = "{0} at ({1}, {2}): {3}")
    @CsvSource(delimiter = '|', value = {
        "x^2 + y^2          | 0   | 0   | minimum",
        "-x^2 - y^2         | 0   | 0   | maximum",
        "x^2 - y^2          | 0   | 0   | saddle",
        "x*y                | 0   | 0   | saddle",
        "x^3 - 3*x*y^2      | 0   | 0   | degenerate",
        "x^4 + y^4          | 0   | 0   | degenerate",
        "x^2 + y^4          | 0   | 0   | degenerate",
        "x^2 - y^4          | 0   | 0   | degenerate",
        "x^2 + y^2          | 1   | 0   | not-critical",
        "x^3 - 3*x*y^2      | 1   | 1   | not-critical",
        "0.5*(x^2 + 1e6*y^2)| 0   | 0   | minimum",
        "1e-9*(x^2 + y^2)   | 0   | 0   | degenerate",
        "sqrt(x^2 + y^2)    | 0   | 0   | degenerate",
    })
    void secondDerivativeTest(String expr, double x, double y, String expected) {
        assertEquals(PointType.fromLabel(expected), classify(expr, x, y));
    }

    @Test
    void monkeySaddleOriginIsDegenerate() {
        Classification c = Derivatives.at(FunctionLibrary.monkeySaddle(), 0, 0).classify();
        assertEquals(PointType.DEGENERATE, c.type());
        assertTrue(c.reason().startsWith("2 of 2 eigenvalues are zero"), c.reason());
    }

    @Test
    void ackleyKinkIsInconclusive() {
        Derivatives d = Derivatives.at(FunctionLibrary.ackley(), 0, 0);
        assertTrue(Double.isNaN(d.gradient()[0]), "the gradient of sqrt(r^2) at 0 is undefined");
        Classification c = d.classify();
        assertEquals(PointType.DEGENERATE, c.type());
        assertTrue(c.reason().contains("not finite"), c.reason());
    }

    /** The curvature-relative gradient tolerance accepts a minimum given to six decimals. */
    @Test
    void referencePointsToSixDecimalsStillClassify() {
        assertEquals(PointType.MINIMUM, Derivatives.at(FunctionLibrary.himmelblau(), -2.805118, 3.131312).classify().type());
        assertEquals(PointType.MAXIMUM, Derivatives.at(FunctionLibrary.himmelblau(), -0.270845, -0.923039).classify().type());
        assertEquals(PointType.SADDLE, Derivatives.at(FunctionLibrary.himmelblau(), 3.385154, 0.073852).classify().type());
        assertEquals(PointType.NOT_CRITICAL, Derivatives.at(FunctionLibrary.himmelblau(), -2.8, 3.13).classify().type());
    }

    @Test
    void tolerancesCanBeTightened() {
        Derivatives d = Derivatives.at(FunctionLibrary.himmelblau(), -2.805118, 3.131312);
        assertEquals(PointType.NOT_CRITICAL, d.classify(new Classification.Tolerances(1e-12, 1e-8)).type());
    }
}
