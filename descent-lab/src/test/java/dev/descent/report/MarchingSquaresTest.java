package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarchingSquaresTest {

    @Test
    void isoLineOfABowlIsOneClosedCircleOfTheRightRadius() {
        Grid bowl = Grid.sample((x, y) -> x * x + y * y, -2, 2, 81, -2, 2, 81);
        List<MarchingSquares.Line> lines = MarchingSquares.isoLines(bowl, 1.0);
        assertEquals(1, lines.size());
        MarchingSquares.Line circle = lines.getFirst();
        assertTrue(circle.closed());
        assertTrue(circle.x().length > 40);
        for (int k = 0; k < circle.x().length; k++) {
            // Linear interpolation of x² + y² on a 0.05 grid is within 0.01 of the true circle.
            assertEquals(1.0, Math.hypot(circle.x()[k], circle.y()[k]), 0.01);
        }
    }

    @Test
    void linesThatLeaveTheGridAreOpen() {
        Grid plane = Grid.sample((x, y) -> x, 0, 1, 11, 0, 1, 11);
        List<MarchingSquares.Line> lines = MarchingSquares.isoLines(plane, 0.55);
        assertEquals(1, lines.size());
        assertTrue(!lines.getFirst().closed());
        assertEquals(11, lines.getFirst().x().length);
        for (double x : lines.getFirst().x()) {
            assertEquals(0.55, x, 1e-12);
        }
    }

    @Test
    void saddleSeparatesTwoLobes() {
        // f = x·y: the level 0.1 has two branches, in the first and third quadrants.
        Grid saddle = Grid.sample((x, y) -> x * y, -1, 1, 40, -1, 1, 40);
        List<MarchingSquares.Line> lines = MarchingSquares.isoLines(saddle, 0.1);
        assertEquals(2, lines.size());
        for (MarchingSquares.Line l : lines) {
            for (int k = 0; k < l.x().length; k++) {
                assertTrue(l.x()[k] * l.y()[k] > 0, "each branch stays in its quadrant");
            }
        }
    }

    @Test
    void cellsTouchingMissingValuesAreSkipped() {
        Grid holey = Grid.sample((x, y) -> x > 0.5 ? Double.NaN : x, 0, 1, 11, 0, 1, 11);
        assertEquals(1, MarchingSquares.isoLines(holey, 0.25).size());
        assertTrue(MarchingSquares.isoLines(holey, 0.75).isEmpty());
    }
}
