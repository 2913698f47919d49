package dev.descent.landscape.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.landscape.Box;
import dev.descent.landscape.CriticalPoint;
import dev.descent.landscape.PointType;
import dev.descent.landscape.expr.Expr;
import dev.descent.landscape.functions.FunctionLibrary;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CriticalPointsTest {

    /**
     * Himmelblau's nine critical points as printed in landscape-methods.md §5, to six decimals (the last
     * digit is not always rounded: 3.131312 for 3.1313125182), so locations are compared to 1e-6.
     */
    private static final double[][] HIMMELBLAU_REFERENCE = {
        // x, y, f, decimals of f in the reference, type (0 min, 1 max, 2 saddle)
        {3, 2, 0, 6, 0},
        {-2.805118, 3.131312, 0, 6, 0},
        {-3.779310, -3.283186, 0, 6, 0},
        {3.584428, -1.848126, 0, 6, 0},
        {-0.270845, -0.923039, 181.617, 3, 1},
        {3.385154, 0.073852, 13.31, 2, 2},
        {0.086678, 2.884255, 67.72, 2, 2},
        {-3.073026, -0.081353, 104.02, 2, 2},
        {-0.127961, -1.953715, 178.34, 2, 2},
    };

    @Test
    void findsAndClassifiesAllNineCriticalPointsOfHimmelblau() {
        List<CriticalPoint> found = CriticalPoints.find2d(FunctionLibrary.himmelblau(), Box.cube(-5, 5, 2), 20);
        assertEquals(9, found.size(), () -> found.toString());
        Map<PointType, Long> counts = found.stream().collect(Collectors.groupingBy(CriticalPoint::type, Collectors.counting()));
        assertEquals(4L, counts.get(PointType.MINIMUM));
        assertEquals(1L, counts.get(PointType.MAXIMUM));
        assertEquals(4L, counts.get(PointType.SADDLE));
        PointType[] types = {PointType.MINIMUM, PointType.MAXIMUM, PointType.SADDLE};
        for (double[] ref : HIMMELBLAU_REFERENCE) {
            CriticalPoint match = found.stream()
                    .filter(p -> Math.abs(p.coordinate(0) - ref[0]) <= 1e-6 && Math.abs(p.coordinate(1) - ref[1]) <= 1e-6)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no point near (" + ref[0] + ", " + ref[1] + ") in " + found));
            assertEquals(types[(int) ref[4]], match.type(), match::toString);
            assertEquals(ref[2], match.value(), 0.5 * Math.pow(10, -ref[3]), match::toString);
            assertTrue(Derivatives.at(FunctionLibrary.himmelblau(), match.location()).gradientNorm() < 1e-10);
        }
    }

    @Test
    void monkeySaddleOriginIsFoundAndDegenerate() {
        List<CriticalPoint> found = CriticalPoints.find2d(FunctionLibrary.monkeySaddle(), Box.cube(-2, 2, 2), 10);
        assertEquals(1, found.size(), found::toString);
        CriticalPoint origin = found.getFirst();
        assertEquals(PointType.DEGENERATE, origin.type());
        assertEquals(0, origin.coordinate(0), 1e-9);
        assertEquals(0, origin.coordinate(1), 1e-9);
    }

    @Test
    void oneDimensionalSearchFindsTheFlatInflectionOfXSquaredSinX() {
        List<CriticalPoint> found = CriticalPoints.find(FunctionLibrary.x2sinx(), Box.of(-6, 6), 200);
        assertEquals(5, found.size(), found::toString);
        assertEquals(List.of(PointType.MINIMUM, PointType.MINIMUM, PointType.DEGENERATE, PointType.MAXIMUM, PointType.MAXIMUM),
                found.stream().map(CriticalPoint::type).toList());
        assertEquals(0, found.get(2).coordinate(0), 1e-9);
    }

    @Test
    void searchOverAnExpression() {
        List<CriticalPoint> found = CriticalPoints.find(Expr.parse("x^2 - y^2 + z^2"), List.of("x", "y", "z"),
                Box.cube(-1, 1, 3), 3);
        assertEquals(1, found.size());
        assertEquals(PointType.SADDLE, found.getFirst().type());
    }

    @Test
    void solvesLinearSystems() {
        double[] x = CriticalPoints.solve(new double[][] {{0, 2}, {3, 1}}, new double[] {4, 5});
        assertEquals(1, x[0], 1e-15);
        assertEquals(2, x[1], 1e-15);
        assertEquals(null, CriticalPoints.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 1}));
    }
}
